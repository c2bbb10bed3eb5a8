package io.shardlake.connectors.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** The in-memory H2 databases (MySQL mode) of the built-in demo source. Never a replica. */
public final class H2Dialect implements SourceDialect {

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String timestampParameter() {
        return "CAST(? AS TIMESTAMP(6))";
    }

    @Override
    public String connectionInitSql() {
        return null;
    }

    @Override
    public Instant utcNow(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP(6)")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    @Override
    public ReplicaLag replicaLag(Connection connection) {
        return ReplicaLag.notAReplica();
    }

    @Override
    public void streamResults(Statement statement) throws SQLException {
        statement.setFetchSize(1000);
    }

    @Override
    public ZoneId columnZone(String typeName, ZoneId sourceZone) {
        return sourceZone;
    }

    @Override
    public boolean textAsBytes() {
        return false;
    }

    /** The demo's small tables: H2's own join order will do. */
    @Override
    public String orderedInnerJoin() {
        return "JOIN";
    }

    /** H2 picks its primary-key index for a range and order on the key by itself. */
    @Override
    public String primaryKeyIndexHint() {
        return null;
    }

    /** H2 keeps no per-session row counters. */
    @Override
    public long rowsExamined(Connection connection) {
        return -1;
    }

    /** An exact count: H2 shards are the embedded demo and tests, never a production replica. */
    @Override
    public long estimateRows(Connection connection, String rangeQuery, Parameters parameters) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM (" + rangeQuery + ") AS estimated")) {
            parameters.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** H2 divides integers as integers; it has no DIV. */
    @Override
    public String integerDivision(String dividend, String divisor) {
        return "CAST(" + dividend + " AS BIGINT) / CAST(" + divisor + " AS BIGINT)";
    }
}
