package io.shardlake.engine.run;

import static io.shardlake.engine.run.ViewTestRuns.now;
import static io.shardlake.engine.run.ViewTestRuns.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.BinlogMariaDb;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline with {@code source.mode: cdc} on a MariaDB whose binlog is on (started by the test as
 * its own process): the first load by window, then every change from the binlog through the same
 * transform, each version once, deletes as tombstones, the position committed with the files.
 * Checked against the table after each step: the lake's current state equals it and no (key,
 * version) is in the lake twice.
 */
public class BinlogCdcIntegrationTest {

    @RegisterExtension
    static BinlogMariaDb binlog = BinlogMariaDb.start();

    @RegisterExtension
    static MySqlShards shards = MySqlShards.on(binlog.server(), 1);

    @RegisterExtension
    static MySqlShards noBinlog = MySqlShards.create(1);

    /** A CDC pipeline over the shards' orders (also the starting definition of {@code CdcRebuildIntegrationTest}). */
    public static final String ORDERS_YAML = """
            name: orders_cdc
            schedule: "*/15 * * * *"
            source:
              connection: shop
              table: orders
              mode: cdc
            transform:
              columns:
                - {name: order_id, from: id, type: bigint}
                - {name: status, type: string}
                - {name: updated_at, type: timestamp}
            """;

    static final PipelineDefinition ORDERS = new DefinitionParser(Set.of("shop")).parse("orders_cdc.yaml", ORDERS_YAML);

    @TempDir
    Path tmp;

    private ViewTestRuns views;

    @BeforeEach
    void tables() throws SQLException {
        execute("DROP TABLE IF EXISTS orders");
        execute("DROP TABLE IF EXISTS payments");
        execute("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL, updated_at DATETIME(3) NOT NULL,"
                + " KEY orders_cursor (updated_at, id))");
        execute("CREATE TABLE payments (id BIGINT NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL, amount DECIMAL(10,2))");
        LocalDateTime old = now().minusHours(1);
        for (long id = 1; id <= 5; id++) {
            execute("INSERT INTO orders VALUES (" + id + ", 'new', '" + text(old.plusSeconds(id)) + "')");
        }
        views = new ViewTestRuns(tmp, new SourceConnections(List.of(ViewTestRuns.connection("shop", shards, List.of("shard01")))), 2);
    }

    @Test
    void insertsUpdatesAndDeletesLandAsEveryVersionOnceAndDeletesAsTombstones() throws Exception {
        views.run(ORDERS);
        assertThat(views.runs.watermark("orders_cdc", "shard01").orElseThrow().binlog()).as("position taken before the first load")
                .startsWith("binlog.");

        execute("INSERT INTO orders VALUES (6, 'new', '" + text(now()) + "')");
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now().plusNanos(1_000_000)) + "' WHERE id = 2");
        execute("UPDATE orders SET status = 'shipped', updated_at = '" + text(now().plusNanos(2_000_000)) + "' WHERE id = 2");
        execute("DELETE FROM orders WHERE id = 3");
        RunRecord batch = views.run(ORDERS);

        ShardCounts counts = views.runs.shardRuns(batch.id()).get(0).counts();
        assertThat(counts.rowsWritten()).as("6, both versions of 2, 3's tombstone").isEqualTo(4);
        assertCurrentStateEqualsTable();
        assertThat(DuckDbLake.query("SELECT status FROM " + views.files("orders_cdc") + " WHERE order_id = 2 ORDER BY updated_at"))
                .extracting(r -> r.get("status")).as("every version between runs").containsExactly("new", "paid", "shipped");
        assertThat(DuckDbLake.query("SELECT order_id FROM " + views.files("orders_cdc") + " WHERE _deleted"))
                .extracting(r -> r.get("order_id")).containsExactly(3L);

        RunRecord quiet = views.run(ORDERS);
        assertThat(views.runs.shardRuns(quiet.id()).get(0).counts().rowsWritten()).as("nothing new").isZero();
        assertCurrentStateEqualsTable();
    }

    @Test
    void aTransactionSpanningTablesIsTakenWholeAndOnlyTheFollowedTablesRowsLand() throws Exception {
        views.run(ORDERS);
        try (var c = shards.connection("shard01"); var s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO payments VALUES (1, 1, 10.00)");
            s.execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 1");
            s.execute("INSERT INTO orders VALUES (7, 'new', '" + text(now()) + "')");
            c.commit();
        }
        RunRecord batch = views.run(ORDERS);

        assertThat(views.runs.shardRuns(batch.id()).get(0).counts().rowsWritten()).isEqualTo(2);
        assertCurrentStateEqualsTable();
    }

    @Test
    void aBatchThatDiesBeforeItsCommitIsTakenAgainFromTheSamePosition() throws Exception {
        views.run(ORDERS);
        String before = views.runs.watermark("orders_cdc", "shard01").orElseThrow().binlog();
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 4");
        views.failNextCommit(new Error("simulated kill between publishing and committing"));
        views.run(ORDERS, RunState.FAILED);
        assertThat(views.runs.watermark("orders_cdc", "shard01").orElseThrow().binlog()).as("position unchanged").isEqualTo(before);

        RunRecord again = views.run(ORDERS);
        assertThat(views.runs.shardRuns(again.id()).get(0).counts().rowsWritten()).isEqualTo(1);
        assertCurrentStateEqualsTable();
    }

    @Test
    void aPositionWrittenByAnotherServerIsResumedByItsGtid() throws Exception {
        views.run(ORDERS);
        String stored = views.runs.watermark("orders_cdc", "shard01").orElseThrow().binlog();
        assertThat(stored).contains(";gtid=");
        // as after a failover: the shard's URL now reaches a server other than the one that wrote the position
        new org.springframework.jdbc.core.JdbcTemplate(views.metadata()).update(
                "UPDATE shard_watermark SET binlog_position = ? WHERE pipeline = 'orders_cdc'", stored.replace(";server=1", ";server=99"));
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 2");
        execute("INSERT INTO orders VALUES (9, 'new', '" + text(now()) + "')");

        RunRecord resumed = views.run(ORDERS);

        assertThat(views.runs.shardRuns(resumed.id()).get(0).counts().rowsWritten()).isEqualTo(2);
        assertThat(views.runs.watermark("orders_cdc", "shard01").orElseThrow().binlog()).endsWith(";server=1");
        assertCurrentStateEqualsTable();
    }

    @Test
    void aPurgedPositionFallsBackToAWindowFromTheCommittedCursorAndSaysSo() throws Exception {
        views.run(ORDERS);
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 5");
        execute("INSERT INTO orders VALUES (8, 'new', '" + text(now()) + "')");
        binlog.purgeAllButCurrent();
        Thread.sleep(1_100); // the window's ceiling passes the changes

        RunRecord fallback = views.run(ORDERS);

        assertThat(views.runs.shardRuns(fallback.id()).get(0).error()).contains("was purged").contains("fell back to an updated_at window");
        assertCurrentStateEqualsTable();
        execute("UPDATE orders SET status = 'shipped', updated_at = '" + text(now()) + "' WHERE id = 8");
        views.run(ORDERS);
        assertCurrentStateEqualsTable();
    }

    @Test
    void anAddedColumnIsTakenAndADroppedColumnThePipelineReadsFailsTheShardNamingIt() throws Exception {
        views.run(ORDERS);
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 1");
        execute("ALTER TABLE orders ADD COLUMN note VARCHAR(20)");
        execute("UPDATE orders SET status = 'shipped', note = 'x', updated_at = '" + text(now().plusNanos(1_000_000)) + "' WHERE id = 1");
        RunRecord first = views.run(ORDERS);
        assertThat(views.runs.shardRuns(first.id()).get(0).error()).contains("stopped before the table change");
        RunRecord second = views.run(ORDERS);
        assertThat(views.runs.shardRuns(second.id()).get(0).error()).contains("took the table change");
        assertCurrentStateEqualsTable();

        execute("ALTER TABLE orders DROP COLUMN status");
        RunRecord failed = views.run(ORDERS, RunState.FAILED);
        assertThat(failed.error()).contains("column status is no longer in the table");
        assertThat(views.runs.shardRuns(failed.id())).as("not retried: every attempt would fail the same way").hasSize(1);
        assertThat(new io.shardlake.engine.metadata.JdbcRunQueue(views.metadata()).isPaused("orders_cdc")).isTrue();
    }

    @Test
    void aShardWhoseBinlogIsOffIsRefusedNamingTheSetting() throws Exception {
        noBinlog.execute("shard01", "CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL,"
                + " updated_at DATETIME(3) NOT NULL)");
        ViewTestRuns off = new ViewTestRuns(tmp.resolve("off"),
                new SourceConnections(List.of(ViewTestRuns.connection("shop", noBinlog, List.of("shard01")))), 2);

        RunRecord run = off.run(ORDERS, RunState.FAILED);

        assertThat(run.error()).contains("the binlog is off").contains("log_bin");
        assertThat(off.runs.watermark("orders_cdc", "shard01")).isEmpty();
    }

    private void assertCurrentStateEqualsTable() throws SQLException {
        views.assertCurrentStateEqualsOrders(shards, "orders_cdc");
    }

    private static void execute(String sql) throws SQLException {
        shards.execute("shard01", sql);
    }
}
