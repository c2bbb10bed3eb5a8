package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The database {@value #DATABASE} of the dimension-change benchmark: {@code customers} and
 * {@code orders} ({@link JoinRowGenerator}) with the indexes a joined view needs: the primary keys,
 * {@code (updated_at, id)} on both tables and {@code orders (customer_id)}. Reused when it holds
 * the sizes asked for (the benchmark's own updates change values and cursors, never counts or
 * customers of orders); else (re)loaded with multi-row INSERTs on one connection, in key order,
 * the secondary indexes built afterwards (one sorted build each). Loading is not part of the benchmark.
 */
final class JoinDataset {

    static final String DATABASE = "shardlake_bench_join";

    /** Bump when the tables or the generated rows change, so an old database is reloaded. */
    static final int SCHEMA_VERSION = 1;

    static final String ORDER_COLUMNS = "id, customer_id, status, amount, payload, updated_at";

    private static final String CUSTOMERS_DDL = """
            CREATE TABLE customers (
              id BIGINT NOT NULL PRIMARY KEY,
              tier VARCHAR(16) NOT NULL,
              country CHAR(2) NOT NULL,
              attributes TEXT NOT NULL,
              updated_at DATETIME(3) NOT NULL
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4""";

    private static final String ORDERS_DDL = """
            CREATE TABLE orders (
              id BIGINT NOT NULL PRIMARY KEY,
              customer_id BIGINT NOT NULL,
              status VARCHAR(20) NOT NULL,
              amount DECIMAL(12,2) NOT NULL,
              payload TEXT NOT NULL,
              updated_at DATETIME(3) NOT NULL
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4""";

    private static final int INSERT_BATCH_ROWS = 1_000;

    /** What the database holds. */
    record Contents(long orders, long hotOrders, int customers) {
    }

    private final MySqlEndpoint server;

    JoinDataset(MySqlEndpoint server) {
        this.server = server;
    }

    Contents ensure(JoinBenchOptions options) throws SQLException {
        Contents wanted = new Contents(options.orders(), options.hotOrders(), options.customers());
        if (!options.reload() && wanted.equals(existing())) {
            System.out.printf("load   reused %s (schema v%d): %,d orders (%,d of customer %d), %,d customers%n", DATABASE, SCHEMA_VERSION,
                    wanted.orders(), wanted.hotOrders(), JoinRowGenerator.HOT_CUSTOMER, wanted.customers());
            return wanted;
        }
        load(wanted);
        Contents loaded = existing();
        if (!wanted.equals(loaded)) {
            throw new IllegalStateException("loaded " + loaded + " but wanted " + wanted);
        }
        return loaded;
    }

    /** What the database holds, counted, when it was loaded by this schema version; else null. */
    private Contents existing() {
        try (Connection c = server.connect(DATABASE); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT schema_version FROM bench_info")) {
                if (!rs.next() || rs.getInt(1) != SCHEMA_VERSION) {
                    return null;
                }
            }
            return new Contents(count(s, "SELECT COUNT(*) FROM orders"),
                    count(s, "SELECT COUNT(*) FROM orders WHERE customer_id = " + JoinRowGenerator.HOT_CUSTOMER),
                    (int) count(s, "SELECT COUNT(*) FROM customers"));
        } catch (SQLException e) {
            return null; // no such database or table yet
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void load(Contents wanted) throws SQLException {
        // Rows end a day before today (UTC), so the first run's window covers them all.
        LocalDateTime end = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).minusDays(1);
        System.out.printf("load   loading %s: %,d customers, %,d orders (%,d of customer %d)...%n", DATABASE, wanted.customers(),
                wanted.orders(), wanted.hotOrders(), JoinRowGenerator.HOT_CUSTOMER);
        long start = System.nanoTime();
        try (Connection c = server.connectToServer(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        }
        try (Connection c = server.connectForLoading(DATABASE); Statement s = c.createStatement()) {
            s.execute(CUSTOMERS_DDL);
            s.execute(ORDERS_DDL);
            s.execute("SET SESSION unique_checks = 0");
            insertCustomers(c, wanted, end);
            insertOrders(c, wanted, end);
            s.execute("ALTER TABLE customers ADD INDEX customers_cursor (updated_at, id)");
            s.execute("ALTER TABLE orders ADD INDEX orders_cursor (updated_at, id), ADD INDEX orders_customer (customer_id)");
            s.execute("ANALYZE TABLE customers, orders");
            s.execute("CREATE TABLE bench_info (schema_version INT NOT NULL, loaded_at DATETIME NOT NULL)");
            s.execute("INSERT INTO bench_info VALUES (" + SCHEMA_VERSION + ", NOW())");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("load   done in %.1f s (%,.0f orders/s; not part of the benchmark)%n", seconds, wanted.orders() / seconds);
    }

    private static void insertCustomers(Connection c, Contents wanted, LocalDateTime end) throws SQLException {
        JoinRowGenerator rows = JoinRowGenerator.customers(end);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (id, tier, country, attributes, updated_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            Batch batch = new Batch(ps);
            for (long id = 1; id <= wanted.customers(); id++) {
                JoinRowGenerator.Customer customer = rows.customer(id);
                ps.setLong(1, customer.id());
                ps.setString(2, customer.tier());
                ps.setString(3, customer.country());
                ps.setString(4, customer.attributes());
                // Text, not setObject(LocalDateTime): the driver drops fractions against MariaDB.
                ps.setString(5, TsvRows.timestamp(customer.updatedAt()));
                batch.add();
            }
            batch.flush();
        }
    }

    private static void insertOrders(Connection c, Contents wanted, LocalDateTime end) throws SQLException {
        JoinRowGenerator rows = JoinRowGenerator.orders(end);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (" + ORDER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            Batch batch = new Batch(ps);
            for (long id = 1; id <= wanted.orders(); id++) {
                JoinRowGenerator.Order order = rows.order(id, wanted.orders(), wanted.hotOrders(), wanted.customers());
                ps.setLong(1, order.id());
                ps.setLong(2, order.customerId());
                ps.setString(3, order.status());
                ps.setBigDecimal(4, new BigDecimal(order.amount()));
                ps.setString(5, order.payload());
                ps.setString(6, TsvRows.timestamp(order.updatedAt()));
                batch.add();
            }
            batch.flush();
        }
    }

    /** A JDBC batch sent every {@value #INSERT_BATCH_ROWS} rows (the loading connection rewrites it into one multi-row INSERT). */
    private static final class Batch {
        private final PreparedStatement ps;
        private int rows;

        Batch(PreparedStatement ps) {
            this.ps = ps;
        }

        void add() throws SQLException {
            ps.addBatch();
            if (++rows == INSERT_BATCH_ROWS) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (rows > 0) {
                ps.executeBatch();
                rows = 0;
            }
        }
    }
}
