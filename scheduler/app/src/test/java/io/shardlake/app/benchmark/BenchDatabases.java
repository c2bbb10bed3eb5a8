package io.shardlake.app.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's databases on the MySQL-compatible server: 12 tiny shard databases
 * {@code shardlake_schedbench_s01..s12} (created once, reused while they hold the expected rows)
 * and a metadata database {@code shardlake_schedbench_meta}, dropped and created empty for every
 * benchmark so Flyway migrates it and no earlier run's history or schedules remain.
 */
final class BenchDatabases {

    static final String SHARD_PREFIX = "shardlake_schedbench_s";
    static final String METADATA = "shardlake_schedbench_meta";
    static final String TABLE = "events";

    /** Rows a few years old: every run after the first finds nothing new, as most 15-minute runs of quiet tables do. */
    private static final String OLD_TIMESTAMP = "2024-01-01 00:00:00.000";

    private final MySqlEndpoint server;

    BenchDatabases(MySqlEndpoint server) {
        this.server = server;
    }

    /** The shard databases, in order; each created and filled unless it already holds {@code rows} rows. */
    List<String> ensureShards(int shards, int rows) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = server.connectToServer(); Statement s = c.createStatement()) {
            for (int i = 1; i <= shards; i++) {
                String db = String.format("%s%02d", SHARD_PREFIX, i);
                s.execute("CREATE DATABASE IF NOT EXISTS " + db + " CHARACTER SET utf8mb4");
                s.execute("CREATE TABLE IF NOT EXISTS " + db + "." + TABLE + " (id BIGINT NOT NULL PRIMARY KEY,"
                        + " status VARCHAR(16) NOT NULL, amount DECIMAL(12,2) NOT NULL, updated_at DATETIME(3) NOT NULL,"
                        + " KEY events_cursor (updated_at, id))");
                if (count(s, db) != rows) {
                    s.execute("DELETE FROM " + db + "." + TABLE);
                    fill(c, db, rows);
                }
                names.add(db);
            }
        }
        return names;
    }

    private static long count(Statement s, String db) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + db + "." + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void fill(Connection c, String db, int rows) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + db + "." + TABLE
                + " (id, status, amount, updated_at) VALUES (?, ?, ?, CAST(? AS DATETIME(3)) + INTERVAL ? SECOND)")) {
            for (int id = 1; id <= rows; id++) {
                insert.setLong(1, id);
                insert.setString(2, id % 3 == 0 ? "shipped" : "new");
                insert.setBigDecimal(3, java.math.BigDecimal.valueOf(id * 125L, 2));
                insert.setString(4, OLD_TIMESTAMP);
                insert.setInt(5, id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Drops and creates the metadata database: the service migrates it at start. */
    void resetMetadata() throws SQLException {
        try (Connection c = server.connectToServer(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + METADATA);
            s.execute("CREATE DATABASE " + METADATA + " CHARACTER SET utf8mb4");
        }
    }

    /** Runs of every pipeline still QUEUED or RUNNING, read on the benchmark's own connection (not counted). */
    int unfinishedRuns() throws SQLException {
        try (Connection c = server.connect(METADATA); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pipeline_run WHERE state IN ('QUEUED', 'RUNNING')")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Runs in every state, per trigger kind and state, e.g. {@code SCHEDULED/SKIPPED=1000}. */
    List<String> runStates() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(METADATA); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT trigger_kind, state, COUNT(*) FROM pipeline_run GROUP BY trigger_kind, state"
                     + " ORDER BY trigger_kind, state")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "/" + rs.getString(2) + "=" + rs.getLong(3));
            }
        }
        return out;
    }

    String metadataUrl() {
        return server.jdbcUrl(METADATA);
    }

    String shardUrl(String database) {
        return server.jdbcUrl(database);
    }
}
