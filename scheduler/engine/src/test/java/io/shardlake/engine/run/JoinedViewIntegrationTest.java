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
 * A view of orders joined with their customers stays equal, key by key, to the join of the source
 * tables computed by the replica itself, whichever side changes. After each run the lake's newest
 * version of every order (greatest {@code _version}, ties to the later extract) must equal
 * {@code SELECT ... FROM orders LEFT/INNER JOIN customers} on the shard, and no view row may land
 * twice. Pages of a few rows exercise the paging of changed keys and of their dependents.
 */
class JoinedViewIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    private static final int PAGE_ROWS = 3;

    @TempDir
    Path tmp;

    private ViewTestRuns views;
    private JdbcRunRepository runs;

    @BeforeEach
    void tables() throws SQLException {
        execute("DROP TABLE IF EXISTS orders");
        execute("DROP TABLE IF EXISTS customers");
        execute("""
                CREATE TABLE customers (
                  id BIGINT NOT NULL PRIMARY KEY,
                  tier VARCHAR(16) NOT NULL,
                  country CHAR(2) NULL,
                  updated_at DATETIME(3) NOT NULL,
                  KEY customers_cursor (updated_at, id))""");
        execute("""
                CREATE TABLE orders (
                  id BIGINT NOT NULL PRIMARY KEY,
                  customer_id BIGINT NOT NULL,
                  status VARCHAR(20) NOT NULL,
                  updated_at DATETIME(3) NOT NULL,
                  KEY orders_cursor (updated_at, id),
                  KEY orders_customer (customer_id))""");
        // Rows of an hour ago: older than any window's lookback, so a later run reads an order
        // again only because it or its customer changed.
        LocalDateTime old = now().minusHours(1);
        for (long c = 1; c <= 4; c++) {
            execute("INSERT INTO customers VALUES (" + c + ", 'silver', 'PT', '" + text(old.plusSeconds(c)) + "')");
        }
        // customer 1 has 7 orders (more than two pages), customer 2 has 2, 3 has 1, 4 none; order 11 has no customer
        long[] customerOf = {1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 99};
        for (int i = 0; i < customerOf.length; i++) {
            execute("INSERT INTO orders VALUES (" + (i + 1) + ", " + customerOf[i] + ", 'new', '" + text(old.plusSeconds(10 + i)) + "')");
        }
        views = new ViewTestRuns(tmp, new SourceConnections(List.of(ViewTestRuns.connection("shop", shards, List.of("shard01")))),
                PAGE_ROWS);
        runs = views.runs;
    }

    @Test
    void theFirstLoadHoldsTheJoin() throws Exception {
        run("left");

        assertViewEqualsJoin("LEFT");
    }

    @Test
    void anOrderThatChangesCarriesItsCustomer() throws Exception {
        run("left");
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 8");

        run("left");

        assertViewEqualsJoin("LEFT");
        assertThat(versionsOf(8)).hasSize(2);
    }

    @Test
    void aCustomerThatChangesReachesEveryOrderOfItsAlreadyInTheLake() throws Exception {
        run("left");
        execute("UPDATE customers SET tier = 'gold', updated_at = '" + text(now()) + "' WHERE id = 1");

        RunRecord second = run("left");

        assertViewEqualsJoin("LEFT");
        assertThat(tiersOfLatest(1, 2, 3, 4, 5, 6, 7)).containsOnly("gold");
        ShardRunRecord shard = runs.shardRuns(second.id()).get(0);
        assertThat(shard.counts().rowsWritten()).as("the customer's 7 orders, no other").isEqualTo(7);
        assertThat(shard.read().joins()).as("recorded on the run").singleElement().satisfies(join -> {
            assertThat(join.join()).isEqualTo("customer");
            assertThat(join.changedRows()).isEqualTo(1);
            assertThat(join.rowsSent()).isEqualTo(7);
            assertThat(join.rowsExamined()).as("MariaDB's session counters").isPositive();
        });
    }

    @Test
    void anOrderAndItsCustomerChangingInOneWindowLandOnce() throws Exception {
        run("left");
        LocalDateTime at = now();
        execute("UPDATE customers SET tier = 'gold', updated_at = '" + text(at) + "' WHERE id = 2");
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(at.minusNanos(2_000_000)) + "' WHERE id = 9");

        RunRecord second = run("left");

        assertViewEqualsJoin("LEFT");
        assertThat(runs.shardRuns(second.id()).get(0).counts().rowsWritten()).as("orders 8 and 9, once each").isEqualTo(2);
    }

    @Test
    void aCustomerChangeCommittedLateInsideTheLookbackIsNotLost() throws Exception {
        run("left");
        // an order changes and is loaded...
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 10");
        run("left");
        // ...then its customer's change commits with a cursor below that run's ceiling and the order's cursor
        execute("UPDATE customers SET tier = 'gold', updated_at = '" + text(now().minusSeconds(20)) + "' WHERE id = 3");

        run("left");

        assertViewEqualsJoin("LEFT");
        assertThat(tiersOfLatest(10)).containsExactly("gold");
    }

    @Test
    void anOrderMovedToAnotherCustomerTakesTheNewCustomersAttributes() throws Exception {
        run("left");
        execute("UPDATE customers SET tier = 'platinum', country = 'ES', updated_at = '" + text(now()) + "' WHERE id = 4");
        run("left");
        execute("UPDATE orders SET customer_id = 4, updated_at = '" + text(now()) + "' WHERE id = 10");
        // the old customer changes afterwards: order 10 no longer depends on it
        execute("UPDATE customers SET tier = 'gold', updated_at = '" + text(now().plusNanos(5_000_000)) + "' WHERE id = 3");

        RunRecord third = run("left");

        assertViewEqualsJoin("LEFT");
        assertThat(tiersOfLatest(10)).containsExactly("platinum");
        assertThat(runs.shardRuns(third.id()).get(0).counts().rowsWritten()).as("order 10 once, nothing for customer 3").isEqualTo(1);
    }

    @Test
    void anInnerJoinLeavesOutOrdersWithoutACustomerUntilItArrives() throws Exception {
        run("inner");
        assertViewEqualsJoin("INNER");
        assertThat(versionsOf(11)).isEmpty();

        execute("INSERT INTO customers VALUES (99, 'bronze', 'FR', '" + text(now()) + "')");
        run("inner");

        assertViewEqualsJoin("INNER");
        assertThat(tiersOfLatest(11)).containsExactly("bronze");
    }

    @Test
    void aViewRowBuiltFromACustomerChangedAfterTheCeilingIsLoadedOnceAcrossTwoRuns() throws Exception {
        run("left");
        // The next run reads order 8 in its window with its customer's version from above the ceiling...
        execute("UPDATE orders SET status = 'paid', updated_at = '" + text(now()) + "' WHERE id = 8");
        execute("UPDATE customers SET tier = 'gold', updated_at = '" + text(now().plusSeconds(1)) + "' WHERE id = 2");
        RunRecord second = run("left");
        Thread.sleep(1_100); // the next ceiling passes the customer's cursor

        // ...and the run after that finds the customer's change in its window: order 8 is already loaded, order 9 is not.
        RunRecord third = run("left");

        assertViewEqualsJoin("LEFT");
        assertThat(runs.shardRuns(second.id()).get(0).counts().rowsWritten()).isEqualTo(1);
        ShardCounts counts = runs.shardRuns(third.id()).get(0).counts();
        assertThat(counts.rowsSkipped()).as("order 8").isEqualTo(1);
        assertThat(counts.rowsWritten()).as("order 9").isEqualTo(1);
    }

    @Test
    void aJoinColumnWithoutAnIndexFailsTheRunOnceSayingWhichIndexToAdd() throws Exception {
        execute("ALTER TABLE orders DROP INDEX orders_customer");

        RunRecord run = runExpecting("left", RunState.FAILED);

        List<ShardRunRecord> attempts = runs.shardRuns(run.id());
        assertThat(attempts).as("not retried: only the schema can fix it").hasSize(1);
        assertThat(attempts.get(0).error()).contains("join customer (customers): orders.customer_id has no index starting with it",
                "CREATE INDEX ix_orders_customer_id ON orders (customer_id)");
        assertThat(java.nio.file.Files.exists(tmp.resolve("warehouse").resolve("orders_view"))).as("nothing written").isFalse();
    }

    @Test
    void joinColumnsOfDifferentKindsFailTheRunOnceNamingBoth() throws Exception {
        execute("ALTER TABLE orders MODIFY customer_id VARCHAR(20) NOT NULL");

        RunRecord run = runExpecting("left", RunState.FAILED);

        List<ShardRunRecord> attempts = runs.shardRuns(run.id());
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).error()).contains("orders.customer_id is VARCHAR but customers.id is BIGINT");
    }

    private RunRecord run(String joinType) throws Exception {
        return runExpecting(joinType, RunState.SUCCEEDED);
    }

    private RunRecord runExpecting(String joinType, RunState expected) throws Exception {
        return views.run(definition(joinType), expected);
    }

    private static PipelineDefinition definition(String joinType) {
        return new DefinitionParser(Set.of("shop")).parse("orders_view.yaml", """
                name: orders_view
                schedule: "*/15 * * * *"
                source:
                  connection: shop
                  table: orders
                  joins:
                    - {name: customer, table: customers, column: customer_id, type: %s}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: customer_id, type: bigint}
                    - {name: status, type: string}
                    - {name: updated_at, type: timestamp}
                    - {name: customer_tier, from: customer.tier, type: string}
                    - {name: customer_country, from: customer.country, type: string}
                """.formatted(joinType));
    }

    /** The lake's newest version of every order equals the replica's own join; no view row twice. */
    private void assertViewEqualsJoin(String joinType) throws SQLException {
        List<String> expected = new ArrayList<>();
        try (Connection c = shards.connection("shard01"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT o.id, o.status, c.tier, c.country FROM orders o " + joinType
                     + " JOIN customers c ON c.id = o.customer_id")) {
            while (rs.next()) {
                expected.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
        }
        List<String> latest = DuckDbLake.query("SELECT order_id, status, customer_tier, customer_country FROM (SELECT *, row_number()"
                        + " OVER (PARTITION BY order_id ORDER BY _version DESC, _run_seq DESC) AS rn FROM " + files() + ") WHERE rn = 1")
                .stream().map(r -> r.get("order_id") + "|" + r.get("status") + "|" + r.get("customer_tier") + "|" + r.get("customer_country"))
                .toList();
        assertThat(latest).as("newest version per order vs the replica's join").containsExactlyInAnyOrderElementsOf(expected);
        List<String> repeated = DuckDbLake.query("SELECT order_id, _version, count(*) AS n FROM " + files()
                        + " GROUP BY order_id, _version, status, customer_tier, customer_country HAVING count(*) > 1").stream()
                .map(Object::toString).toList();
        assertThat(repeated).as("view rows loaded twice").isEmpty();
    }

    private List<String> tiersOfLatest(long... orderIds) {
        List<String> tiers = new ArrayList<>();
        for (long id : orderIds) {
            DuckDbLake.query("SELECT customer_tier FROM " + files() + " WHERE order_id = " + id
                    + " ORDER BY _version DESC, _run_seq DESC LIMIT 1").forEach(r -> tiers.add(String.valueOf(r.get("customer_tier"))));
        }
        return tiers;
    }

    private List<Object> versionsOf(long orderId) {
        if (!java.nio.file.Files.exists(tmp.resolve("warehouse"))) {
            return List.of();
        }
        return DuckDbLake.query("SELECT _version FROM " + files() + " WHERE order_id = " + orderId).stream().map(r -> r.get("_version"))
                .toList();
    }

    private String files() {
        return views.files("orders_view");
    }

    private static void execute(String sql) throws SQLException {
        shards.execute("shard01", sql);
    }
}
