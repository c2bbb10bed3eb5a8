package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rebuild on the README quick start's service (embedded H2 metadata, local lake, the demo's H2
 * shards as the source): an edit of the shipped customers pipeline that drops two columns and
 * retypes one waits for a rebuild; the rebuild, started and followed over the API, loads the 12
 * demo shards in slices (small ones here) into a new version, switches readers to it with every
 * key once and its newest version equal to the source's, and a rollback switches back. The demo's
 * orders pipeline, which keeps {@code orders_current}, is rebuilt the same way: readers' current
 * table switches with the version, and back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "shardlake.demo.database-prefix=rebuild_demo",
        "shardlake.demo.tick-interval=1h", // the demo's data holds still after its first tick, so the lake can be compared with it
        "shardlake.extract.chunk-rows=50",
        "shardlake.rebuild.slice-rows=100"})
@DirtiesContext
class DemoRebuildIntegrationTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void embeddedDefaultsInATempFolder(DynamicPropertyRegistry registry) {
        Path definitions = data.resolve("definitions");
        try {
            Files.createDirectories(definitions);
            Files.copy(Path.of("../../dag-definitions/customers.yaml"), definitions.resolve("customers.yaml"));
            Files.copy(Path.of("../../dag-definitions/orders.yaml"), definitions.resolve("orders.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + data.resolve("metadata/shardlake") + ";WRITE_DELAY=0");
        registry.add("shardlake.warehouse.path", () -> data.resolve("warehouse").toString());
        registry.add("shardlake.extract.work-directory", () -> data.resolve("work").toString());
        registry.add("shardlake.definitions", definitions::toString);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    RunRepository runs;

    @Autowired
    DefinitionRegistry registry;

    @Autowired
    DataSource metadata;

    @Test
    void anEditThatDropsAndRetypesColumnsIsAppliedByARebuildOverTheDemoShardsAndRolledBack() throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(runs.recentRuns("customers", 1)).singleElement().extracting(RunRecord::state).isEqualTo(RunState.SUCCEEDED));
        Path warehouse = data.resolve("warehouse");
        assertThat(DuckDbLake.describe(warehouse, "customers")).containsKeys("full_name", "referrer").containsEntry("signup_date", "DATE");

        Path yaml = data.resolve("definitions/customers.yaml");
        String edited = Files.readString(yaml).replaceAll("(?m)^.*\\{name: full_name.*\\n", "").replaceAll("(?m)^.*\\{name: referrer.*\\n", "")
                .replace("{name: signup_date, type: date}", "{name: signup_date, type: string}");
        Files.writeString(yaml, edited);
        registry.reload();
        JsonNode versions = JSON.readTree(get("/api/pipelines/customers/table-versions").body());
        assertThat(versions.get("pending").toString()).contains("full_name").contains("signup_date");

        HttpResponse<String> started = post("/api/pipelines/customers/rebuilds", "{\"max_concurrency\": 4}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode r = rebuild(id);
            assertThat(r.get("state").asString()).as(r.toString()).isIn("ACTIVE", "SWITCHING", "LIVE");
            return r.get("state").asString().equals("LIVE");
        });

        JsonNode done = rebuild(id);
        assertThat(done.get("progress").get("shardsLoaded").asLong()).isEqualTo(12);
        assertThat(done.get("progress").get("eta").asString()).isEqualTo("done");
        assertThat(new JdbcTemplate(metadata).queryForObject("SELECT COUNT(*) FROM shard_run_file f JOIN pipeline_run r ON r.id = f.run_id"
                + " WHERE r.backfill_id = ? AND f.slice_committed_at IS NOT NULL", Integer.class, id))
                .as("files of slices committed before their shard's last").isPositive();
        Map<String, String> schema = DuckDbLake.describe(warehouse, "customers");
        assertThat(schema).doesNotContainKeys("full_name", "referrer").containsEntry("signup_date", "VARCHAR");
        assertEveryVersionOnceAndNewestIsTheSource(warehouse, "customers__v2");

        post("/api/pipelines/customers/pause", "{}");
        HttpResponse<String> rollback = post("/api/pipelines/customers/rollback", "{}");
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        post("/api/pipelines/customers/resume", "{}");
        assertThat(DuckDbLake.describe(warehouse, "customers")).containsKeys("full_name", "referrer").containsEntry("signup_date", "DATE");
        assertEveryVersionOnceAndNewestIsTheSource(warehouse, "customers");
        assertThat(JSON.readTree(get("/api/pipelines/customers/table-versions").body()).get("pending").toString()).contains("full_name");
    }

    @Test
    void theOrdersPipelineIsRebuiltWithItsCurrentTableSwitchedWithTheVersionAndBack() throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(runs.recentRuns("orders", 1)).singleElement().extracting(RunRecord::state).isEqualTo(RunState.SUCCEEDED));
        Path warehouse = data.resolve("warehouse");
        // deleted at the source before the rebuild: version 1's current table still has it (nothing reconciled), version 2 never reads it
        long deleted;
        try (Connection c = DriverManager.getConnection(shardUrl(3), "sa", ""); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT min(id) FROM orders")) {
                rs.next();
                deleted = rs.getLong(1);
            }
            st.executeUpdate("DELETE FROM orders WHERE id = " + deleted);
        }
        Map<String, String> before = readersCurrent(warehouse);
        assertThat(before).containsKey("shard03/" + deleted);
        assertThat(currentColumns(warehouse)).contains("note");

        Path yaml = data.resolve("definitions/orders.yaml");
        Files.writeString(yaml, Files.readString(yaml).replaceAll("(?m)^.*\\{name: note,.*\\n", "")
                .replace("{name: amount, type: \"decimal(12,2)\"}", "{name: amount, type: string}"));
        registry.reload();
        HttpResponse<String> started = post("/api/pipelines/orders/rebuilds", "{\"max_concurrency\": 4}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode r = rebuild(id);
            assertThat(r.get("state").asString()).as(r.toString()).isIn("ACTIVE", "SWITCHING", "LIVE");
            return r.get("state").asString().equals("LIVE");
        });

        Map<String, String> source = new TreeMap<>();
        for (int s = 1; s <= 12; s++) {
            try (Connection c = DriverManager.getConnection(shardUrl(s), "sa", ""); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, status FROM orders")) {
                while (rs.next()) {
                    source.put(String.format("shard%02d/%d", s, rs.getLong(1)), rs.getString(2));
                }
            }
        }
        // the demo writes a few malformed payloads: those rows are in the version's quarantine, not in its table
        Path quarantine = warehouse.resolve("_quarantine/orders__v2");
        if (Files.exists(quarantine)) {
            DuckDbLake.query("SELECT shard || '/' || primary_key[1] AS k FROM read_json_auto('" + quarantine + "/*/*.jsonl')")
                    .forEach(r -> source.remove((String) r.get("k")));
        }
        assertThat(readersCurrent(warehouse)).as("orders_current after the switch: the source, one row per key").isEqualTo(source)
                .doesNotContainKey("shard03/" + deleted);
        assertThat(currentColumns(warehouse)).doesNotContain("note");

        post("/api/pipelines/orders/pause", "{}");
        HttpResponse<String> rollback = post("/api/pipelines/orders/rollback", "{}");
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        assertThat(readersCurrent(warehouse)).as("version 1's current table, as it was").isEqualTo(before);
        assertThat(currentColumns(warehouse)).contains("note");
        post("/api/pipelines/orders/resume", "{}");
    }

    private static String shardUrl(int shard) {
        return String.format("jdbc:h2:mem:rebuild_demo_s%02d;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", shard);
    }

    /** What readers of {@code orders_current} get (the files its manifest lists, deleted keys left out): status per shard/order. */
    private static Map<String, String> readersCurrent(Path warehouse) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        for (Map<String, Object> r : DuckDbLake.query("SELECT _shard, order_id, status FROM " + currentRelation(warehouse)
                + " WHERE NOT coalesce(_deleted, false)")) {
            assertThat(rows.put(r.get("_shard") + "/" + r.get("order_id"), String.valueOf(r.get("status")))).as("one row per key").isNull();
        }
        return rows;
    }

    private static List<String> currentColumns(Path warehouse) throws IOException {
        return DuckDbLake.query("SELECT column_name FROM (DESCRIBE SELECT * FROM " + currentRelation(warehouse) + ")").stream()
                .map(r -> (String) r.get("column_name")).toList();
    }

    private static String currentRelation(Path warehouse) throws IOException {
        List<String> files = Files.readAllLines(warehouse.resolve("orders_current/manifest/files.txt")).stream()
                .map(uri -> DuckDbLake.literal(Path.of(java.net.URI.create(uri)).toString())).toList();
        return "read_parquet([" + String.join(", ", files) + "], union_by_name = true)";
    }

    /**
     * Each (shard, key, cursor) of the live table once; each source row's key there, its newest version with the source's tier,
     * but for the rows the version's loads quarantined ({@code version}: the table name its quarantine is kept under).
     */
    private static void assertEveryVersionOnceAndNewestIsTheSource(Path warehouse, String version) throws Exception {
        Map<String, Integer> versions = new HashMap<>();
        Map<String, String> newest = new TreeMap<>();
        Map<String, String> newestAt = new HashMap<>();
        for (Map<String, Object> r : DuckDbLake.readTable(warehouse, "customers", "_shard, customer_id, updated_at")) {
            String key = r.get("_shard") + "/" + r.get("customer_id");
            String at = String.valueOf(r.get("updated_at"));
            versions.merge(key + "@" + at, 1, Integer::sum);
            if (!newestAt.containsKey(key) || at.compareTo(newestAt.get(key)) > 0) {
                newestAt.put(key, at);
                newest.put(key, String.valueOf(r.get("tier")));
            }
        }
        assertThat(versions).as("each (shard, key, cursor) once").allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        Map<String, String> source = new TreeMap<>();
        for (int s = 1; s <= 12; s++) {
            String shard = String.format("shard%02d", s);
            try (Connection c = DriverManager.getConnection(String.format(
                    "jdbc:h2:mem:rebuild_demo_s%02d;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", s), "sa", "");
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, tier FROM customers")) {
                while (rs.next()) {
                    source.put(shard + "/" + rs.getLong(1), String.valueOf(rs.getString(2)));
                }
            }
        }
        assertThat(source).hasSizeGreaterThan(100);
        // the demo writes a few malformed attributes: those rows are in the version's quarantine, not in its table
        List<String> quarantined = DuckDbLake.query("SELECT shard || '/' || primary_key[1] AS k FROM read_json_auto('"
                + warehouse.resolve("_quarantine").resolve(version) + "/*/*.jsonl')").stream().map(r -> (String) r.get("k")).toList();
        assertThat(quarantined).isNotEmpty();
        quarantined.forEach(source::remove);
        assertThat(newest).isEqualTo(source);
    }

    private JsonNode rebuild(String id) throws Exception {
        return JSON.readTree(get("/api/rebuilds/" + id).body());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return new DemoHttp(port).post(path, json);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new DemoHttp(port).get(path);
    }
}
