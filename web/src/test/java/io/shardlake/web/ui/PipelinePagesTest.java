package io.shardlake.web.ui;

import io.shardlake.web.testing.SharedServiceTest;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.engine.audit.AuditQuery;
import io.shardlake.engine.audit.AuditRecord;
import io.shardlake.engine.audit.AuditTrail;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.lake.QuarantineWriter;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.web.api.ExecutedRuns;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The pipeline list, pipeline and run pages over real HTTP, logged in per role: what each shows,
 * the on-call actions as form posts (audited like the API), and what is refused. The service is
 * shared with the API tests: each test starts a second later with nothing paused. The test
 * service shows one pipeline a page (see ApiTestApplication).
 */
class PipelinePagesTest extends SharedServiceTest {

    @Autowired
    PipelineOperations operations;

    @Autowired
    AuditTrail audit;

    @Autowired
    LocalObjectStore lake;

    private ExecutedRuns executed() {
        return new ExecutedRuns(queue, runs);
    }

    private RunRecord succeededCustomersRun(ShardCounts counts, Map<String, List<PublishedFile>> files) {
        String id = operations.trigger("customers", "test").id();
        Map<String, Instant> watermarks = new LinkedHashMap<>();
        watermarks.put("shard01", now.minus(Duration.ofMinutes(20)));
        watermarks.put("shard02", now.minus(Duration.ofMinutes(5)));
        return executed().succeed(id, watermarks, counts, files, now);
    }

    /** The element with {@code data-test="name"} and its text, e.g. {@code <span data-test="x">text</span>}. */
    private static String text(String html, String dataTest) {
        Matcher m = Pattern.compile("data-test=\"" + dataTest + "\"[^>]*>([^<]*)<").matcher(html);
        return m.find() ? unescape(m.group(1).strip()) : null;
    }

    private static String unescape(String html) {
        return html.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** The grid cell of the run and shard: its opening tag through its end. */
    private static String cell(String html, String runId, String shard) {
        Matcher m = Pattern.compile("<td[^>]*data-test=\"grid-cell\"[^>]*>").matcher(html);
        while (m.find()) {
            if (m.group().contains("data-run=\"" + runId + "\"") && m.group().contains("data-shard=\"" + shard + "\"")) {
                return html.substring(m.start(), html.indexOf("</td>", m.end()));
            }
        }
        throw new AssertionError("no grid cell for run " + runId + " and shard " + shard);
    }

    /** The opening tag of the {@code data-test="pipeline-row"} row of the pipeline, through the end of that row. */
    private static String row(String html, String pipeline) {
        int at = html.indexOf("data-test=\"pipeline-row\" data-pipeline=\"" + pipeline + "\"");
        assertThat(at).as("row of " + pipeline).isNotNegative();
        return html.substring(at, html.indexOf("</tr>", at));
    }

    @Test
    void theRootRedirectsToTheList() {
        HttpResponse<String> root = Browser.loggedIn(port, TestUsers.VIEWER).get("/");

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location").orElse("")).endsWith("/pipelines");
    }

    @Test
    void theListShowsStatusLastRunRowsFreshnessAndASparklineOfRecentDurations() {
        RunRecord run = succeededCustomersRun(new ShardCounts(100, 3, 97, 0, 1, 4096), Map.of());

        HttpResponse<String> list = Browser.loggedIn(port, TestUsers.VIEWER).get("/pipelines?q=customers");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("<script>", "style=");
        String customers = row(list.body(), "customers");
        assertThat(text(customers, "pipeline-status")).isEqualTo("active");
        assertThat(text(customers, "last-run-state")).isEqualTo("SUCCEEDED");
        assertThat(customers).contains("href=\"/runs/" + run.id() + "\"");
        assertThat(text(customers, "last-run-rows")).isEqualTo("194");
        assertThat(text(customers, "freshness")).as("the older shard's watermark").isEqualTo("20m 0s");
        assertThat(customers).contains("data-freshness=\"ok\"", "title=\"stale when older than 2d 0h\"");
        assertThat(customers).contains("data-test=\"sparkline\"").contains("data-runs=\"3\"").containsPattern("<polyline [^>]*points=\"[0-9., ]+\"");
        assertThat(text(customers, "next-run")).as("02:00 in Berlin").isEqualTo("2026-03-11 01:00:00 UTC");
    }

    @Test
    void dataOlderThanTwoScheduleIntervalsIsStale() {
        String id = operations.trigger("orders", "test").id();
        executed().succeed(id, Map.of("shard01", now.minus(Duration.ofMinutes(31)), "shard02", now), ShardCounts.NONE, now);

        String orders = row(Browser.loggedIn(port, TestUsers.VIEWER).get("/pipelines?q=orders").body(), "orders");

        assertThat(orders).contains("data-freshness=\"stale\"", "stale when older than 30m 0s");
    }

    @Test
    void theListIsSearchedByNameFilteredByStatusAndPaged() {
        Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);
        HttpResponse<String> first = viewer.get("/pipelines");
        assertThat(first.body()).contains("data-test=\"pipeline-row\" data-pipeline=\"customers\"").doesNotContain("data-pipeline=\"orders\"");
        Matcher next = Pattern.compile("href=\"([^\"]+)\" data-test=\"next-page\"").matcher(first.body());
        assertThat(next.find()).as("a next page").isTrue();
        assertThat(viewer.get(next.group(1).replace("&amp;", "&")).body()).contains("data-pipeline=\"orders\"", "page 2 of");

        assertThat(viewer.get("/pipelines?q=ORDE").body()).contains("data-pipeline=\"orders\"").doesNotContain("data-pipeline=\"customers\"")
                .doesNotContain("data-test=\"next-page\"");

        operations.pause("orders", "test");
        String paused = viewer.get("/pipelines?status=paused").body();
        assertThat(paused).contains("data-pipeline=\"orders\"").doesNotContain("data-pipeline=\"customers\"");
        assertThat(text(row(paused, "orders"), "pipeline-status")).isEqualTo("paused");
        assertThat(text(row(paused, "orders"), "next-run")).isEqualTo("paused");

        String id = operations.trigger("customers", "test").id();
        executed().fail(id, "shard01", "replica shard01 refused the connection", now);
        assertThat(viewer.get("/pipelines?q=customers&status=failing").body()).contains("data-pipeline=\"customers\"");
        assertThat(viewer.get("/pipelines?q=customers&status=active").body()).contains("data-test=\"no-pipelines\"")
                .doesNotContain("data-pipeline=\"customers\"");

        HttpResponse<String> bad = viewer.get("/pipelines?status=broken&page=x");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(text(bad.body(), "problem")).startsWith("status: unknown status 'broken'; use one of active, running, failing, paused");
        assertThat(text(viewer.get("/pipelines?page=0").body(), "problem")).isEqualTo("page: must be 1 or more, was 0");
    }

    @Test
    void theDetailShowsTheRunGridByShardWithRowsDurationsErrorsAndQuarantinedRows() throws Exception {
        Path local = Files.createTempFile("quarantine", ".jsonl");
        String succeededId = operations.trigger("customers", "test").id();
        try (QuarantineWriter w = new QuarantineWriter(local, List.of("id", "payload"), "shard01", succeededId)) {
            w.write(new Object[] {42L}, LocalDateTime.parse("2026-03-10T09:59:00"), "payload: not JSON at offset 3", new Object[] {42L, "{x"});
            w.finish();
        }
        String key = LakeLayout.quarantineKey("customers", now, succeededId, "shard01", 1);
        lake.publish(local, key);
        Map<String, Instant> watermarks = Map.of("shard01", now.minusSeconds(60), "shard02", now.minusSeconds(60));
        executed().succeed(succeededId, watermarks, new ShardCounts(100, 3, 96, 1, 1, 4096),
                Map.of("shard01", List.of(new PublishedFile(key, PublishedFile.Kind.QUARANTINE, 1, Files.size(local)))), now);
        clock.advance(Duration.ofSeconds(1));
        String failedId = operations.trigger("customers", "test").id();
        executed().fail(failedId, "shard02", "replica shard02 refused the connection", clock.instant());

        HttpResponse<String> page = Browser.loggedIn(port, TestUsers.VIEWER).get("/pipelines/customers");

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).doesNotContain("<script>", "style=").contains("data-test=\"run-grid\"");
        String ok = cell(body, succeededId, "shard01");
        assertThat(ok).contains("data-state=\"SUCCEEDED\"", "class=\"cell SUCCEEDED\"");
        assertThat(text(ok, "cell-rows")).isEqualTo("96");
        String failed = cell(body, failedId, "shard02");
        assertThat(failed).contains("data-state=\"FAILED\"");
        assertThat(text(failed, "cell-error")).isEqualTo("replica shard02 refused the connection");
        assertThat(cell(body, failedId, "shard01")).as("no task of shard01 in the failed run").contains("data-state=\"NONE\"")
                .doesNotContain("cell-rows");
        assertThat(body).contains("data-test=\"quarantine-row\"");
        assertThat(text(body, "quarantine-reason")).isEqualTo("payload: not JSON at offset 3");
        assertThat(body).contains("id=42, payload={x");
        assertThat(text(body, "definition")).startsWith("# Daily in Berlin time, downstream of orders");
        assertThat(body).contains("href=\"/runs/" + failedId + "\"");
    }

    @Test
    void theRunPageShowsEveryShardTaskWithCountsFilesAndErrors() {
        RunRecord ok = succeededCustomersRun(new ShardCounts(100, 3, 97, 0, 1, 4096),
                Map.of("shard02", List.of(new PublishedFile("customers/dt=2026-03-10/part-1.parquet", PublishedFile.Kind.DATA, 97, 4096))));
        clock.advance(Duration.ofSeconds(1));
        RunRecord failed = executed().fail(operations.trigger("customers", "test").id(), "shard01", "Access denied for user 'etl'", clock.instant());
        Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);

        String body = viewer.get("/runs/" + ok.id()).body();
        assertThat(text(body, "run-state")).isEqualTo("SUCCEEDED");
        assertThat(text(body, "run-rows")).isEqualTo("194");
        assertThat(body.split("data-test=\"shard-task\"").length - 1).isEqualTo(2);
        assertThat(text(body, "task-rows-written")).isEqualTo("97");
        assertThat(text(body, "task-access-path")).isEqualTo("primary-key scan");
        assertThat(body).contains("chosen from the replica&#39;s estimates: window ~1,000 of ~1,200 rows");
        assertThat(text(body, "task-read-cost")).isEqualTo("150 examined (1.5 per row sent), 0.42s on the replica");
        assertThat(body).contains("customers/dt=2026-03-10/part-1.parquet").doesNotContain("data-test=\"task-error\"");

        String failedPage = viewer.get("/runs/" + failed.id()).body();
        assertThat(text(failedPage, "run-state")).isEqualTo("FAILED");
        assertThat(text(failedPage, "task-error")).isEqualTo("Access denied for user 'etl'");
    }

    @Test
    void anOperatorPausesResumesAndTriggersFromThePageAndEachIsAuditedUnderTheirName() {
        Browser operator = Browser.loggedIn(port, TestUsers.OPERATOR);
        String page = operator.get("/pipelines/orders").body();
        assertThat(page).contains("data-test=\"trigger\"", "data-test=\"pause\"", "data-test=\"backfill-form\"").doesNotContain("data-test=\"resume\"");

        HttpResponse<String> paused = operator.post("/pipelines/orders/actions/pause", Map.of());
        assertThat(paused.statusCode()).isEqualTo(302);
        assertThat(paused.headers().firstValue("Location").orElse("")).endsWith("/pipelines/orders");
        String after = operator.get("/pipelines/orders").body();
        assertThat(text(after, "notice")).startsWith("Paused");
        assertThat(after).contains("data-test=\"resume\"").doesNotContain("data-test=\"pause\"");
        assertThat(queue.isPaused("orders")).isTrue();

        operator.post("/pipelines/orders/actions/trigger", Map.of());
        assertThat(text(operator.get("/pipelines/orders").body(), "problem")).isEqualTo("pipeline 'orders' is paused; resume it first");

        operator.post("/pipelines/orders/actions/resume", Map.of());
        assertThat(text(operator.get("/pipelines/orders").body(), "notice")).startsWith("Resumed;");
        assertThat(queue.isPaused("orders")).isFalse();

        operator.post("/pipelines/orders/actions/trigger", Map.of());
        String triggered = text(operator.get("/pipelines/orders").body(), "notice");
        List<AuditRecord> entries = audit.read(new AuditQuery(TestUsers.OPERATOR, null, "orders", null, 10)).entries();
        assertThat(entries).extracting(AuditRecord::action).startsWith("pipeline.trigger", "pipeline.resume", "pipeline.pause");
        String runId = entries.get(0).detail().substring("run ".length());
        assertThat(triggered).isEqualTo("Run " + runId + " queued.");
        assertThat(runs.run(runId).orElseThrow().trigger().name()).isEqualTo("MANUAL");
    }

    @Test
    void anOperatorCancelsAQueuedRunFromThePage() {
        String id = operations.trigger("customers", "test").id();
        Browser operator = Browser.loggedIn(port, TestUsers.OPERATOR);
        assertThat(operator.get("/pipelines/customers").body()).contains("data-test=\"cancel\" data-run=\"" + id + "\"");

        HttpResponse<String> cancelled = operator.post("/runs/" + id + "/cancel", Map.of());

        assertThat(cancelled.statusCode()).isEqualTo(302);
        assertThat(text(operator.get("/pipelines/customers").body(), "notice")).isEqualTo("Run " + id + " cancelled.");
        assertThat(runs.run(id).orElseThrow().state()).isEqualTo(RunState.CANCELLED);
        operator.post("/runs/" + id + "/cancel", Map.of());
        assertThat(text(operator.get("/pipelines/customers").body(), "problem")).isEqualTo("run " + id + " already ended CANCELLED");
    }

    @Test
    void aCancelFromTheRunPageReturnsToIt() {
        String id = operations.trigger("orders", "test").id();
        Browser operator = Browser.loggedIn(port, TestUsers.OPERATOR);
        assertThat(operator.get("/runs/" + id).body()).contains("data-test=\"cancel\" data-run=\"" + id + "\"");

        HttpResponse<String> cancelled = operator.post("/runs/" + id + "/cancel", Map.of("back", "run"));

        assertThat(cancelled.headers().firstValue("Location").orElse("")).endsWith("/runs/" + id);
        String page = operator.get("/runs/" + id).body();
        assertThat(text(page, "notice")).isEqualTo("Run " + id + " cancelled.");
        assertThat(text(page, "run-state")).isEqualTo("CANCELLED");
        assertThat(page).doesNotContain("data-test=\"cancel\"");
    }

    @Test
    void aViewerSeesNoActionButtonsAndIsRefusedPostingOne() {
        Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);
        String page = viewer.get("/pipelines/orders").body();
        assertThat(page).contains("data-test=\"run-grid\"")
                .doesNotContain("data-test=\"trigger\"", "data-test=\"pause\"", "data-test=\"resume\"", "data-test=\"backfill-form\"");

        assertThat(viewer.post("/pipelines/orders/actions/pause", Map.of()).statusCode()).isEqualTo(403);
        assertThat(queue.isPaused("orders")).isFalse();
    }

    @Test
    void anAnalystMayNotBackfillOrTrigger() {
        Browser analyst = Browser.loggedIn(port, TestUsers.ANALYST);
        assertThat(analyst.get("/pipelines/orders").body()).doesNotContain("data-test=\"backfill-form\"", "data-test=\"trigger\"");

        assertThat(analyst.post("/pipelines/orders/backfills/plan", Map.of("from", "2026-02-01", "to", "2026-02-03")).statusCode()).isEqualTo(403);
        assertThat(analyst.post("/pipelines/orders/backfills/start", Map.of("from", "2026-02-01", "to", "2026-02-03")).statusCode()).isEqualTo(403);
        assertThat(analyst.post("/pipelines/orders/actions/trigger", Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void anAdminHoldsTheOperatorsButtons() {
        assertThat(Browser.loggedIn(port, TestUsers.ADMIN).get("/pipelines/orders").body()).contains("data-test=\"trigger\"");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        Browser operator = Browser.loggedIn(port, TestUsers.OPERATOR);
        operator.get("/pipelines/orders");

        assertThat(operator.postWithout("/pipelines/orders/actions/pause", Map.of()).statusCode()).isEqualTo(403);
        assertThat(queue.isPaused("orders")).isFalse();
    }

    @Test
    void unknownPipelinesAndRunsAnswerTheNotFoundPage() {
        Browser operator = Browser.loggedIn(port, TestUsers.OPERATOR);

        HttpResponse<String> pipeline = operator.get("/pipelines/nope");
        assertThat(pipeline.statusCode()).isEqualTo(404);
        assertThat(pipeline.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(text(pipeline.body(), "not-found")).isEqualTo("no pipeline 'nope'");
        HttpResponse<String> run = operator.get("/runs/nope");
        assertThat(run.statusCode()).isEqualTo(404);
        assertThat(text(run.body(), "not-found")).isEqualTo("no run 'nope'");
        operator.get("/pipelines");
        assertThat(operator.post("/pipelines/nope/actions/pause", Map.of()).statusCode()).isEqualTo(404);
        assertThat(operator.post("/runs/nope/cancel", Map.of()).statusCode()).isEqualTo(404);
    }
}
