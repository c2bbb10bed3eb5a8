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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view of orders with their items folded in (count, total quantity, the skus as a JSON array)
 * and their customer joined: after each run the lake's newest version of every order must equal
 * what the source rows give, folded here in Java, independently of the service's SQL.
 */
class OneToManyJoinIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);


    @TempDir
    Path tmp;

    private ViewTestRuns views;
    private JdbcRunRepository runs;

    @BeforeEach
    void tables() throws SQLException {
        execute("DROP TABLE IF EXISTS order_items");
        execute("DROP TABLE IF EXISTS orders");
        execute("DROP TABLE IF EXISTS customers");
        execute("CREATE TABLE customers (id BIGINT NOT NULL PRIMARY KEY, tier VARCHAR(16) NOT NULL, updated_at DATETIME(3) NOT NULL,"
                + " KEY customers_cursor (updated_at, id))");
        execute("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, customer_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL,"
                + " updated_at DATETIME(3) NOT NULL, KEY orders_cursor (updated_at, id), KEY orders_customer (customer_id))");
        execute("CREATE TABLE order_items (id BIGINT NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL, sku VARCHAR(20) NOT NULL,"
                + " quantity INT NOT NULL, updated_at DATETIME(3) NOT NULL, KEY items_cursor (updated_at, id), KEY items_order (order_id))");
        LocalDateTime old = now().minusHours(1);
        execute("INSERT INTO customers VALUES (1, 'silver', '" + text(old) + "')");
        for (long o = 1; o <= 5; o++) {
            execute("INSERT INTO orders VALUES (" + o + ", 1, 'new', '" + text(old.plusSeconds(o)) + "')");
        }
        // order 1: three items, order 2: one, orders 3-5: none
        item(1, 1, "apple", 2, old);
        item(2, 1, "pear", 1, old);
        item(3, 1, "fig", 5, old);
        item(4, 2, "kiwi", 3, old);
        views = new ViewTestRuns(tmp, new SourceConnections(List.of(ViewTestRuns.connection("shop", shards, List.of("shard01")))), 2);
        runs = views.runs;
    }

    @Test
    void theFirstLoadFoldsEachOrdersItems() throws Exception {
        run();

        assertViewEqualsSource();
        assertThat(latest(3)).as("no items: count 0, no total, no skus").isEqualTo("0|null|null|silver");
    }

    @Test
    void anItemAddedToAnOrderAlreadyInTheLakeWritesTheOrderAgain() throws Exception {
        run();
        item(5, 3, "plum", 4, now());

        RunRecord second = run();

        assertViewEqualsSource();
        assertThat(latest(3)).isEqualTo("1|4|[plum]|silver");
        ShardRunRecord task = runs.shardRuns(second.id()).get(0);
        assertThat(task.counts().rowsWritten()).as("order 3 only").isEqualTo(1);
        assertThat(task.read().joins()).extracting(ShardReadCost.JoinRead::join, ShardReadCost.JoinRead::rowsSent)
                .containsExactly(org.assertj.core.api.Assertions.tuple("customer", 0L), org.assertj.core.api.Assertions.tuple("items", 1L));
    }

    @Test
    void anItemChangedOrRemovedWithItsOrderTouchedIsFoldedAgain() throws Exception {
        run();
        execute("UPDATE order_items SET quantity = 10, updated_at = '" + text(now()) + "' WHERE id = 1");
        // a hard delete leaves no cursor behind: the order's own change is what is seen
        execute("DELETE FROM order_items WHERE id = 4");
        execute("UPDATE orders SET status = 'edited', updated_at = '" + text(now()) + "' WHERE id = 2");

        run();

        assertViewEqualsSource();
        assertThat(latest(1)).isEqualTo("3|16|[apple, fig, pear]|silver");
        assertThat(latest(2)).isEqualTo("0|null|null|silver");
    }

    @Test
    void aCustomerChangeAndAnItemChangeOfOneOrderInOneWindowWriteItOnce() throws Exception {
        run();
        execute("UPDATE customers SET tier = 'gold', updated_at = '" + text(now()) + "' WHERE id = 1");
        item(6, 2, "lime", 1, now());

        RunRecord second = run();

        assertViewEqualsSource();
        assertThat(runs.shardRuns(second.id()).get(0).counts().rowsWritten()).as("each of the five orders once").isEqualTo(5);
    }

    @Test
    void itemsFoldedIntoAJsonArrayExplodeIntoOneViewRowEach() throws Exception {
        run(explodedDefinition());
        item(5, 3, "plum", 4, now());

        run(explodedDefinition());

        String files = views.files("order_lines");
        List<String> lines = DuckDbLake.query("SELECT order_id, sku, quantity FROM (SELECT *, row_number() OVER (PARTITION BY order_id,"
                        + " sku ORDER BY _version DESC, _run_seq DESC) AS rn FROM " + files + ") WHERE rn = 1 AND sku IS NOT NULL"
                        + " ORDER BY order_id, sku").stream()
                .map(r -> r.get("order_id") + " " + r.get("sku") + " " + r.get("quantity")).toList();
        assertThat(lines).containsExactly("1 apple 2", "1 fig 5", "1 pear 1", "2 kiwi 3", "3 plum 4");
    }

    private static PipelineDefinition explodedDefinition() {
        return new DefinitionParser(Set.of("shop")).parse("order_lines.yaml", """
                name: order_lines
                schedule: "*/15 * * * *"
                source:
                  connection: shop
                  table: orders
                  joins:
                    - name: items
                      table: order_items
                      type: many
                      column: order_id
                      aggregates:
                        - {name: lines, function: json_array, of: [sku, quantity]}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: updated_at, type: timestamp}
                  json:
                    - column: items.lines
                      explode:
                        path: $
                        index_as: line
                        fields:
                          - {name: sku, path: $.sku, type: string}
                          - {name: quantity, path: $.quantity, type: int}
                """);
    }

    private void item(long id, long order, String sku, int quantity, LocalDateTime at) throws SQLException {
        execute("INSERT INTO order_items VALUES (" + id + ", " + order + ", '" + sku + "', " + quantity + ", '" + text(at) + "')");
    }

    private RunRecord run() throws Exception {
        return run(definition());
    }

    private RunRecord run(PipelineDefinition definition) throws Exception {
        return views.run(definition);
    }

    private static PipelineDefinition definition() {
        return new DefinitionParser(Set.of("shop")).parse("orders_items.yaml", """
                name: orders_items
                schedule: "*/15 * * * *"
                source:
                  connection: shop
                  table: orders
                  joins:
                    - {name: customer, table: customers, column: customer_id}
                    - name: items
                      table: order_items
                      type: many
                      column: order_id
                      aggregates:
                        - {name: count, function: count}
                        - {name: quantity, function: sum, of: [quantity]}
                        - {name: skus, function: json_array, of: [sku]}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: status, type: string}
                    - {name: updated_at, type: timestamp}
                    - {name: item_count, from: items.count, type: bigint}
                    - {name: quantity, from: items.quantity, type: bigint}
                    - {name: skus, from: items.skus, type: json}
                    - {name: customer_tier, from: customer.tier, type: string}
                """);
    }

    /** Every order's newest version in the lake equals its source rows folded here; no view row twice. */
    private void assertViewEqualsSource() throws SQLException {
        Map<Long, List<String[]>> items = new TreeMap<>();
        List<String> expected = new ArrayList<>();
        try (Connection c = shards.connection("shard01"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT order_id, sku, quantity FROM order_items")) {
                while (rs.next()) {
                    items.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new String[] {rs.getString(2), rs.getString(3)});
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT o.id, o.status, c.tier FROM orders o JOIN customers c ON c.id = o.customer_id")) {
                while (rs.next()) {
                    List<String[]> its = items.getOrDefault(rs.getLong(1), List.of());
                    Set<String> skus = new TreeSet<>();
                    its.forEach(i -> skus.add(i[0]));
                    String quantity = its.isEmpty() ? "null" : String.valueOf(its.stream().mapToLong(i -> Long.parseLong(i[1])).sum());
                    expected.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + its.size() + "|" + quantity + "|"
                            + (skus.isEmpty() ? "null" : skus) + "|" + rs.getString(3));
                }
            }
        }
        List<String> latest = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            String status = String.valueOf(DuckDbLake.query("SELECT status FROM " + files() + " WHERE order_id = " + id
                    + " ORDER BY _version DESC, _run_seq DESC LIMIT 1").get(0).get("status"));
            String[] rest = latest(id).split("\\|", 2);
            latest.add(id + "|" + status + "|" + rest[0] + "|" + rest[1]);
        }
        assertThat(latest).as("newest version per order vs the source folded independently").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(DuckDbLake.query("SELECT order_id FROM " + files()
                + " GROUP BY order_id, _version, status, item_count, quantity, skus, customer_tier HAVING count(*) > 1"))
                .as("view rows loaded twice").isEmpty();
    }

    /** count|quantity|sorted skus|tier of the order's newest version. */
    private String latest(long orderId) {
        Map<String, Object> row = DuckDbLake.query("SELECT item_count, quantity, skus, customer_tier FROM " + files()
                + " WHERE order_id = " + orderId + " ORDER BY _version DESC, _run_seq DESC LIMIT 1").get(0);
        Object skus = row.get("skus");
        Set<String> sorted = new TreeSet<>();
        if (skus != null) {
            for (String part : skus.toString().replaceAll("[\\[\\]{}\" ]", "").split(",")) {
                sorted.add(part.substring(part.indexOf(':') + 1));
            }
        }
        return row.get("item_count") + "|" + row.get("quantity") + "|" + (skus == null ? "null" : sorted) + "|" + row.get("customer_tier");
    }

    private String files() {
        return views.files("orders_items");
    }

    private static void execute(String sql) throws SQLException {
        shards.execute("shard01", sql);
    }
}
