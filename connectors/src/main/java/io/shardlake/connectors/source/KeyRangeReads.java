package io.shardlake.connectors.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The replica's side of a reconciliation of keys, for a table whose primary key is one integer
 * column: the key span, a summary of every key range in one aggregate over an index (no row read:
 * InnoDB's smallest secondary index holds every key, and the optimizer scans it for a
 * {@code GROUP BY} of an expression of the key), then the keys of the ranges that differ, by
 * primary-key ranges. SQL only; {@link ShardReader} runs it on its connections.
 */
final class KeyRangeReads {

    /** Ranges listed per query: each is one range of the primary key, and MariaDB merges them. */
    static final int RANGES_PER_QUERY = 64;

    private KeyRangeReads() {
    }

    /** {@code [min, max]} of the key, or null for an empty table. */
    static long[] span(Connection c, SourceDialect dialect, String table, String key, int querySeconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(" + dialect.quote(key) + "), MAX(" + dialect.quote(key) + ") FROM "
                + dialect.quote(table))) {
            ps.setQueryTimeout(querySeconds);
            try (ResultSet rs = ps.executeQuery()) {
                int type = rs.getMetaData().getColumnType(1);
                if (type != Types.BIGINT && type != Types.INTEGER && type != Types.SMALLINT && type != Types.TINYINT) {
                    throw new SourceContractException("table " + table + ": reconciliation compares key ranges of a primary key that is"
                            + " one integer column; " + key + " is " + rs.getMetaData().getColumnTypeName(1));
                }
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
            }
        }
    }

    /** Each range holding keys: {@code range, count, hash sum}. */
    static void summarize(Connection c, SourceDialect dialect, String table, String key, long base, long width, int querySeconds,
                          ShardReader.RangeSummaryHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(summarySql(dialect, table, key), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            dialect.streamResults(ps);
            ps.setQueryTimeout(querySeconds);
            ps.setLong(1, base);
            ps.setLong(2, width);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.range(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3).longValueExact());
                }
            }
        }
    }

    /** The aggregate of {@link #summarize}, with two placeholders: the base and the width of a range. */
    static String summarySql(SourceDialect dialect, String table, String key) {
        String k = dialect.quote(key);
        return "SELECT " + dialect.integerDivision("(" + k + " - ?)", "?") + " AS r, COUNT(*) AS n, SUM(CRC32(" + k + ")) AS h FROM "
                + dialect.quote(table) + " GROUP BY r";
    }

    /** The keys in {@code ranges} ({@code [from, until)} each), ascending, with their cursor values. */
    static void list(Connection c, SourceDialect dialect, String table, String key, String cursor, List<long[]> ranges, int querySeconds,
                     ShardReader.KeyHandler handler) throws SQLException {
        String k = dialect.quote(key);
        for (int from = 0; from < ranges.size(); from += RANGES_PER_QUERY) {
            List<long[]> batch = ranges.subList(from, Math.min(ranges.size(), from + RANGES_PER_QUERY));
            StringBuilder sql = new StringBuilder("SELECT ").append(k).append(", ").append(dialect.quote(cursor)).append(" FROM ")
                    .append(dialect.quote(table)).append(" WHERE ");
            for (int i = 0; i < batch.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append('(').append(k).append(" >= ? AND ").append(k).append(" < ?)");
            }
            sql.append(" ORDER BY ").append(k);
            try (PreparedStatement ps = c.prepareStatement(sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                dialect.streamResults(ps);
                ps.setQueryTimeout(querySeconds);
                int p = 1;
                for (long[] range : batch) {
                    ps.setLong(p++, range[0]);
                    ps.setLong(p++, range[1]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handler.key(rs.getLong(1), rs.getObject(2, LocalDateTime.class));
                    }
                }
            }
        }
    }
}
