package io.shardlake.engine.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.BinlogMariaDb;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.coordinator.BackfillGate;
import io.shardlake.engine.coordinator.CoordinatorSettings;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.coordinator.LiveDefinitions;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.coordinator.RebuildOperations;
import io.shardlake.engine.coordinator.RunCoordinator;
import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.metadata.JdbcAuditLog;
import io.shardlake.engine.metadata.JdbcBackfillStore;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcRebuildStore;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.metadata.JdbcWrittenVersions;
import io.shardlake.engine.run.BinlogCdcIntegrationTest;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TaskScope;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild of a pipeline that follows binlogs ({@code source.mode: cdc}), on a MariaDB whose
 * binlog is on: each shard's load takes the binlog position before its snapshot and commits it
 * with the version's watermark; the switch run catches the version up from there through the
 * binlog (every version of a row, deletes as tombstones), and the next scheduled run continues the
 * new version's position. Checked against the shards: each (shard, key, cursor value) once in the
 * live version, its newest version the source's row, a deleted key's newest version its tombstone.
 */
class CdcRebuildIntegrationTest {

    @RegisterExtension
    static BinlogMariaDb binlog = BinlogMariaDb.start();

    @RegisterExtension
    static MySqlShards shards = MySqlShards.on(binlog.server(), 2);

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String V1 = BinlogCdcIntegrationTest.ORDERS_YAML;

    @TempDir
    Path tmp;

    private final PipelineDefinition v1 = new DefinitionParser(Set.of("shop")).parse("orders_cdc.yaml", V1);
    /** The edit: status renamed, which the table cannot take in place. */
    private final PipelineDefinition v2 = new DefinitionParser(Set.of("shop")).parse("orders_cdc.yaml",
            V1.replace("{name: status, type: string}", "{name: order_status, from: status, type: string}"));
    private final AtomicReference<PipelineDefinition> current = new AtomicReference<>(v1);
    private final List<AutoCloseable> closing = new java.util.ArrayList<>();
    private Path warehouse;
    private JdbcRunRepository runs;
    private JdbcRebuildStore store;
    private SettableClock clock;
    private RunScheduler scheduler;
    private RebuildOperations rebuilds;
    private RunCoordinator node;

    @BeforeEach
    void wire() throws Exception {
        shards.executeOnAll("DROP TABLE IF EXISTS orders");
        shards.executeOnAll("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL, updated_at DATETIME(3)"
                + " NOT NULL, KEY orders_cursor (updated_at, id))");
        LocalDateTime old = now().minusHours(1);
        for (String shard : shards.shardIds()) {
            for (long id = 1; id <= 5; id++) {
                shards.execute(shard, "INSERT INTO orders VALUES (" + id + ", 'new', '" + TEXT.format(old.plusSeconds(id)) + "')");
            }
        }
        warehouse = tmp.resolve("warehouse");
        javax.sql.DataSource metadata = MetadataDatabases.h2("cdc_rebuild_" + System.nanoTime());
        JdbcRunQueue queue = new JdbcRunQueue(metadata);
        runs = new JdbcRunRepository(metadata);
        store = new JdbcRebuildStore(metadata);
        clock = new SettableClock(Instant.now());
        Map<String, PipelineDefinition> stored = new HashMap<>(Map.of(v1.version(), v1, v2.version(), v2));
        DefinitionLookup lookup = StoredDefinitions.of(current::get, stored);
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop", shards.shardIds().stream()
                .map(s -> new Shard(s, shards.jdbcUrl(s))).toList(), ZoneOffset.UTC, shards.user(), shards.password(), 2, null)));
        LocalObjectStore lake = new LocalObjectStore(warehouse);
        PipelineRunner runner = new PipelineRunner(sources, runs, lake, new PartitionReplacer(lake, new JdbcPartitionGenerations(metadata),
                Clock.systemUTC()), new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 1000, 100, 1, tmp.resolve("work"), 2),
                Clock.systemUTC());
        TableVersionSwitch versionSwitch = new TableVersionSwitch(store, lake, clock);
        runner.rebuildWith(versionSwitch);
        closing.add(runner);
        LiveDefinitions live = new LiveDefinitions(lookup, new JdbcWrittenVersions(metadata));
        scheduler = new RunScheduler(queue, clock, (d, at) -> { }, live::forRuns);
        JdbcAuditLog audit = new JdbcAuditLog(metadata, clock);
        PipelineOperations pipelines = new PipelineOperations(() -> new PipelineCatalog(List.of(current.get()), List.of()), queue, runs,
                scheduler, () -> { }, audit, clock);
        rebuilds = new RebuildOperations(pipelines, lookup, live, sources, store, new JdbcBackfillStore(metadata), queue, runs, scheduler,
                lake, versionSwitch, runner::estimateAllRows, new RebuildSettings(100_000, 2, Duration.ofDays(7)), () -> { }, audit, clock);
        node = new RunCoordinator(queue, runner, lookup, new BackfillGate(new JdbcBackfillStore(metadata), store, runs, clock),
                RunListener.NONE, new CoordinatorSettings("node-a", Duration.ofSeconds(30), 4, 100), clock);
        closing.add(node);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void theLoadTakesItsBinlogPositionAndTheSwitchCatchesUpEveryVersionAndDeleteFromThere() throws Exception {
        runOnce();
        update("shard01", 1, "paid");
        runOnce();
        current.set(v2);

        String id = rebuilds.start("orders_cdc", new RebuildInput(null, 2, null, null, false), "oncall").rebuild().id();
        awaitShardsLoaded(id);
        String stream = TaskScope.Rebuild.streamOf("orders_cdc", 2);
        for (String shard : shards.shardIds()) {
            assertThat(runs.watermark(stream, shard).orElseThrow().binlog()).as("the position taken before the version's load")
                    .startsWith("binlog.");
        }
        // after the loads: two versions of one order, a delete and an insert, each only in the binlog for the version
        update("shard01", 2, "paid");
        update("shard01", 2, "shipped");
        shards.execute("shard02", "DELETE FROM orders WHERE id = 3");
        shards.execute("shard02", "INSERT INTO orders VALUES (9, 'new', '" + TEXT.format(now()) + "')");

        awaitLive(id);
        assertThat(DuckDbLake.describe(warehouse, "orders_cdc")).containsKey("order_status").doesNotContainKey("status");
        assertEveryVersionOnceAndNewestIsTheSource();
        assertThat(DuckDbLake.query("SELECT order_status FROM " + lake() + " WHERE _shard = 'shard01' AND order_id = 2 ORDER BY updated_at"))
                .extracting(r -> r.get("order_status")).as("every version since the load, not only the last")
                .containsExactly("new", "paid", "shipped");

        // the next scheduled run continues the new version's binlog position
        update("shard02", 4, "returned");
        shards.execute("shard01", "DELETE FROM orders WHERE id = 5");
        RunRecord next = runOnce();
        assertThat(next.definitionVersion()).isEqualTo(v2.version());
        assertThat(runs.shardRuns(next.id())).extracting(s -> s.counts().rowsWritten()).as("only the two changes").containsOnly(1L);
        assertEveryVersionOnceAndNewestIsTheSource();
    }

    /** Each (shard, key, cursor) once in the live version; a key's newest version is its source row, or a tombstone once it is gone. */
    private void assertEveryVersionOnceAndNewestIsTheSource() throws Exception {
        Map<String, Integer> versions = new HashMap<>();
        Map<String, Map<String, Object>> newest = new TreeMap<>();
        for (Map<String, Object> r : DuckDbLake.query("SELECT _shard, order_id, order_status, updated_at, coalesce(_deleted, false) AS gone"
                + " FROM " + lake() + " ORDER BY updated_at, _run_seq")) {
            String key = r.get("_shard") + "/" + r.get("order_id");
            versions.merge(key + "@" + r.get("updated_at"), 1, Integer::sum);
            newest.put(key, r);
        }
        assertThat(versions).as("each (shard, key, cursor) once").allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        Map<String, String> lake = new TreeMap<>();
        newest.forEach((k, r) -> {
            if (!Boolean.TRUE.equals(r.get("gone"))) {
                lake.put(k, (String) r.get("order_status"));
            }
        });
        Map<String, String> source = new TreeMap<>();
        for (String shard : shards.shardIds()) {
            try (java.sql.Connection c = shards.connection(shard)) {
                for (String row : io.shardlake.connectors.testing.Jdbc.queryStrings(c, "SELECT CONCAT(id, '=', status) FROM orders")) {
                    source.put(shard + "/" + row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
                }
            }
        }
        assertThat(lake).isEqualTo(source);
    }

    private String lake() {
        return "read_parquet('" + warehouse.resolve("orders_cdc") + "/*/*.parquet', hive_partitioning = true, union_by_name = true)";
    }

    private void update(String shard, long id, String status) throws SQLException, InterruptedException {
        Thread.sleep(2); // each version its own cursor value
        shards.execute(shard, "UPDATE orders SET status = '" + status + "', updated_at = '" + TEXT.format(now()) + "' WHERE id = " + id);
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    private RunRecord runOnce() throws InterruptedException {
        clock.advance(Duration.ofSeconds(1));
        RunRecord run = scheduler.enqueueManual(current.get()).run();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            node.dispatchDue();
            RunRecord r = runs.run(run.id()).orElseThrow();
            if (r.state().isTerminal()) {
                assertThat(node.awaitIdle(Duration.ofSeconds(10))).isTrue();
                assertThat(r.state()).as(String.valueOf(r.error())).isEqualTo(RunState.SUCCEEDED);
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + run.id() + " did not end");
    }

    private void awaitShardsLoaded(String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until && rebuilds.progress(id).shardsLoaded() < shards.shardIds().size()) {
            // only shard runs: each dispatch is waited for, so the switch run, queued when the last shard loads, is left queued
            node.dispatchDue();
            assertThat(node.awaitIdle(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(rebuilds.progress(id).shardsLoaded()).isEqualTo(shards.shardIds().size());
        assertThat(rebuilds.progress(id).runs()).noneMatch(r -> r.trigger() == TriggerKind.REBUILD_SWITCH && r.state().isTerminal());
    }

    private void awaitLive(String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until && store.byId(id).orElseThrow().state() != RebuildState.LIVE) {
            node.dispatchDue();
            assertThat(node.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(store.byId(id).orElseThrow().state()).as(String.valueOf(rebuilds.progress(id)))
                    .isIn(RebuildState.ACTIVE, RebuildState.SWITCHING, RebuildState.LIVE);
            Thread.sleep(50);
        }
        assertThat(store.byId(id).orElseThrow().state()).isEqualTo(RebuildState.LIVE);
    }
}
