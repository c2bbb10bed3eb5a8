package io.shardlake.engine.run;

import static io.shardlake.engine.run.ViewTestRuns.now;
import static io.shardlake.engine.run.ViewTestRuns.text;
import static org.assertj.core.api.Assertions.assertThat;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.events.EventBatcher;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation of keys on the MariaDB test shard: rows deleted at the source get tombstones (by
 * the EVENT run the reconciliation queues), an unchanged shard compares only range summaries, a
 * row no window ever loaded is reported as missing and reloaded, and a row not due yet is left to
 * the next window. After each step the lake's current state equals the table.
 */
class ReconciliationIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    private static final String TRANSFORM = """
            transform:
              columns:
                - {name: order_id, from: id, type: bigint}
                - {name: status, type: string}
                - {name: updated_at, type: timestamp}
            """;
    private static final PipelineDefinition ORDERS = new DefinitionParser(Set.of("shop")).parse("orders_rec.yaml", """
            name: orders_rec
            schedule: "*/15 * * * *"
            source:
              connection: shop
              table: orders
              reconcile: {every: 1h}
            """ + TRANSFORM);
    private static final int ROWS = 3000;

    @TempDir
    Path tmp;

    private ViewTestRuns views;
    private JdbcEntityEvents events;
    private EventBatcher batcher;

    @BeforeEach
    void tables() throws SQLException {
        execute("DROP TABLE IF EXISTS orders");
        execute("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL, updated_at DATETIME(3) NOT NULL,"
                + " KEY orders_cursor (updated_at, id))");
        LocalDateTime old = now().minusHours(1);
        StringBuilder insert = new StringBuilder("INSERT INTO orders VALUES ");
        for (long id = 1; id <= ROWS; id++) {
            // every third id is never used: keys with gaps, as after years of deletes
            long key = id * 3 / 2;
            insert.append(id == 1 ? "" : ", ").append("(").append(key).append(", 'new', '").append(text(old.plusNanos(id * 1_000_000L)))
                    .append("')");
        }
        execute(insert.toString());
        views = new ViewTestRuns(tmp, new SourceConnections(List.of(ViewTestRuns.connection("shop", shards, List.of("shard01")))), 500);
        events = new JdbcEntityEvents(views.metadata());
        batcher = new EventBatcher(events, new JdbcRunQueue(views.metadata()), DefinitionLookup.of(ORDERS), Clock.systemUTC());
    }

    @Test
    void keysDeletedAtTheSourceGetTombstonesAndTheNextReconciliationFindsNothing() throws Exception {
        views.run(ORDERS);
        execute("DELETE FROM orders WHERE id IN (1, 750, 4498)");

        RunRecord first = views.reconcile(ORDERS, events, RunState.SUCCEEDED);

        ShardReconciliation found = views.reconciliations.ofRun(first.id()).get(0);
        assertThat(found.sourceKeys()).isEqualTo(ROWS - 3);
        assertThat(found.lakeKeys()).isEqualTo(ROWS);
        assertThat(found.deletedKeys()).isEqualTo(3);
        assertThat(found.missingKeys()).isZero();
        assertThat(found.rangesDiffering()).as("only the ranges holding a deleted key").isEqualTo(3);
        assertThat(found.ranges()).isGreaterThan(100);
        assertThat(found.sample()).isEqualTo("1, 750, 4498");
        RunRecord tombstones = eventRun();
        assertThat(views.runs.shardRuns(tombstones.id()).get(0).counts().rowsWritten()).isEqualTo(3);
        assertCurrentStateEqualsTable();

        RunRecord second = views.reconcile(ORDERS, events, RunState.SUCCEEDED);

        ShardReconciliation again = views.reconciliations.ofRun(second.id()).get(0);
        assertThat(again.lakeKeys()).as("the tombstones' keys left the index").isEqualTo(ROWS - 3);
        assertThat(again.rangesDiffering()).isZero();
        assertThat(again.deletedKeys()).isZero();
        // one pass over an index and nothing listed: per key, one index entry read and one lookup in the aggregate's
        // temporary table (both Handler_read_* counts), plus a read per range
        assertThat(again.rowsExamined()).isBetween(2L * (ROWS - 3), 2L * (ROWS - 3) + 2L * again.ranges() + 10);
        assertThat(events.waiting()).isEmpty();
    }

    @Test
    void aRowNoWindowLoadedIsReportedMissingAndReloadedWhileARowNotDueYetIsLeftToTheWindow() throws Exception {
        views.run(ORDERS);
        // committed with an updated_at far below the watermark less the lookback: no window will ever read it
        execute("INSERT INTO orders VALUES (90001, 'late', '" + text(now().minusHours(2)) + "')");
        // changed just now: the next window loads it
        execute("INSERT INTO orders VALUES (90002, 'fresh', '" + text(now().plusMinutes(1)) + "')");

        RunRecord run = views.reconcile(ORDERS, events, RunState.FAILED);

        assertThat(run.error()).contains("1 key(s)", "never loaded", "90001").doesNotContain("90002");
        ShardReconciliation found = views.reconciliations.ofRun(run.id()).get(0);
        assertThat(found.missingKeys()).isEqualTo(1);
        assertThat(found.deletedKeys()).isZero();
        eventRun();
        assertThat(DuckDbLake.query("SELECT status FROM " + views.files("orders_rec") + " WHERE order_id = 90001"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("status", "late"));

        Thread.sleep(100);
        RunRecord next = views.reconcile(ORDERS, events, RunState.SUCCEEDED);
        assertThat(views.reconciliations.ofRun(next.id()).get(0).missingKeys()).isZero();
    }

    @Test
    void aShardLoadedBeforeThePipelineReconciledIsRefusedWithTheReason() throws Exception {
        PipelineDefinition without = new DefinitionParser(Set.of("shop")).parse("orders_rec.yaml", """
                name: orders_rec
                schedule: "*/15 * * * *"
                source:
                  connection: shop
                  table: orders
                """ + TRANSFORM);
        views.run(without);

        RunRecord run = views.reconcile(ORDERS, events, RunState.FAILED);

        assertThat(run.error()).contains("loaded before the pipeline had source.reconcile");
        assertThat(events.waiting()).isEmpty();
    }

    @Test
    void anEmptiedTableTombstonesEveryKey() throws Exception {
        views.run(ORDERS);
        execute("DELETE FROM orders");

        RunRecord run = views.reconcile(ORDERS, events, RunState.SUCCEEDED);

        assertThat(views.reconciliations.ofRun(run.id()).get(0).deletedKeys()).isEqualTo(ROWS);
        eventRun();
        assertCurrentStateEqualsTable();
    }

    /** Runs the EVENT run the reconciliation's findings became. */
    private RunRecord eventRun() throws Exception {
        // the batcher waits for the coalescing interval after the oldest event
        Thread.sleep(io.shardlake.engine.definition.EventsSpec.DEFAULT_COALESCE.toMillis() + 100);
        List<RunRecord> queued = batcher.tick();
        assertThat(queued).hasSize(1);
        RunRecord run = views.runQueued(queued.get(0), ORDERS, events, RunState.SUCCEEDED);
        batcher.tick(); // settles the run's events
        assertThat(events.waiting()).as("no event left waiting").isEmpty();
        return run;
    }

    private void assertCurrentStateEqualsTable() throws SQLException {
        views.assertCurrentStateEqualsOrders(shards, "orders_rec");
    }

    private static void execute(String sql) throws SQLException {
        shards.execute("shard01", sql);
    }
}
