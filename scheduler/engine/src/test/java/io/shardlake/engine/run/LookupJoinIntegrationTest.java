package io.shardlake.engine.run;

import static io.shardlake.engine.run.ViewTestRuns.now;
import static io.shardlake.engine.run.ViewTestRuns.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders of two shards joined with their customer (same shard) and their product, looked up in a
 * catalogue database of its own connection: after each run every order's newest version equals
 * the join computed here from the three databases, independently of the service.
 */
class LookupJoinIntegrationTest {

    /** shard01 and shard02 hold orders and customers; shard03 plays the catalogue. */
    @RegisterExtension
    static MySqlShards databases = MySqlShards.create(3);

    private static final List<String> SHARDS = List.of("shard01", "shard02");
    private static final String CATALOG = "shard03";

    @TempDir
    Path tmp;

    private ViewTestRuns views;
    private JdbcRunRepository runs;

    @BeforeEach
    void tables() throws SQLException {
        LocalDateTime old = now().minusHours(1);
        for (String shard : SHARDS) {
            execute(shard, "DROP TABLE IF EXISTS orders");
            execute(shard, "DROP TABLE IF EXISTS customers");
            execute(shard, "CREATE TABLE customers (id BIGINT NOT NULL PRIMARY KEY, tier VARCHAR(16) NOT NULL, updated_at DATETIME(3) NOT NULL,"
                    + " KEY customers_cursor (updated_at, id))");
            execute(shard, "CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, customer_id BIGINT NOT NULL, product_id BIGINT NOT NULL,"
                    + " status VARCHAR(20) NOT NULL, updated_at DATETIME(3) NOT NULL, KEY orders_cursor (updated_at, id),"
                    + " KEY orders_customer (customer_id), KEY orders_product (product_id))");
            execute(shard, "INSERT INTO customers VALUES (1, 'silver', '" + text(old) + "')");
            // products 1-3 each ordered on both shards; product 9 is not in the catalogue
            long[] products = {1, 1, 2, 3, 9};
            for (int i = 0; i < products.length; i++) {
                execute(shard, "INSERT INTO orders VALUES (" + (i + 1) + ", 1, " + products[i] + ", 'new', '" + text(old.plusSeconds(i)) + "')");
            }
        }
        execute(CATALOG, "DROP TABLE IF EXISTS products");
        execute(CATALOG, "CREATE TABLE products (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL, retired_at DATETIME(3) NULL,"
                + " updated_at DATETIME(3) NOT NULL, KEY products_cursor (updated_at, id))");
        execute(CATALOG, "INSERT INTO products VALUES (1, 'apple', NULL, '" + text(old) + "'), (2, 'pear', NULL, '" + text(old)
                + "'), (3, 'fig', NULL, '" + text(old) + "')");
        views = new ViewTestRuns(tmp, new SourceConnections(List.of(ViewTestRuns.connection("shop", databases, SHARDS),
                new SourceConnection("catalog", List.of(new Shard("catalog", databases.jdbcUrl(CATALOG))), ZoneOffset.UTC,
                        databases.user(), databases.password(), 2, null))), 2);
        runs = views.runs;
    }

    @Test
    void theFirstLoadLooksUpEachOrdersProduct() throws Exception {
        run();

        assertViewEqualsJoin();
    }

    @Test
    void aChangedProductReachesItsOrdersOnEveryShard() throws Exception {
        run();
        execute(CATALOG, "UPDATE products SET name = 'green apple', updated_at = '" + text(now()) + "' WHERE id = 1");

        RunRecord second = run();

        assertViewEqualsJoin();
        assertThat(runs.shardRuns(second.id())).as("orders 1 and 2 of each shard")
                .allSatisfy(task -> assertThat(task.counts().rowsWritten()).isEqualTo(2))
                .allSatisfy(task -> assertThat(task.read().joins()).filteredOn(j -> j.join().equals("product"))
                        .singleElement().satisfies(j -> assertThat(j.rowsSent()).isEqualTo(2)));
    }

    @Test
    void aRetiredProductLeavesItsOrdersWithoutProductColumns() throws Exception {
        run();
        execute(CATALOG, "UPDATE products SET retired_at = '" + text(now()) + "', updated_at = '" + text(now()) + "' WHERE id = 3");

        run();

        assertViewEqualsJoin();
    }

    @Test
    void anOrderWhoseCustomerAndProductChangeInOneWindowIsWrittenOnce() throws Exception {
        run();
        execute("shard01", "UPDATE customers SET tier = 'gold', updated_at = '" + text(now()) + "' WHERE id = 1");
        execute(CATALOG, "UPDATE products SET name = 'nashi', updated_at = '" + text(now()) + "' WHERE id = 2");
        execute("shard02", "UPDATE orders SET status = 'paid', product_id = 2, updated_at = '" + text(now()) + "' WHERE id = 4");

        RunRecord second = run();

        assertViewEqualsJoin();
        Map<String, Long> written = new HashMap<>();
        runs.shardRuns(second.id()).forEach(t -> written.put(t.shard(), t.counts().rowsWritten()));
        assertThat(written).as("shard01: its customer's five orders, once each; shard02: order 3 (pear) and order 4 (moved to pear)")
                .containsEntry("shard01", 5L).containsEntry("shard02", 2L);
    }

    private RunRecord run() throws Exception {
        return views.run(definition());
    }

    private static PipelineDefinition definition() {
        return new DefinitionParser(Set.of("shop", "catalog")).parse("orders_products.yaml", """
                name: orders_products
                schedule: "*/15 * * * *"
                source:
                  connection: shop
                  table: orders
                  joins:
                    - {name: customer, table: customers, column: customer_id}
                    - {name: product, connection: catalog, table: products, column: product_id, soft_delete: {column: retired_at}}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: status, type: string}
                    - {name: updated_at, type: timestamp}
                    - {name: customer_tier, from: customer.tier, type: string}
                    - {name: product_name, from: product.name, type: string}
                """);
    }

    /** Every order's newest version on each shard equals the join computed here; no view row twice. */
    private void assertViewEqualsJoin() throws SQLException {
        Map<Long, String> products = new HashMap<>();
        try (Connection c = databases.connection(CATALOG); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name FROM products WHERE retired_at IS NULL")) {
            while (rs.next()) {
                products.put(rs.getLong(1), rs.getString(2));
            }
        }
        List<String> expected = new ArrayList<>();
        for (String shard : SHARDS) {
            try (Connection c = databases.connection(shard); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT o.id, o.status, c.tier, o.product_id FROM orders o LEFT JOIN customers c"
                         + " ON c.id = o.customer_id")) {
                while (rs.next()) {
                    expected.add(shard + "|" + rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                            + products.get(rs.getLong(4)));
                }
            }
        }
        String files = views.files("orders_products");
        List<String> latest = DuckDbLake.query("SELECT _shard, order_id, status, customer_tier, product_name FROM (SELECT *,"
                        + " row_number() OVER (PARTITION BY _shard, order_id ORDER BY _version DESC, _run_seq DESC) AS rn FROM " + files
                        + ") WHERE rn = 1").stream()
                .map(r -> r.get("_shard") + "|" + r.get("order_id") + "|" + r.get("status") + "|" + r.get("customer_tier") + "|"
                        + r.get("product_name")).toList();
        assertThat(latest).as("newest version per order vs the join of the three databases").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(DuckDbLake.query("SELECT order_id FROM " + files + " GROUP BY _shard, order_id, _version, status, customer_tier,"
                + " product_name HAVING count(*) > 1")).as("view rows loaded twice").isEmpty();
    }

    private static void execute(String database, String sql) throws SQLException {
        databases.execute(database, sql);
    }
}
