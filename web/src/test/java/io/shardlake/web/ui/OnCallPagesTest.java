package io.shardlake.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.audit.AuditQuery;
import io.shardlake.engine.audit.AuditTrail;
import io.shardlake.engine.backfill.Backfill;
import io.shardlake.engine.backfill.BackfillInput;
import io.shardlake.engine.backfill.BackfillState;
import io.shardlake.engine.coordinator.BackfillOperations;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import io.shardlake.web.api.ExecutedRuns;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.SharedServiceTest;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pages on-call follows work on: a backfill's own page, the run filter of the list and grid,
 * retrying failed shards, times in the viewer's zone, charts, the fleet's day, reconciliations,
 * links from the audit log, and only the actions a role may take.
 */
class OnCallPagesTest extends SharedServiceTest {

    @Autowired
    PipelineOperations operations;

    @Autowired
    BackfillOperations backfills;

    @Autowired
    AuditTrail audit;

    @Autowired
    DataSource metadata;

    private ExecutedRuns executed() {
        return new ExecutedRuns(queue, runs);
    }

    private static String text(String html, String dataTest) {
        Matcher m = Pattern.compile("data-test=\"" + dataTest + "\"[^>]*>([^<]*)<").matcher(html);
        return m.find() ? m.group(1).strip().replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&") : null;
    }

    private static String row(String html, String pipeline) {
        int at = html.indexOf("data-test=\"pipeline-row\" data-pipeline=\"" + pipeline + "\"");
        assertThat(at).as("row of " + pipeline).isNotNegative();
        return html.substring(at, html.indexOf("</tr>", at));
    }

    @Test
    void aBackfillChunkNeverBecomesTheLastRunAndTheGridShowsChunksOnlyWhenAskedFor() {
        RunRecord scheduled = executed().succeed(operations.trigger("customers", "test").id(), Map.of("shard01", now, "shard02", now),
                new ShardCounts(10, 0, 10, 0, 1, 100), now);
        clock.advance(Duration.ofSeconds(1));
        Instant later = clock.instant();
        RunRecord chunk = queue.enqueue(RunRecord.queued(UUID.randomUUID().toString(), "customers", "backfill:t:" + UUID.randomUUID(),
                TriggerKind.BACKFILL, "v1", new DataInterval(later.minus(Duration.ofDays(1)), later), later, null, List.of())).run();
        try {
            Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);
            String line = row(viewer.get("/pipelines?q=customers").body(), "customers");
            assertThat(line).contains("href=\"/runs/" + scheduled.id() + "\"").doesNotContain(chunk.id());
            assertThat(text(line, "pipeline-status")).as("a queued chunk does not make the pipeline running").isEqualTo("active");

            String page = viewer.get("/pipelines/customers").body();
            assertThat(text(page, "grid-description")).isEqualTo("scheduled and manual");
            assertThat(page).contains("data-run=\"" + scheduled.id() + "\"").doesNotContain("data-run=\"" + chunk.id() + "\"");
            String chunks = viewer.get("/pipelines/customers?runs=backfill").body();
            assertThat(text(chunks, "grid-description")).isEqualTo("backfill chunks");
            assertThat(chunks).contains("data-run=\"" + chunk.id() + "\"").doesNotContain("data-run=\"" + scheduled.id() + "\"");
            assertThat(viewer.get("/pipelines/customers?runs=all").body()).contains(chunk.id(), scheduled.id());
            HttpResponse<String> bad = viewer.get("/pipelines/customers?runs=chunks");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body().replace("&#39;", "'"))
                    .contains("runs: unknown run filter 'chunks'; use one of routine, backfill, event, reconcile, compaction, rebuild, all");
        } finally {
            operations.cancel(chunk.id(), "test");
        }
    }

    @Test
    void onlyTheRolesThatMayActSeeTheirLinksAndButtons() {
        String viewer = Browser.loggedIn(port, TestUsers.VIEWER).get("/pipelines").body();
        String operator = Browser.loggedIn(port, TestUsers.OPERATOR).get("/pipelines").body();
        String analyst = Browser.loggedIn(port, TestUsers.ANALYST).get("/pipelines").body();

        assertThat(viewer).doesNotContain("data-test=\"nav-register\"").contains("data-test=\"nav-fleet\"");
        assertThat(operator).doesNotContain("data-test=\"nav-register\"");
        assertThat(analyst).contains("data-test=\"nav-register\"");
    }

    @Test
    void timesAreShownInTheZoneTheUserChoseInEveryBrowserAndUtcUntilThen() {
        Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);
        assertThat(text(row(viewer.get("/pipelines?q=customers").body(), "customers"), "next-run")).isEqualTo("2026-03-11 01:00:00 UTC");
        try {
            HttpResponse<String> chosen = viewer.post("/preferences/zone", Map.of("zone", "Asia/Tokyo", "back", "/pipelines?q=customers"));

            assertThat(chosen.statusCode()).isEqualTo(302);
            assertThat(chosen.headers().firstValue("Location").orElse("")).endsWith("/pipelines?q=customers");
            assertThat(chosen.headers().allValues("Set-Cookie")).as("kept for the user, not in the browser")
                    .noneMatch(c -> c.startsWith("shardlake_zone="));
            String tokyo = viewer.get("/pipelines?q=customers").body();
            assertThat(text(row(tokyo, "customers"), "next-run")).isEqualTo("2026-03-11 10:00:00 JST");
            assertThat(tokyo).contains("value=\"Asia/Tokyo\"");
            assertThat(text(row(Browser.loggedIn(port, TestUsers.VIEWER).get("/pipelines?q=customers").body(), "customers"), "next-run"))
                    .as("the same user in another browser").endsWith("JST");
            assertThat(text(row(Browser.loggedIn(port, TestUsers.OPERATOR).get("/pipelines?q=customers").body(), "customers"),
                    "next-run")).as("another user").endsWith("UTC");

            HttpResponse<String> wrong = viewer.post("/preferences/zone", Map.of("zone", "Mars/Olympus", "back", "//evil.example/x"));
            assertThat(wrong.headers().firstValue("Location").orElse("")).as("never another site").endsWith("/pipelines");
            assertThat(text(viewer.get("/pipelines").body(), "problem")).startsWith("zone: 'Mars/Olympus' is not a time zone");
            assertThat(text(row(viewer.get("/pipelines?q=customers").body(), "customers"), "next-run")).as("the earlier choice stays")
                    .endsWith("JST");
        } finally {
            viewer.post("/preferences/zone", Map.of("zone", "UTC", "back", "/pipelines")); // the other tests read times in UTC
        }
    }

    @Test
    void thePipelinePageChartsDurationRowsAndFreshnessWithAxesAndUnits() {
        executed().succeed(operations.trigger("customers", "test").id(), Map.of("shard01", now, "shard02", now),
                new ShardCounts(10, 0, 25_000, 0, 1, 100), now.plusSeconds(95));

        String page = Browser.loggedIn(port, TestUsers.VIEWER).get("/pipelines/customers").body();

        for (String chart : List.of("chart-duration", "chart-rows", "chart-freshness")) {
            int at = page.indexOf("data-test=\"" + chart + "\"");
            assertThat(at).as(chart).isNotNegative();
            String svg = page.substring(page.indexOf("<svg", at), page.indexOf("</svg>", at));
            assertThat(svg).as(chart).contains("class=\"y-label\"", "class=\"x-label\"", "class=\"axis-title\"", "<circle");
        }
        assertThat(page).contains(">duration (", ">rows written</text>", ">data age (").doesNotContain("style=", "<script");
    }

    @Test
    void aFailedShardIsRetriedFromTheRunPageByAnOperatorOnly() {
        RunRecord failed = executed().fail(operations.trigger("customers", "test").id(), "shard02", "Connection refused", now);
        runs.recordErrorExcerpt(new io.shardlake.engine.run.ShardTaskRef(failed.id(), "shard02", 1, failed.attempt()),
                "WARN shard02 failed: Connection refused\njava.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.pollConnect");
        Browser operator = Browser.loggedIn(port, TestUsers.OPERATOR);
        String page = operator.get("/runs/" + failed.id()).body();
        assertThat(text(page, "retry")).isEqualTo("Retry failed shards: shard02");
        assertThat(text(page, "task-excerpt")).as("the log excerpt kept with the failed attempt")
                .isEqualTo("WARN shard02 failed: Connection refused\njava.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.pollConnect");
        assertThat(Browser.loggedIn(port, TestUsers.VIEWER).get("/runs/" + failed.id()).body()).doesNotContain("data-test=\"retry\"");

        HttpResponse<String> retried = operator.post("/runs/" + failed.id() + "/retry", Map.of());

        assertThat(retried.statusCode()).isEqualTo(302);
        String retryId = retried.headers().firstValue("Location").orElseThrow().replaceFirst(".*/runs/", "");
        try {
            RunRecord retry = operations.run(retryId);
            assertThat(retry.trigger()).isEqualTo(TriggerKind.MANUAL);
            assertThat(retry.shardSubset()).containsExactly("shard02");
            String retryPage = operator.get("/runs/" + retryId).body();
            assertThat(text(retryPage, "notice")).contains("retries shard02 of run " + failed.id());
            assertThat(text(retryPage, "run-shards")).isEqualTo("shard02");
            assertThat(retryPage).as("a queued run's page reloads itself").contains("http-equiv=\"refresh\"");
            assertThat(audit.read(new AuditQuery(TestUsers.OPERATOR, "run.retry_shards", "customers", null, 1)).entries().get(0).detail())
                    .isEqualTo("run " + retryId + " retries shard02 of run " + failed.id());

            String auditPage = Browser.loggedIn(port, TestUsers.VIEWER).get("/audit?pipeline=customers").body();
            assertThat(auditPage).contains("href=\"/runs/" + retryId + "\"", "href=\"/runs/" + failed.id() + "\"", "href=\"/pipelines/customers\"");
        } finally {
            operations.cancel(retryId, "test");
        }
        assertThat(operator.get("/runs/" + failed.id()).body()).as("an ended run's page stays").doesNotContain("http-equiv=\"refresh\"");
    }

    @Test
    void aBackfillIsFollowedOnItsPageChunkByChunkWithProgressAndEta() {
        ordersHasLoadedBothShards();
        Backfill b = backfills.start("orders", new BackfillInput("2026-01-20", "2026-01-23", null, null, null, null, null), "test").backfill();
        try {
            List<RunRecord> chunks = backfills.progress(b.id()).chunkRuns();
            RunRecord first = queue.claim(chunks.get(0).id(), new RunQueue.ClaimLimits(8, 8), "node", now, now.plusSeconds(600)).orElseThrow();
            queue.finish(first, RunState.SUCCEEDED, new ShardCounts(500, 0, 480, 0, 2, 4096), null, now.plusSeconds(60));
            RunRecord second = queue.claim(chunks.get(1).id(), new RunQueue.ClaimLimits(8, 8), "node", now.plusSeconds(60),
                    now.plusSeconds(660)).orElseThrow();
            clock.advance(Duration.ofSeconds(80)); // the second chunk has run for 20 s of the 60 the first took

            Browser operator = Browser.loggedIn(port, TestUsers.OPERATOR);
            String page = operator.get("/backfills/" + b.id()).body();

            assertThat(text(page, "backfill-state")).isEqualTo("ACTIVE");
            assertThat(text(page, "progress-summary")).isEqualTo("1 of 3 chunk(s) ended (33%)");
            assertThat(text(page, "eta")).isEqualTo("about 1m 40s for 2 chunk(s) left");
            assertThat(text(page, "progress-rows")).isEqualTo("480");
            assertThat(page).contains("href=\"/runs/" + first.id() + "\"", "href=\"/runs/" + second.id() + "\"", "http-equiv=\"refresh\"",
                    "data-test=\"backfill-pause\"", "data-test=\"backfill-cancel\"").doesNotContain("style=", "<script");
            assertThat(text(page, "chunk-duration")).isEqualTo("1m 0s");
            assertThat(Browser.loggedIn(port, TestUsers.VIEWER).get("/backfills/" + b.id()).body())
                    .doesNotContain("data-test=\"backfill-pause\"", "data-test=\"backfill-cancel\"");
            assertThat(operator.get("/pipelines/orders").body()).contains("href=\"/backfills/" + b.id() + "\"");

            HttpResponse<String> paused = operator.post("/backfills/" + b.id() + "/pause", Map.of("back", "backfill"));
            assertThat(paused.headers().firstValue("Location").orElse("")).endsWith("/backfills/" + b.id());
            String afterPause = operator.get("/backfills/" + b.id()).body();
            assertThat(text(afterPause, "notice")).isEqualTo("Backfill " + b.id() + " is paused.");
            assertThat(text(afterPause, "eta")).startsWith("paused");

            operator.post("/backfills/" + b.id() + "/cancel", Map.of("back", "backfill"));
            assertThat(operator.get("/backfills/" + b.id()).body()).as("the running chunk is still stopping").contains("http-equiv=\"refresh\"");
            queue.finish(runs.run(second.id()).orElseThrow(), RunState.CANCELLED, ShardCounts.NONE, "cancelled", clock.instant());
            String ended = operator.get("/backfills/" + b.id()).body();
            assertThat(text(ended, "backfill-state")).isEqualTo("CANCELLED");
            assertThat(ended).doesNotContain("http-equiv=\"refresh\"", "data-test=\"backfill-cancel\"");
            assertThat(operator.get("/backfills/no-such-backfill").statusCode()).isEqualTo(404);
        } finally {
            if (!backfills.progress(b.id()).backfill().state().isFinal()) {
                backfills.cancel(b.id(), "test");
            }
        }
    }

    @Test
    void theFleetPageStacksTheDaysRunsPerStateAndHour() {
        executed().fail(operations.trigger("orders", "test").id(), "shard01", "boom", now);

        String page = Browser.loggedIn(port, TestUsers.VIEWER).get("/fleet").body();

        Matcher failed = Pattern.compile("data-state=\"FAILED\">\\s*<td>.*?</td>\\s*<td class=\"num\" data-test=\"fleet-total-runs\">(\\d+)<",
                Pattern.DOTALL).matcher(page);
        assertThat(failed.find()).isTrue();
        assertThat(Long.parseLong(failed.group(1))).isPositive();
        assertThat(page).contains("data-test=\"chart-fleet\"", "class=\"bar FAILED\"", ">hour queued (UTC)</text>").doesNotContain("style=");
    }

    @Test
    void theReconciliationsPageSaysWhenAPipelineDoesNotReconcile() {
        Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);
        String page = viewer.get("/pipelines/orders/reconciliations").body();

        assertThat(page).contains("data-test=\"no-reconcile\"", "data-test=\"no-reconciliations\"").doesNotContain("reconcile-now");
        assertThat(viewer.get("/pipelines/nope/reconciliations").statusCode()).isEqualTo(404);
    }

    /** A backfill replaces only partitions the pipeline has loaded: both shards of orders have, up to the test clock. */
    private void ordersHasLoadedBothShards() {
        JdbcTemplate jdbc = new JdbcTemplate(metadata);
        for (String shard : List.of("shard01", "shard02")) {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM shard_watermark WHERE pipeline = 'orders' AND shard = ?", Integer.class, shard) == 0) {
                jdbc.update("INSERT INTO shard_watermark (pipeline, shard, cursor_value, cursor_at, last_run_id, updated_at)"
                        + " VALUES ('orders', ?, '2026-03-10 10:07:00.000000', ?, 'r0', 0)", shard,
                        Instant.parse("2026-03-10T10:07:30Z").toEpochMilli());
            }
        }
        for (Backfill other : backfills.list("orders", 500)) {
            if (other.state() == BackfillState.ACTIVE || other.state() == BackfillState.PAUSED) {
                backfills.cancel(other.id(), "test");
            }
        }
    }
}
