package io.shardlake.engine.run;

import static io.shardlake.engine.run.ViewTestRuns.now;
import static io.shardlake.engine.run.ViewTestRuns.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soft deletes reach the lake as tombstones: after each run, the current state (each order's
 * newest version, left out when that is a tombstone, as {@code _latest} does) equals the replica's
 * own join of the rows not deleted, computed independently of the service.
 */
class SoftDeleteIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);


    @TempDir
    Path tmp;

    private ViewTestRuns views;
    private JdbcRunRepository runs;

    @BeforeEach
    void tables() throws SQLException {
        execute("DROP TABLE IF EXISTS orders");
        execute("DROP TABLE IF EXISTS customers");
        execute("CREATE TABLE customers (id BIGINT NOT NULL PRIMARY KEY, tier VARCHAR(16) NOT NULL, deleted_at DATETIME(3) NULL,"
                + " updated_at DATETIME(3) NOT NULL, KEY customers_cursor (updated_at, id))");
        execute("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, customer_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL,"
                + " deleted_at DATETIME(3) NULL, updated_at DATETIME(3) NOT NULL, KEY orders_cursor (updated_at, id),"
                + " KEY orders_customer (customer_id))");
        LocalDateTime old = now().minusHours(1);
        execute("INSERT INTO customers VALUES (1, 'silver', NULL, '" + text(old) + "'), (2, 'gold', NULL, '" + text(old) + "')");
        for (long o = 1; o <= 6; o++) {
            execute("INSERT INTO orders VALUES (" + o + ", " + (o <= 3 ? 1 : 2) + ", 'new', NULL, '" + text(old.plusSeconds(o)) + "')");
        }
        views = new ViewTestRuns(tmp, new SourceConnections(List.of(ViewTestRuns.connection("shop", shards, List.of("shard01")))), 2);
        runs = views.runs;
    }

    @Test
    void aSoftDeletedOrderLeavesTheCurrentStateAndComesBackWhenRestored() throws Exception {
        run("left");
        execute("UPDATE orders SET deleted_at = '" + text(now()) + "', updated_at = '" + text(now()) + "' WHERE id = 2");

        run("left");
        assertCurrentStateEqualsJoin("LEFT");
        assertThat(DuckDbLake.query("SELECT status, customer_tier FROM " + files() + " WHERE order_id = 2 AND _deleted"))
                .as("the tombstone").hasSize(1);

        execute("UPDATE orders SET deleted_at = NULL, status = 'restored', updated_at = '" + text(now().plusNanos(1_000_000))
                + "' WHERE id = 2");
        run("left");
        assertCurrentStateEqualsJoin("LEFT");
    }

    @Test
    void aSoftDeletedCustomerLeavesItsOrdersWithoutCustomerColumnsThroughALeftJoin() throws Exception {
        run("left");
        execute("UPDATE customers SET deleted_at = '" + text(now()) + "', updated_at = '" + text(now()) + "' WHERE id = 1");

        RunRecord second = run("left");

        assertCurrentStateEqualsJoin("LEFT");
        assertThat(runs.shardRuns(second.id()).get(0).counts().rowsWritten()).as("its three orders").isEqualTo(3);
    }

    @Test
    void aSoftDeletedCustomerTakesItsOrdersOutOfTheCurrentStateThroughAnInnerJoin() throws Exception {
        run("inner");
        execute("UPDATE customers SET deleted_at = '" + text(now()) + "', updated_at = '" + text(now()) + "' WHERE id = 2");

        run("inner");

        assertCurrentStateEqualsJoin("INNER");
        assertThat(DuckDbLake.query("SELECT order_id FROM " + files() + " WHERE _deleted ORDER BY order_id"))
                .extracting(r -> r.get("order_id")).containsExactly(4L, 5L, 6L);
    }

    private RunRecord run(String joinType) throws Exception {
        return views.run(definition(joinType));
    }

    private static PipelineDefinition definition(String joinType) {
        return new DefinitionParser(Set.of("shop")).parse("orders_live.yaml", """
                name: orders_live
                schedule: "*/15 * * * *"
                source:
                  connection: shop
                  table: orders
                  soft_delete: {column: deleted_at}
                  joins:
                    - {name: customer, table: customers, column: customer_id, type: %s, soft_delete: {column: deleted_at}}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: status, type: string}
                    - {name: updated_at, type: timestamp}
                    - {name: customer_tier, from: customer.tier, type: string}
                """.formatted(joinType));
    }

    /** Each order's newest version unless it is a tombstone, vs the replica's join of the rows not deleted. */
    private void assertCurrentStateEqualsJoin(String joinType) throws SQLException {
        List<String> expected = new ArrayList<>();
        try (Connection c = shards.connection("shard01"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT o.id, o.status, c.tier FROM orders o " + joinType + " JOIN customers c"
                     + " ON c.id = o.customer_id AND c.deleted_at IS NULL WHERE o.deleted_at IS NULL")) {
            while (rs.next()) {
                expected.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        List<String> current = DuckDbLake.query("SELECT order_id, status, customer_tier FROM (SELECT *, row_number() OVER (PARTITION BY"
                        + " order_id ORDER BY _version DESC, _run_seq DESC) AS rn FROM " + files() + ") WHERE rn = 1 AND NOT _deleted")
                .stream().map(r -> r.get("order_id") + "|" + r.get("status") + "|" + r.get("customer_tier")).toList();
        assertThat(current).as("current state vs the replica's join of live rows").containsExactlyInAnyOrderElementsOf(expected);
    }

    private String files() {
        return views.files("orders_live");
    }

    private static void execute(String sql) throws SQLException {
        shards.execute("shard01", sql);
    }
}
