package io.shardlake.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.audit.AuditQuery;
import io.shardlake.engine.audit.AuditRecord;
import io.shardlake.engine.audit.AuditTrail;
import io.shardlake.engine.backfill.Backfill;
import io.shardlake.engine.backfill.BackfillState;
import io.shardlake.engine.coordinator.BackfillOperations;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pipeline page's backfill form: the plan (chunks and the replicas' row estimate) first, then
 * Start; errors shown at their field and nothing created. "orders" has loaded both shards up to
 * the test clock (2026-03-10), so February may be backfilled.
 */
@SpringBootTest(classes = io.shardlake.web.api.ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BackfillFormTest {

    @LocalServerPort
    int port;

    @Autowired
    DataSource metadata;

    @Autowired
    BackfillOperations backfills;

    @Autowired
    AuditTrail audit;

    Browser operator;

    @BeforeEach
    void ordersHasLoadedBothShardsAndNoBackfillIsUnderway() {
        JdbcTemplate jdbc = new JdbcTemplate(metadata);
        for (String shard : List.of("shard01", "shard02")) {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM shard_watermark WHERE pipeline = 'orders' AND shard = ?", Integer.class, shard) == 0) {
                jdbc.update("INSERT INTO shard_watermark (pipeline, shard, cursor_value, cursor_at, last_run_id, updated_at)"
                        + " VALUES ('orders', ?, '2026-03-10 10:07:00.000000', ?, 'r0', 0)", shard,
                        java.time.Instant.parse("2026-03-10T10:07:30Z").toEpochMilli());
            }
        }
        for (Backfill b : backfills.list("orders", 500)) {
            if (b.state() == BackfillState.ACTIVE || b.state() == BackfillState.PAUSED) {
                backfills.cancel(b.id(), "test");
            }
        }
        operator = Browser.loggedIn(port, TestUsers.OPERATOR);
        operator.get("/pipelines/orders");
    }

    private static String text(String html, String dataTest) {
        Matcher m = Pattern.compile("data-test=\"" + dataTest + "\"[^>]*>([^<]*)<").matcher(html);
        return m.find() ? m.group(1).strip().replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&") : null;
    }

    @Test
    void thePlanShowsChunksAndTheRowEstimateThenStartQueuesExactlyThat() {
        int before = backfills.list("orders", 500).size();

        HttpResponse<String> plan = operator.post("/pipelines/orders/backfills/plan", Map.of("from", "2026-02-01", "to", "2026-02-03"));

        assertThat(plan.statusCode()).isEqualTo(200);
        assertThat(plan.body()).contains("data-test=\"backfill-plan\"", "data-test=\"backfill-start\"", "dt=2026-02-02")
                .doesNotContain("<script>", "style=");
        assertThat(text(plan.body(), "plan-chunks")).isEqualTo("2");
        assertThat(text(plan.body(), "plan-rows")).as("2 chunks x 2 shards x 1000").isEqualTo("4000");
        assertThat(plan.body()).contains("value=\"2026-02-01\"", "value=\"2026-02-03\"");
        assertThat(backfills.list("orders", 500)).as("planning creates nothing").hasSize(before);

        HttpResponse<String> started = operator.post("/pipelines/orders/backfills/start", Map.of("from", "2026-02-01", "to", "2026-02-03"));

        assertThat(started.statusCode()).isEqualTo(302);
        String backfillPage = started.headers().firstValue("Location").orElse("");
        assertThat(backfillPage).as("to the backfill's own page").contains("/backfills/");
        Backfill created = backfills.progress(backfillPage.replaceFirst(".*/backfills/", "")).backfill();
        assertThat(created.chunks()).isEqualTo(2);
        assertThat(created.state()).isEqualTo(BackfillState.ACTIVE);
        assertThat(text(operator.get("/backfills/" + created.id()).body(), "notice")).isEqualTo("Backfill " + created.id()
                + " started: 2 chunk(s) queued.");
        AuditRecord entry = audit.read(new AuditQuery(TestUsers.OPERATOR, "backfill.start", "orders", null, 1)).entries().get(0);
        assertThat(entry.detail()).startsWith("backfill " + created.id());
    }

    @Test
    void invalidDatesAreShownAtTheirFieldsAndNothingIsCreated() {
        int before = backfills.list("orders", 500).size();

        HttpResponse<String> refused = operator.post("/pipelines/orders/backfills/plan", Map.of("from", "2026-13-01", "to", ""));

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(text(refused.body(), "error-from")).startsWith("'2026-13-01'");
        assertThat(text(refused.body(), "error-to")).contains("required");
        assertThat(refused.body()).doesNotContain("data-test=\"backfill-plan\"").contains("value=\"2026-13-01\"");

        HttpResponse<String> start = operator.post("/pipelines/orders/backfills/start", Map.of("from", "2026-02-03", "to", "2026-02-01"));
        assertThat(start.statusCode()).isEqualTo(200);
        assertThat(start.body()).contains("data-test=\"error-");
        assertThat(backfills.list("orders", 500)).hasSize(before);
    }

    @Test
    void shardsConcurrencyAndTheAllowedWindowAreCheckedAsTheApiChecksThemWithEachErrorAtItsField() {
        int before = backfills.list("orders", 500).size();

        String refused = operator.post("/pipelines/orders/backfills/plan", Map.of("from", "2026-02-01", "to", "2026-02-03",
                "shards", "shard09", "maxConcurrency", "9", "allowedWindow", "25:00-06:00", "allowedWindowZone", "Mars/Base")).body();

        assertThat(text(refused, "error-shards")).contains("'shard09' is not a shard of this pipeline's source");
        assertThat(text(refused, "error-maxConcurrency")).contains("9 is out of range");
        assertThat(text(refused, "error-allowedWindow")).isNotBlank();
        assertThat(text(refused, "error-allowedWindowZone")).contains("'Mars/Base' is not a time zone");
        assertThat(refused).contains("value=\"9\"", "value=\"Mars/Base\"").doesNotContain("data-test=\"backfill-plan\"");
        assertThat(backfills.list("orders", 500)).hasSize(before);
    }

    @Test
    void aPlanWithOneShardTwoAtOnceAndANightWindowStartsExactlyThat() {
        Map<String, String> fields = Map.of("from", "2026-01-05", "to", "2026-01-06", "shards", "shard02", "maxConcurrency", "3",
                "allowedWindow", "22:00-06:00", "allowedWindowZone", "Europe/Berlin");

        String plan = operator.post("/pipelines/orders/backfills/plan", fields).body();

        assertThat(text(plan, "plan-chunks")).isEqualTo("1");
        assertThat(plan).contains("starting only between 22:00-06:00 Europe/Berlin", "name=\"shards\" value=\"shard02\"",
                "name=\"maxConcurrency\" value=\"3\"");
        HttpResponse<String> started = operator.post("/pipelines/orders/backfills/start", fields);
        assertThat(started.statusCode()).isEqualTo(302);
        Backfill created = backfills.progress(started.headers().firstValue("Location").orElseThrow().replaceFirst(".*/backfills/", ""))
                .backfill();
        assertThat(created.shards()).containsExactly("shard02");
        assertThat(created.maxConcurrency()).isEqualTo(3);
        assertThat(created.allowedWindow()).hasToString("22:00-06:00 Europe/Berlin");
    }

    @Test
    void anOverlappingStartIsRefusedWithTheEnginesMessage() {
        operator.post("/pipelines/orders/backfills/start", Map.of("from", "2026-02-10", "to", "2026-02-12"));
        operator.get("/pipelines/orders");

        HttpResponse<String> again = operator.post("/pipelines/orders/backfills/start", Map.of("from", "2026-02-11", "to", "2026-02-13"));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(text(again.body(), "problem")).contains("already covers part of");
    }

    @Test
    void theBackfillsAreListedWithTheirStateAndAnOperatorPausesResumesAndCancelsThem() {
        HttpResponse<String> start = operator.post("/pipelines/orders/backfills/start", Map.of("from", "2026-02-20", "to", "2026-02-22"));
        String location = start.headers().firstValue("Location").orElse("");
        assertThat(location).as(start.body()).contains("/backfills/");
        Backfill b = backfills.progress(location.replaceFirst(".*/backfills/", "")).backfill();
        String page = operator.get("/pipelines/orders").body();

        assertThat(page).contains("data-backfill=\"" + b.id() + "\"", "data-test=\"backfill-pause\"", "data-test=\"backfill-cancel\"");

        assertThat(operator.post("/backfills/" + b.id() + "/pause", Map.of()).statusCode()).isEqualTo(302);
        String afterPause = operator.get("/pipelines/orders").body();
        assertThat(text(afterPause, "notice")).as(String.valueOf(text(afterPause, "problem"))).isEqualTo("Backfill " + b.id() + " is paused.");
        assertThat(backfills.progress(b.id()).backfill().state()).isEqualTo(BackfillState.PAUSED);
        assertThat(operator.get("/pipelines/orders").body()).contains("data-test=\"backfill-resume\"");

        operator.post("/backfills/" + b.id() + "/resume", Map.of());
        assertThat(backfills.progress(b.id()).backfill().state()).isEqualTo(BackfillState.ACTIVE);
        operator.get("/pipelines/orders");
        operator.post("/backfills/" + b.id() + "/cancel", Map.of());
        assertThat(backfills.progress(b.id()).backfill().state()).isEqualTo(BackfillState.CANCELLED);
        assertThat(audit.read(new AuditQuery(TestUsers.OPERATOR, "backfill.cancel", "orders", null, 1)).entries().get(0).detail())
                .startsWith("backfill " + b.id());

        Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);
        assertThat(viewer.get("/pipelines/orders").body()).contains("data-backfill=\"" + b.id() + "\"")
                .doesNotContain("data-test=\"backfill-cancel\"", "data-test=\"backfill-pause\"");
        assertThat(viewer.post("/backfills/" + b.id() + "/cancel", Map.of()).statusCode()).isEqualTo(403);
        assertThat(operator.post("/backfills/no-such-backfill/cancel", Map.of()).statusCode()).isEqualTo(404);
    }
}
