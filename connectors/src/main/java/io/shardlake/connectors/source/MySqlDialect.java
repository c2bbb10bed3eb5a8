package io.shardlake.connectors.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * MySQL 8 and MariaDB replicas through mysql-connector-j.
 *
 * <ul>
 *   <li>Cursor values are bound as text and cast in SQL: the driver drops the fraction of bound
 *       timestamps against MariaDB, which would silently lose rows at millisecond edges.</li>
 *   <li>The session runs at UTC offset {@code +00:00} (named zones are often not loaded), so
 *       TIMESTAMP columns read as UTC; DATETIME columns are read as written, in the source zone.</li>
 *   <li>Rows stream with {@code fetchSize = Integer.MIN_VALUE}: a server cursor would make
 *       MariaDB materialise the result in a temporary table first.</li>
 *   <li>Row estimates come from {@code EXPLAIN}: never a {@code COUNT(*)} over a replica.</li>
 *   <li>Rows examined are the session's {@code Handler_read_*} counters, which
 *       {@code SHOW SESSION STATUS} reads without moving them.</li>
 * </ul>
 */
public final class MySqlDialect implements SourceDialect {

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String timestampParameter() {
        return "CAST(? AS DATETIME(6))";
    }

    @Override
    public String connectionInitSql() {
        return "SET time_zone = '+00:00'";
    }

    @Override
    public Instant utcNow(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT UTC_TIMESTAMP(6)")) {
            rs.next();
            return rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }
    }

    @Override
    public ReplicaLag replicaLag(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
            return lagFrom(rs);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1064) { // only "syntax error" means: older server, try the old name
                throw e;
            }
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            return lagFrom(rs);
        }
    }

    private static ReplicaLag lagFrom(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return ReplicaLag.notAReplica();
        }
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String label = md.getColumnLabel(i);
            if (label.equalsIgnoreCase("Seconds_Behind_Source") || label.equalsIgnoreCase("Seconds_Behind_Master")) {
                long seconds = rs.getLong(i);
                return rs.wasNull()
                        ? ReplicaLag.stoppedReplication(label + " is NULL: replication is not running")
                        : ReplicaLag.of(Duration.ofSeconds(seconds));
            }
        }
        return ReplicaLag.stoppedReplication("replica status has no Seconds_Behind_* column");
    }

    @Override
    public void streamResults(Statement statement) throws SQLException {
        statement.setFetchSize(Integer.MIN_VALUE);
    }

    @Override
    public ZoneId columnZone(String typeName, ZoneId sourceZone) {
        return typeName.equalsIgnoreCase("TIMESTAMP") ? ZoneOffset.UTC : sourceZone;
    }

    @Override
    public boolean textAsBytes() {
        return true;
    }

    /**
     * The optimizer's estimate from {@code EXPLAIN}: InnoDB answers a range on an index with a few
     * index dives ({@code records_in_range}), reading no rows. Both servers name the column
     * {@code rows}; MySQL 8 adds {@code filtered} (the percentage of those rows the condition
     * keeps, 100 for a range on the cursor index; below 100 when it plans a scan instead), which
     * MariaDB 10.11 shows only with {@code EXPLAIN EXTENDED}. An empty range reads 1 (the optimizer
     * never says 0), or NULL with "Impossible WHERE" for an empty window: 0.
     */
    @Override
    public long estimateRows(Connection connection, String rangeQuery, Parameters parameters) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("EXPLAIN " + rangeQuery)) {
            parameters.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                int rowsColumn = column(rs.getMetaData(), "rows");
                int filteredColumn = column(rs.getMetaData(), "filtered");
                if (rowsColumn < 0) {
                    throw new SQLException("EXPLAIN returned no 'rows' column: " + rangeQuery);
                }
                long estimate = 0;
                while (rs.next()) { // one line for a single-table query
                    long rows = rs.getLong(rowsColumn);
                    double filtered = filteredColumn < 0 ? 100 : rs.getDouble(filteredColumn);
                    if (filteredColumn >= 0 && rs.wasNull()) {
                        filtered = 100;
                    }
                    estimate += (long) Math.ceil(rows * filtered / 100);
                }
                return estimate;
            }
        }
    }

    /** MySQL and MariaDB read the left table of a {@code STRAIGHT_JOIN} first. */
    @Override
    public String orderedInnerJoin() {
        return "STRAIGHT_JOIN";
    }

    @Override
    public String primaryKeyIndexHint() {
        return "FORCE INDEX (PRIMARY)";
    }

    /**
     * Every handler read that returns a row or index entry to the server: first/last/key (the
     * start of a range), next/prev (each step along an index), rnd (a row by position) and
     * rnd_next (each row of a table scan). Not retry or rnd_deleted, which count no new row.
     */
    @Override
    public long rowsExamined(Connection connection) throws SQLException {
        long examined = 0;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Handler\\_read\\_%'")) {
            while (rs.next()) {
                switch (rs.getString(1).toLowerCase(Locale.ROOT)) {
                    case "handler_read_first", "handler_read_last", "handler_read_key", "handler_read_next",
                         "handler_read_prev", "handler_read_rnd", "handler_read_rnd_next" -> examined += rs.getLong(2);
                    default -> {
                    }
                }
            }
        }
        return examined;
    }

    private static int column(ResultSetMetaData md, String label) throws SQLException {
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (md.getColumnLabel(i).equalsIgnoreCase(label)) {
                return i;
            }
        }
        return -1;
    }
}
