package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import com.mysql.cj.jdbc.JdbcStatement;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;

/**
 * (Re)creates one benchmark shard database and fills its {@code orders} table: {@code LOAD DATA
 * LOCAL INFILE} streamed from memory where the server allows it, else multi-row INSERTs. The
 * {@code (updated_at, id)} index is built after the rows are in (one sorted build instead of
 * row-by-row inserts), then {@code bench_info} records what was loaded so a later run can reuse it.
 */
final class ShardLoader {

    static final String ORDERS_DDL = """
            CREATE TABLE orders (
              id BIGINT NOT NULL PRIMARY KEY,
              customer_id BIGINT NOT NULL,
              status VARCHAR(20) NOT NULL,
              amount DECIMAL(12,2) NOT NULL,
              currency CHAR(3) NOT NULL,
              note VARCHAR(255) NULL,
              payload LONGTEXT NULL,
              created_at DATETIME(3) NOT NULL,
              updated_at DATETIME(3) NOT NULL
            ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4""";

    static final String CURSOR_INDEX = "ALTER TABLE orders ADD INDEX orders_cursor (updated_at, id)";

    /** Bytes of every value in its text form, what the server sends (less length prefixes). */
    static final String VALUE_BYTES_SQL = "SELECT COUNT(*), SUM(LENGTH(id) + LENGTH(customer_id) + LENGTH(status) + LENGTH(amount)"
            + " + LENGTH(currency) + COALESCE(LENGTH(note), 0) + COALESCE(LENGTH(payload), 0) + LENGTH(created_at)"
            + " + LENGTH(updated_at)) FROM orders";

    private static final int LOAD_DATA_ROWS = 100_000;
    private static final int INSERT_BATCH_ROWS = 1_000;

    private final MySqlEndpoint server;

    ShardLoader(MySqlEndpoint server) {
        this.server = server;
    }

    /** Loads the shard; returns how (load data or inserts) and the value bytes loaded. */
    BenchDataset.Shard load(BenchDataset.Shard shard, long totalRows, LocalDateTime end) throws SQLException {
        try (Connection c = server.connectToServer(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + shard.database());
            s.execute("CREATE DATABASE " + shard.database() + " CHARACTER SET utf8mb4");
        }
        try (Connection c = server.connectForLoading(shard.database()); Statement s = c.createStatement()) {
            s.execute(ORDERS_DDL);
            s.execute("SET SESSION unique_checks = 0");
            try {
                loadData(c, new OrderGenerator(shard.number(), shard.rows(), end));
            } catch (SQLException e) {
                System.out.printf("load   %s: LOAD DATA LOCAL INFILE refused (%s); using multi-row INSERTs%n",
                        shard.id(), e.getMessage());
                s.execute("TRUNCATE TABLE orders");
                insert(c, new OrderGenerator(shard.number(), shard.rows(), end));
            }
            s.execute(CURSOR_INDEX);
            s.execute("ANALYZE TABLE orders");
            BenchDataset.Shard loaded = measure(c, shard);
            s.execute("CREATE TABLE bench_info (schema_version INT NOT NULL, total_rows BIGINT NOT NULL,"
                    + " row_count BIGINT NOT NULL, value_bytes BIGINT NOT NULL, loaded_at DATETIME NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_info VALUES (?, ?, ?, ?, NOW())")) {
                ps.setInt(1, BenchDataset.SCHEMA_VERSION);
                ps.setLong(2, totalRows);
                ps.setLong(3, loaded.rows());
                ps.setLong(4, loaded.valueBytes());
                ps.executeUpdate();
            }
            return loaded;
        }
    }

    private static void loadData(Connection c, OrderGenerator rows) throws SQLException {
        String sql = "LOAD DATA LOCAL INFILE 'generated-orders.tsv' INTO TABLE orders CHARACTER SET utf8mb4 ("
                + BenchDataset.ORDER_COLUMNS + ")";
        while (rows.hasNext()) {
            try (Statement s = c.createStatement()) {
                s.unwrap(JdbcStatement.class).setLocalInfileInputStream(new TsvRows(rows, LOAD_DATA_ROWS));
                s.execute(sql);
            }
        }
    }

    private static void insert(Connection c, OrderGenerator rows) throws SQLException {
        String sql = "INSERT INTO orders (" + BenchDataset.ORDER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int batched = 0;
            while (rows.hasNext()) {
                OrderGenerator.Order o = rows.next();
                ps.setLong(1, o.id());
                ps.setLong(2, o.customerId());
                ps.setString(3, o.status());
                ps.setBigDecimal(4, new BigDecimal(o.amount()));
                ps.setString(5, o.currency());
                ps.setString(6, o.note());
                ps.setString(7, o.payload());
                // Text, not setObject(LocalDateTime): the driver drops fractions against MariaDB.
                ps.setString(8, TsvRows.timestamp(o.createdAt()));
                ps.setString(9, TsvRows.timestamp(o.updatedAt()));
                ps.addBatch();
                if (++batched == INSERT_BATCH_ROWS) {
                    ps.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                ps.executeBatch();
            }
        }
    }

    /** Row count and value bytes of the shard's orders table. */
    static BenchDataset.Shard measure(Connection c, BenchDataset.Shard shard) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(VALUE_BYTES_SQL)) {
            rs.next();
            return shard.withContents(rs.getLong(1), rs.getLong(2));
        }
    }
}
