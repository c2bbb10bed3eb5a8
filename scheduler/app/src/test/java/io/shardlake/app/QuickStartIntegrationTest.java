package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README quick start as a newcomer sees it: the service on its embedded defaults (H2
 * metadata, local lake, demo shards, the shipped dag-definitions) moves data into Parquet within
 * a minute, and its API answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "shardlake.demo.database-prefix=quickstart_demo")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the backfill changes the lake the first-load test counts: it goes last
class QuickStartIntegrationTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void embeddedDefaultsInATempFolder(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + data.resolve("metadata/shardlake") + ";WRITE_DELAY=0");
        registry.add("shardlake.warehouse.path", () -> data.resolve("warehouse").toString());
        registry.add("shardlake.extract.work-directory", () -> data.resolve("work").toString());
        registry.add("shardlake.definitions", () -> "../../dag-definitions");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    RunRepository runs;

    @Test
    void theShippedPipelinesLoadTheDemoShardsIntoParquetWithinAMinute() throws Exception {
        for (String pipeline : List.of("orders", "form_submissions", "customers")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(runs.recentRuns(pipeline, 1)).singleElement()
                            .extracting(RunRecord::state).isEqualTo(RunState.SUCCEEDED));
        }
        Path warehouse = data.resolve("warehouse");
        // A quarter hour may pass during the test: the lake holds what every orders run wrote, once none is running.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                runs.recentRuns("orders", 100).stream().allMatch(r -> r.state().isTerminal()));
        List<RunRecord> ordersRuns = runs.recentRuns("orders", 100);
        RunRecord orders = ordersRuns.get(ordersRuns.size() - 1); // the first load
        assertThat(DuckDbLake.count(warehouse, "orders"))
                .isEqualTo(ordersRuns.stream().mapToLong(r -> r.totals().rowsWritten()).sum())
                .isGreaterThan(10_000);
        assertThat(DuckDbLake.query("SELECT count(DISTINCT _shard) AS shards FROM read_parquet('"
                + warehouse.resolve("orders") + "/*/*.parquet', hive_partitioning = true)").get(0).get("shards")).isEqualTo(12L);
        assertThat(DuckDbLake.count(warehouse, "form_submissions")).isGreaterThan(runs.recentRuns("form_submissions", 1).get(0).totals().rowsRead());
        assertThat(orders.totals().rowsQuarantined()).as("the demo produces a few malformed payloads").isPositive();

        // target.current: orders_current holds each (shard, order) once, the lake's newest version of it, deletes applied
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> files = java.nio.file.Files.readAllLines(warehouse.resolve("orders_current/manifest/files.txt")).stream()
                    .map(uri -> DuckDbLake.literal(Path.of(java.net.URI.create(uri)).toString())).toList();
            String current = "read_parquet([" + String.join(", ", files) + "], union_by_name = true)";
            String latest = "SELECT _shard, order_id, updated_at, _run_seq FROM (SELECT *, row_number() OVER (PARTITION BY _shard, order_id"
                    + " ORDER BY updated_at DESC, _run_seq DESC) AS rn FROM read_parquet('" + warehouse.resolve("orders")
                    + "/*/*.parquet', hive_partitioning = true, union_by_name = true)) WHERE rn = 1 AND NOT coalesce(_deleted, false)";
            assertThat(DuckDbLake.query("SELECT count(*) AS n FROM ((SELECT _shard, order_id, updated_at, _run_seq FROM " + current
                    + " WHERE NOT coalesce(_deleted, false)) EXCEPT ALL (" + latest + "))").get(0).get("n")).isEqualTo(0L);
            assertThat(DuckDbLake.query("SELECT count(*) AS n FROM ((" + latest + ") EXCEPT ALL (SELECT _shard, order_id, updated_at,"
                    + " _run_seq FROM " + current + " WHERE NOT coalesce(_deleted, false)))").get(0).get("n")).isEqualTo(0L);
        });

        JsonNode run = JSON.readTree(get("/api/runs/" + orders.id()).body());
        assertThat(run.get("shards")).as("one task per demo shard").hasSize(12)
                .allSatisfy(task -> assertThat(task.get("state").asString()).isEqualTo("SUCCEEDED"));
        assertThat(run.get("run").get("intervalEnd").isNull()).isFalse();
        assertThat(JSON.readTree(get("/api/pipelines/orders").body()).get("freshnessSeconds").isNumber())
                .as("freshness once the shards committed").isTrue();
    }

    @Test
    void aCustomerChangeReachesItsOrdersAlreadyInTheLakeWithinOneRun() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(runs.recentRuns("orders", 1)).singleElement().extracting(RunRecord::state).isEqualTo(RunState.SUCCEEDED));
        String shard = "jdbc:h2:mem:quickstart_demo_s01;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        long customer;
        java.time.Instant changedAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String at = java.time.LocalDateTime.ofInstant(changedAt, java.time.ZoneOffset.UTC).toString().replace('T', ' ');
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(shard, "sa", "");
             java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SELECT customer_id FROM orders ORDER BY id LIMIT 1")) {
                rs.next();
                customer = rs.getLong(1);
            }
            s.executeUpdate("UPDATE customers SET tier = 'joined', updated_at = '" + at + "' WHERE id = " + customer);
        }
        // the next run's ceiling (5 s safety lag) must pass the change
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> java.time.Instant.now().isAfter(changedAt.plusSeconds(6)));

        HttpResponse<String> triggered = post("/api/pipelines/orders/runs", "{}");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
        String id = JSON.readTree(triggered.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                JSON.readTree(get("/api/runs/" + id).body()).get("run").get("state").asString().equals("SUCCEEDED"));

        String current;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(shard, "sa", "");
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT tier FROM customers WHERE id = " + customer)) {
            rs.next();
            current = rs.getString(1);
        }
        List<java.util.Map<String, Object>> latest = DuckDbLake.query("SELECT customer_tier_now FROM (SELECT *, row_number() OVER"
                + " (PARTITION BY _shard, order_id ORDER BY _version DESC, _run_seq DESC) AS rn FROM read_parquet('"
                + data.resolve("warehouse").resolve("orders") + "/*/*.parquet', hive_partitioning = true)) WHERE rn = 1"
                + " AND _shard = 'shard01' AND customer_id = " + customer);
        assertThat(latest).as("the customer's orders").isNotEmpty()
                // the demo keeps changing customers: a later change of this one may have landed too
                .allSatisfy(row -> assertThat(row.get("customer_tier_now")).isIn("joined", current));
        assertThat(latest).anySatisfy(row -> assertThat(row.get("customer_tier_now")).isEqualTo(current));
    }

    @Test
    void anEntityEventPutsAChangedOrderInTheLakeWithinSeconds() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(runs.recentRuns("orders", 1)).singleElement().extracting(RunRecord::state).isEqualTo(RunState.SUCCEEDED));
        String shard = "jdbc:h2:mem:quickstart_demo_s02;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        String at = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString()
                .replace('T', ' ');
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(shard, "sa", "");
             java.sql.Statement s = c.createStatement()) {
            // a new order, far above the demo's own ids: the demo's random updates never reach it
            s.executeUpdate("INSERT INTO orders (id, customer_id, status, amount, currency, note, payload, created_at, updated_at)"
                    + " VALUES (10000000, 1, 'event-sent', 1.00, 'EUR', NULL, NULL, '" + at + "', '" + at + "')");
        }
        long sent = System.nanoTime();

        HttpResponse<String> accepted = post("/api/pipelines/orders/entities", "{\"events\": [{\"shard\": \"shard02\", \"key\": [10000000]}]}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        String lake = "read_parquet('" + data.resolve("warehouse").resolve("orders") + "/*/*.parquet', hive_partitioning = true,"
                + " union_by_name = true)";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> !DuckDbLake.query("SELECT order_id FROM "
                + lake + " WHERE _shard = 'shard02' AND order_id = 10000000 AND status = 'event-sent'").isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("event to lake").isLessThan(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(runs.recentRuns("orders", 20)).as("the event's run").anySatisfy(r -> {
                    assertThat(r.trigger()).isEqualTo(io.shardlake.engine.run.TriggerKind.EVENT);
                    assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
                    assertThat(r.shardSubset()).containsExactly("shard02");
                }));
    }

    @Test
    void anOrderDeletedInADemoShardLeavesCurrentStateAfterAReconciliation() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(runs.recentRuns("orders", 50)).anySatisfy(r -> {
                    assertThat(r.trigger()).isIn(io.shardlake.engine.run.TriggerKind.FIRST_RUN, io.shardlake.engine.run.TriggerKind.CATCHUP,
                            io.shardlake.engine.run.TriggerKind.SCHEDULED, io.shardlake.engine.run.TriggerKind.MANUAL);
                    assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
                }));
        String shard = "jdbc:h2:mem:quickstart_demo_s03;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        long deleted;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(shard, "sa", "");
             java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SELECT MIN(id) FROM orders")) {
                rs.next();
                deleted = rs.getLong(1);
            }
            s.executeUpdate("DELETE FROM orders WHERE id = " + deleted);
        }
        String current = "SELECT order_id FROM (SELECT *, row_number() OVER (PARTITION BY _shard, order_id ORDER BY _version DESC,"
                + " _run_seq DESC) AS rn FROM read_parquet('" + data.resolve("warehouse").resolve("orders")
                + "/*/*.parquet', hive_partitioning = true, union_by_name = true)) WHERE rn = 1 AND NOT coalesce(_deleted, false)"
                + " AND _shard = 'shard03' AND order_id = " + deleted;
        assertThat(DuckDbLake.query(current)).as("order " + deleted + " before the reconciliation").hasSize(1);

        HttpResponse<String> queued = post("/api/pipelines/orders/reconciliations", "{}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String id = JSON.readTree(queued.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                JSON.readTree(get("/api/runs/" + id).body()).get("run").get("state").asString().equals("SUCCEEDED"));
        tools.jackson.databind.JsonNode found = JSON.readTree(get("/api/pipelines/orders/reconciliations?limit=100").body());
        assertThat(found.valueStream().filter(f -> f.get("runId").asString().equals(id) && f.get("shard").asString().equals("shard03"))
                .findFirst()).hasValueSatisfying(f -> assertThat(f.get("deletedKeys").asLong()).isPositive());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> DuckDbLake.query(current).isEmpty());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aBackfillOverRestReplacesAPartitionWithWhatItsChunkRead() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(runs.recentRuns("orders", 1)).singleElement().extracting(RunRecord::state).isEqualTo(RunState.SUCCEEDED));
        java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(3);
        String body = "{\"from\": \"" + day + "\", \"to\": \"" + day.plusDays(1) + "\"}";

        JsonNode dryRun = JSON.readTree(post("/api/pipelines/orders/backfills", body.replace("}", ", \"dry_run\": true}")).body());
        assertThat(dryRun.get("chunks").get(0).get("estimatedRows")).hasSize(12);

        HttpResponse<String> started = post("/api/pipelines/orders/backfills", body);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                JSON.readTree(get("/api/backfills/" + id).body()).get("state").asString().equals("SUCCEEDED"));

        JsonNode done = JSON.readTree(get("/api/backfills/" + id).body());
        long written = done.get("progress").get("rowsWritten").asLong();
        List<java.util.Map<String, Object>> partition = DuckDbLake.query("SELECT count(*) AS n, count(DISTINCT (_shard, order_id)) AS keys"
                + " FROM read_parquet('" + data.resolve("warehouse").resolve("orders") + "/dt=" + day + "/*.parquet')");
        assertThat(partition.get(0).get("n")).isEqualTo(written);
        assertThat(partition.get(0).get("keys")).isEqualTo(written);
        JsonNode audit = JSON.readTree(get("/api/audit?action=backfill.start&subject=orders").body()).get("entries");
        assertThat(audit).as("the start is audited with who asked").anySatisfy(e -> {
            assertThat(e.get("actor").asString()).isEqualTo("admin");
            assertThat(e.get("detail").asString()).contains(id);
        });
    }

    @Test
    void theDemoUsersLogInWithTheirRolesAndAnonymousCallsAreRefused() throws Exception {
        for (String user : List.of("viewer", "analyst", "operator", "admin")) {
            assertThat(send("GET", "/api/pipelines", TestLogins.basic(user, user + "-demo")).statusCode()).as(user).isEqualTo(200);
        }
        assertThat(send("POST", "/api/pipelines/no-such/pause", TestLogins.basic("viewer", "viewer-demo")).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/pipelines/no-such/pause", TestLogins.basic("operator", "operator-demo")).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/pipelines", TestLogins.basic("admin", "wrong")).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/pipelines", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/actuator/prometheus", TestLogins.basic("viewer", "viewer-demo")).statusCode())
                .as("a scraper needs only to read").isEqualTo(200);
        assertThat(send("GET", "/actuator/env", TestLogins.basic("viewer", "viewer-demo")).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        HttpResponse<String> page = send("GET", "/pipelines", null);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiListsPipelinesAndAnswersUnknownRunsWithProblemJson() throws Exception {
        HttpResponse<String> pipelines = get("/api/pipelines");
        assertThat(pipelines.statusCode()).isEqualTo(200);
        assertThat(pipelines.body()).contains("\"name\":\"orders\"", "\"name\":\"customers\"", "\"name\":\"form_submissions\"");

        HttpResponse<String> missing = get("/api/runs/no-such-run");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(missing.body()).contains("no run 'no-such-run'");

        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
    }

    @Test
    void consoleLinesOfShardTasksNameTheirPipelineRunAndShard(CapturedOutput output) throws Exception {
        Pattern shardTaskLine = Pattern.compile("\\[(orders|form_submissions|customers) ([0-9a-f-]{36}) (shard\\d\\d)\\] "
                + "io\\.shardlake\\.engine\\.run\\.ShardTask +: pipeline=\\1 run=\\2 shard=\\3 ");
        // a run during this test, whatever the other tests left running: the first loads may be over
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("/api/pipelines/customers/runs", "{}").statusCode() == 202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> shardTaskLine.matcher(output.getOut()).find());
        assertThat(output.getOut()).as("lines logged outside shard tasks get no empty brackets").doesNotContain("[  ] ");
    }

    @Test
    void theServiceServesItsOpenApiDocumentAndAnswersUnknownRoutesWithProblemJson() throws Exception {
        HttpResponse<String> document = get("/v3/api-docs");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(document.body()).get("paths").propertyNames())
                .contains("/api/pipelines", "/api/pipelines/{name}/runs", "/api/runs/{id}/cancel");

        HttpResponse<String> unknown = get("/api/no-such-endpoint");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return new DemoHttp(port).post(path, json);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new DemoHttp(port).get(path);
    }
}
