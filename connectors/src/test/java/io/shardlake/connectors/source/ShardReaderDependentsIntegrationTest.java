package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.MySqlShards;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What re-reading the rows that depend on changed joined rows costs the replica: each dependent
 * row once through the index on the join column, its joined row by key, whatever the number of
 * changed keys and pages; never the whole batch's dependents joined and sorted again per page.
 */
class ShardReaderDependentsIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    private static final int CUSTOMERS = 20_000;
    private static final int CHANGED_CUSTOMERS = 1_200;
    private static final int ORDERS_PER_CUSTOMER = 3;

    /** One connection, so the session counters add up across the reader's queries. */
    private final ShardDataSources pools = new ShardDataSources(shards.user(), shards.password(), 1, SourceTimeouts.DEFAULTS);

    @BeforeAll
    static void tables() throws Exception {
        shards.execute("shard01", "CREATE TABLE customers (id BIGINT PRIMARY KEY, tier VARCHAR(16) NOT NULL,"
                + " updated_at DATETIME(3) NOT NULL, KEY customers_cursor (updated_at, id))");
        shards.execute("shard01", "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, status VARCHAR(20) NOT NULL,"
                + " updated_at DATETIME(3) NOT NULL, KEY orders_cursor (updated_at, id), KEY orders_customer (customer_id))");
        // The first customers changed in the window; their orders did not.
        StringBuilder customers = new StringBuilder();
        StringBuilder orders = new StringBuilder();
        for (int c = 1; c <= CUSTOMERS; c++) {
            customers.append(c == 1 ? "" : ",").append("(").append(c).append(c <= CHANGED_CUSTOMERS ? ", 'gold', '2026-01-02 00:00:00.000')" : ", 'silver', '2026-01-01 00:00:00.000')");
            for (int o = 0; o < ORDERS_PER_CUSTOMER; o++) {
                long id = (long) o * CUSTOMERS + c; // a customer's orders are spread over the table
                orders.append(orders.isEmpty() ? "" : ",").append("(").append(id).append(", ").append(c)
                        .append(", 'paid', '2026-01-01 00:00:00.000')");
            }
        }
        shards.execute("shard01", "INSERT INTO customers VALUES " + customers);
        shards.execute("shard01", "INSERT INTO orders VALUES " + orders);
        shards.execute("shard01", "ANALYZE TABLE customers, orders");
    }

    @AfterEach
    void close() {
        pools.close();
    }

    @ParameterizedTest(name = "inner join: {0}")
    @ValueSource(booleans = {false, true})
    void theReplicaReadsEachDependentRowAndItsJoinedRowOnceThroughTheIndexOnTheJoinColumn(boolean inner) throws Exception {
        ExtractQuery query = new ExtractQuery("orders", List.of("id", "status", "customer.tier"), "updated_at", List.of("id"),
                List.of(JoinedTable.manyToOne("customer", "customers", "customer_id", "id", inner, "updated_at", null)), null);
        Shard shard = new Shard("shard01", shards.jdbcUrl("shard01"));
        ShardReader reader = new ShardReader(shard, pools.forShard(shard), new MySqlDialect(), ZoneOffset.UTC, null);
        List<Long> ids = new ArrayList<>();

        // a thousand changed keys at a time, their dependents in pages of 500
        JoinReadCost cost = reader.readDependents(query, 0, new ExtractWindow(LocalDateTime.parse("2026-01-02T00:00"),
                LocalDateTime.parse("2026-01-03T00:00")), 1_000, 500, (values, version) -> ids.add((Long) values[0]));

        assertThat(ids).hasSize(CHANGED_CUSTOMERS * ORDERS_PER_CUSTOMER).doesNotHaveDuplicates();
        assertThat(cost.changedRows()).isEqualTo(CHANGED_CUSTOMERS);
        // An IN list of 1,000 keys or more becomes a subquery on MariaDB, and an inner join lets it start from the
        // joined table: every page then joined and sorted all the dependents of its keys again (~14 reads per row here).
        assertThat((double) cost.rowsExamined() / cost.rowsSent()).as("rows examined per dependent row").isLessThan(2.5);
    }
}
