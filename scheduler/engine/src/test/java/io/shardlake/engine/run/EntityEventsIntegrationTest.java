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
 * Entity events load the rows they name, and every (shard, key, version) lands once whichever
 * path brought it first: an event batch, or the scheduled window that reads the same version. A
 * delete event for a key the replica no longer has writes a tombstone; one for a key it still has
 * loads the row. Checked against the replica after each step: the current state (newest version
 * per key, tombstones left out) equals the table, and no version is in the lake twice.
 */
class EntityEventsIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    private static final PipelineDefinition ORDERS = new DefinitionParser(Set.of("shop")).parse("orders_live.yaml", """
            name: orders_live
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
            """);

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
        for (long id = 1; id <= 5; id++) {
            execute("INSERT INTO orders VALUES (" + id + ", 'new', '" + text(old.plusSeconds(id)) + "')");
        }
        views = new ViewTestRuns(tmp, new SourceConnections(List.of(ViewTestRuns.connection("shop", shards, List.of("shard01")))), 2);
        events = new JdbcEntityEvents(views.metadata());
        batcher = new EventBatcher(events, new JdbcRunQueue(views.metadata()), DefinitionLookup.of(ORDERS), Clock.systemUTC());
    }

    @Test
    void anEventBeforeTheFirstLoadIsLeftToIt() throws Exception {
        RunRecord run = eventRun(RunState.SKIPPED, upsert(2));

        assertThat(views.runs.shardRuns(run.id())).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(ShardRunState.SKIPPED);
            assertThat(t.error()).contains("first load has not committed");
        });
        views.run(ORDERS);
        assertCurrentStateEqualsTable();
    }

    @Test
    void aVersionAnEventLoadedIsSkippedByTheWindowThatReadsItLater() throws Exception {
        views.run(ORDERS);
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 2");

        RunRecord event = eventRun(upsert(2));
        RunRecord scheduled = views.run(ORDERS);

        assertThat(views.runs.shardRuns(event.id()).get(0).counts().rowsWritten()).isEqualTo(1);
        ShardCounts window = views.runs.shardRuns(scheduled.id()).get(0).counts();
        assertThat(window.rowsSkipped()).as("order 2's new version").isEqualTo(1);
        assertThat(window.rowsWritten()).isZero();
        assertCurrentStateEqualsTable();
    }

    @Test
    void aVersionTheWindowLoadedIsSkippedByALateEventAndSoIsAnUnchangedRow() throws Exception {
        views.run(ORDERS);
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 3");
        views.run(ORDERS);

        RunRecord event = eventRun(upsert(3), upsert(1));

        ShardCounts counts = views.runs.shardRuns(event.id()).get(0).counts();
        assertThat(counts.rowsRead()).isEqualTo(2);
        assertThat(counts.rowsWritten()).as("both already loaded").isZero();
        assertCurrentStateEqualsTable();
    }

    @Test
    void aDeleteEventForAKeyTheReplicaLostWritesATombstoneAndAReinsertComesBack() throws Exception {
        views.run(ORDERS);
        execute("DELETE FROM orders WHERE id = 4");

        RunRecord event = eventRun(delete(4), delete(5), upsert(99));

        assertThat(views.runs.shardRuns(event.id()).get(0).counts().rowsWritten()).as("4's tombstone; 5 is still there, read again"
                + " (already loaded); 99 is not on the replica yet: nothing").isEqualTo(1);
        assertCurrentStateEqualsTable();
        assertThat(DuckDbLake.query("SELECT order_id, status FROM " + views.files("orders_live") + " WHERE _deleted"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("order_id", 4L).containsEntry("status", null));

        execute("INSERT INTO orders VALUES (4, 'again', '" + text(now().plusSeconds(1)) + "')");
        Thread.sleep(1_100); // the next ceiling passes the insert
        views.run(ORDERS);
        assertCurrentStateEqualsTable();
    }

    @Test
    void anEventDeliveredAgainAfterItsRowsWereCommittedWritesNothing() throws Exception {
        // a queue message whose delete was lost with the node comes back after its events were loaded
        views.run(ORDERS);
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 1");

        RunRecord first = eventRun(upsert(1));
        RunRecord again = eventRun(upsert(1));

        assertThat(views.runs.shardRuns(first.id()).get(0).counts().rowsWritten()).isEqualTo(1);
        ShardCounts counts = views.runs.shardRuns(again.id()).get(0).counts();
        assertThat(counts.rowsSkipped()).isEqualTo(1);
        assertThat(counts.rowsWritten()).isZero();
        assertCurrentStateEqualsTable();
    }

    @Test
    void anEventWaitsForTheReplicaToShowTheChangeItAnnounces() throws Exception {
        views.run(ORDERS);
        // The event says order 5 changed at T; the replica applies that change only a moment later.
        LocalDateTime t = now().plusSeconds(1);
        Thread applier = new Thread(() -> {
            try {
                Thread.sleep(500);
                execute("UPDATE orders SET status = 'announced', updated_at = '" + text(t) + "' WHERE id = 5");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        applier.start();

        eventRun(new EntityEvent("orders_live", "shard01", List.of(5L), EntityEvent.Op.UPSERT, t.toInstant(java.time.ZoneOffset.UTC)));
        applier.join();

        assertThat(DuckDbLake.query("SELECT status FROM " + views.files("orders_live") + " WHERE order_id = 5 AND status = 'announced'"))
                .as("the announced version, loaded by the event's run").hasSize(1);
    }

    private RunRecord eventRun(EntityEvent... batch) throws Exception {
        return eventRun(RunState.SUCCEEDED, batch);
    }

    private RunRecord eventRun(RunState expected, EntityEvent... batch) throws Exception {
        events.add(List.of(batch), Instant.now().minusSeconds(2)); // older than the coalescing interval
        List<RunRecord> queued = batcher.tick();
        assertThat(queued).hasSize(1);
        RunRecord run = views.runQueued(queued.get(0), ORDERS, events, expected);
        batcher.tick(); // settles the run's events
        assertThat(events.waiting()).as("no event left waiting").isEmpty();
        return run;
    }

    private static EntityEvent upsert(long id) {
        return new EntityEvent("orders_live", "shard01", List.of(id), EntityEvent.Op.UPSERT, null);
    }

    private static EntityEvent delete(long id) {
        return new EntityEvent("orders_live", "shard01", List.of(id), EntityEvent.Op.DELETE, null);
    }

    private void assertCurrentStateEqualsTable() throws SQLException {
        views.assertCurrentStateEqualsOrders(shards, "orders_live");
    }

    private static void execute(String sql) throws SQLException {
        shards.execute("shard01", sql);
    }
}
