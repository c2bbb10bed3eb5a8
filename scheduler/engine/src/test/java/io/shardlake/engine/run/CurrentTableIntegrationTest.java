package io.shardlake.engine.run;

import static io.shardlake.engine.run.ViewTestRuns.now;
import static io.shardlake.engine.run.ViewTestRuns.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.current.CurrentSettings;
import io.shardlake.engine.current.CurrentTableFiles;
import io.shardlake.engine.current.CurrentTableSink;
import io.shardlake.engine.current.CurrentTableUpdater;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.events.EventBatcher;
import io.shardlake.engine.metadata.JdbcCurrentTables;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcSinkDeliveries;
import io.shardlake.engine.sink.RunSinks;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code target.current}: after every run that writes (scheduled windows, event batches with
 * deletes), the current-state table a reader finds through its manifest holds exactly the
 * replica's rows, one per (shard, key), read with DuckDB. An update that fails at any of its
 * steps leaves readers on the previous state, and the next run repairs and continues.
 */
class CurrentTableIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(2);

    private static final PipelineDefinition ORDERS = new DefinitionParser(Set.of("shop")).parse("orders_now.yaml", """
            name: orders_now
            schedule: "*/15 * * * *"
            source:
              connection: shop
              table: orders
              events: {coalesce: 1s}
            transform:
              columns:
                - {name: order_id, from: id, type: bigint}
                - {name: status, type: string}
                - {name: updated_at, type: timestamp}
            target: {current: true}
            """);

    @TempDir
    Path tmp;

    private ViewTestRuns views;
    private JdbcEntityEvents events;
    private EventBatcher batcher;
    private CurrentTableUpdater updater;
    private CurrentTableFiles current;

    @BeforeEach
    void tables() throws Exception {
        for (String shard : List.of("shard01", "shard02")) {
            shards.execute(shard, "DROP TABLE IF EXISTS orders");
            shards.execute(shard, "CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL,"
                    + " updated_at DATETIME(3) NOT NULL, KEY orders_cursor (updated_at, id))");
        }
        LocalDateTime old = now().minusHours(1);
        for (long id = 1; id <= 30; id++) {
            shards.execute("shard01", "INSERT INTO orders VALUES (" + id + ", 'new', '" + text(old.plusSeconds(id)) + "')");
        }
        for (long id = 1; id <= 5; id++) {
            shards.execute("shard02", "INSERT INTO orders VALUES (" + id + ", 'other', '" + text(old.plusSeconds(id)) + "')");
        }
        views = new ViewTestRuns(tmp, new SourceConnections(List.of(ViewTestRuns.connection("shop", shards, List.of("shard01", "shard02")))),
                7);
        LocalObjectStore lake = new LocalObjectStore(views.warehouse());
        // buckets of 8 rows: the 30 keys of shard01 span four, so updates rewrite some and leave others
        updater = new CurrentTableUpdater(lake, new JdbcCurrentTables(views.metadata()),
                new CurrentSettings(8, Duration.ofMinutes(10), Duration.ZERO), Files.createDirectories(tmp.resolve("current-work")), "node-a",
                Clock.systemUTC());
        views.deliveringTo(new RunSinks(List.of(new CurrentTableSink(updater)), new JdbcSinkDeliveries(views.metadata()), views.runs,
                new JdbcPartitionGenerations(views.metadata()), true, Clock.systemUTC()));
        events = new JdbcEntityEvents(views.metadata());
        batcher = new EventBatcher(events, new JdbcRunQueue(views.metadata()), DefinitionLookup.of(ORDERS), Clock.systemUTC());
        current = new CurrentTableFiles(views.warehouse(), "orders_now_current");
    }

    @Test
    void theCurrentTableEqualsTheReplicasRowsAfterEveryRun() throws Exception {
        views.run(ORDERS);
        assertCurrentEqualsReplicas();
        assertThat(current.files()).as("shard01's 30 keys in buckets of at most 8, shard02's 5 in one").hasSize(5);

        // updates in one bucket, an insert at the end of the key range
        shards.execute("shard01", "UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id IN (2, 3)");
        shards.execute("shard01", "INSERT INTO orders VALUES (31, 'new', '" + text(now()) + "')");
        Thread.sleep(5);
        views.run(ORDERS);
        assertCurrentEqualsReplicas();

        // a hard delete and an update, through an event batch
        shards.execute("shard01", "DELETE FROM orders WHERE id = 20");
        shards.execute("shard02", "UPDATE orders SET status = 'shipped', updated_at = '" + text(now()) + "' WHERE id = 4");
        eventRun(new EntityEvent("orders_now", "shard01", List.of(20L), EntityEvent.Op.DELETE, null),
                new EntityEvent("orders_now", "shard02", List.of(4L), EntityEvent.Op.UPSERT, null));
        assertCurrentEqualsReplicas();
        assertThat(DuckDbLake.query("SELECT order_id FROM " + current.relation() + " WHERE _deleted"))
                .as("the tombstone is kept in the files, so an older version delivered later cannot bring 20 back").hasSize(1);

        // the deleted key comes back
        shards.execute("shard01", "INSERT INTO orders VALUES (20, 'again', '" + text(now().plusSeconds(1)) + "')");
        Thread.sleep(1_100); // the next ceiling passes the insert
        views.run(ORDERS);
        assertCurrentEqualsReplicas();
        assertThat(DuckDbLake.query("SELECT _shard, order_id, status FROM (SELECT *, row_number() OVER (PARTITION BY _shard, order_id"
                + " ORDER BY updated_at DESC, _run_seq DESC) AS rn FROM " + views.files("orders_now") + ") WHERE rn = 1 AND NOT _deleted")
                .stream().map(r -> r.get("_shard") + "|" + r.get("order_id") + "|" + r.get("status")).sorted().toList())
                .as("the lake's latest versions (the _latest view's rule) say the same").isEqualTo(currentRows());
        assertThat(readmeQuery()).as("the README's DuckDB query").isEqualTo(currentRows());
    }

    @ParameterizedTest(name = "failing after {0}")
    @EnumSource(CurrentTableUpdater.Step.class)
    void anUpdateFailingAtAnyStepLeavesReadersOnThePreviousStateAndTheNextRunRepairsIt(CurrentTableUpdater.Step failAt) throws Exception {
        views.run(ORDERS);
        List<String> before = currentRows();

        shards.execute("shard01", "UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id IN (1, 9, 17, 25)");
        shards.execute("shard01", "INSERT INTO orders VALUES (40, 'new', '" + text(now()) + "')");
        updater.onStep(step -> {
            if (step == failAt) {
                throw new IllegalStateException("simulated crash after " + step);
            }
        });
        RunRecord failed = views.run(ORDERS, RunState.FAILED);
        assertThat(failed.error()).contains("simulated crash after " + failAt);
        if (failAt.compareTo(CurrentTableUpdater.Step.COMMITTED) < 0) {
            assertThat(currentRows()).as("readers see the state before the update").isEqualTo(before);
        } else {
            // committed: the manifest is either the old one or the new one, never a mix
            assertThat(currentRows()).satisfiesAnyOf(r -> assertThat(r).isEqualTo(before), r -> assertThat(r).isEqualTo(replicaRows()));
        }

        updater.onStep(step -> { });
        Thread.sleep(5);
        views.run(ORDERS); // delivers the failed run's update again, then its own
        assertCurrentEqualsReplicas();
        assertThat(dataFiles()).as("every file of the table is listed by the manifest or retired (no orphan of the failed update)")
                .containsAll(current.files());
        assertThat(new JdbcCurrentTables(views.metadata()).pendingFiles("orders_now_current")).isEmpty();
    }

    /** The README's two statements for reading a local current table with DuckDB. */
    private List<String> readmeQuery() throws Exception {
        String manifest = views.warehouse().resolve("orders_now_current/manifest/files.txt").toString();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); java.sql.Statement s = c.createStatement()) {
            s.execute("SET VARIABLE files = (SELECT list(replace(line, 'file://', '')) FROM read_csv('" + manifest + "',\n"
                    + "                      header = false, columns = {'line': 'VARCHAR'}))");
            List<String> rows = new ArrayList<>();
            try (java.sql.ResultSet rs = s.executeQuery("SELECT * FROM read_parquet(getvariable('files'), union_by_name = true)"
                    + " WHERE NOT coalesce(_deleted, false)")) {
                while (rs.next()) {
                    rows.add(rs.getString("_shard") + "|" + rs.getLong("order_id") + "|" + rs.getString("status"));
                }
            }
            return rows.stream().sorted().toList();
        }
    }

    private List<Path> dataFiles() throws Exception {
        Path data = views.warehouse().resolve("orders_now_current/data");
        try (Stream<Path> files = Files.walk(data)) {
            List<Path> all = new ArrayList<>(files.filter(p -> p.toString().endsWith(".parquet")).toList());
            return all;
        }
    }

    private RunRecord eventRun(EntityEvent... batch) throws Exception {
        events.add(List.of(batch), Instant.now().minusSeconds(2));
        List<RunRecord> queued = batcher.tick();
        assertThat(queued).hasSize(1);
        RunRecord run = views.runQueued(queued.get(0), ORDERS, events, RunState.SUCCEEDED);
        batcher.tick();
        return run;
    }

    private List<String> currentRows() throws Exception {
        return current.liveRows("_shard, order_id, status, updated_at").stream()
                .map(r -> r.get("_shard") + "|" + r.get("order_id") + "|" + r.get("status")).sorted().toList();
    }

    private List<String> replicaRows() {
        List<String> rows = new ArrayList<>();
        for (String shard : List.of("shard01", "shard02")) {
            try (java.sql.Connection c = shards.connection(shard); java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT id, status FROM orders")) {
                while (rs.next()) {
                    rows.add(shard + "|" + rs.getLong(1) + "|" + rs.getString(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return rows.stream().sorted().toList();
    }

    /** One row per (shard, key), each the replica's row as it is now. */
    private void assertCurrentEqualsReplicas() throws Exception {
        assertThat(currentRows()).isEqualTo(replicaRows());
        assertThat(DuckDbLake.query("SELECT _shard, order_id FROM " + current.relation() + " GROUP BY ALL HAVING count(*) > 1"))
                .as("keys twice").isEmpty();
    }
}
