package io.shardlake.engine.benchmark;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;

/**
 * The cheapest read of a table, the benchmarks' ceiling: one streaming ({@code fetchSize =
 * Integer.MIN_VALUE}) {@code SELECT} of every column with no {@code ORDER BY} and no index hint, so
 * the server walks the clustered index in primary-key order. Every value is fetched as the Java
 * type an ETL needs (integers as long, decimals as BigDecimal, timestamps as LocalDateTime, the rest
 * as text); nothing else is done per row but a checksum that keeps the JIT from dropping the reads.
 */
final class TableScan {

    /** Rows read and their checksum. */
    record Result(long rows, long checksum) {
    }

    private enum Accessor { LONG, DECIMAL, TIMESTAMP, TEXT }

    private TableScan() {
    }

    static Result read(Connection c, String sql) throws SQLException {
        long rows = 0;
        long checksum = 0;
        try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = s.executeQuery(sql)) {
                Accessor[] accessors = accessors(rs.getMetaData());
                while (rs.next()) {
                    long row = 0;
                    for (int i = 0; i < accessors.length; i++) {
                        row ^= switch (accessors[i]) {
                            case LONG -> rs.getLong(i + 1);
                            case DECIMAL -> nullable(rs.getBigDecimal(i + 1), BigDecimal::scale);
                            case TIMESTAMP -> nullable(rs.getObject(i + 1, LocalDateTime.class), LocalDateTime::getNano);
                            case TEXT -> nullable(rs.getString(i + 1), String::length);
                        };
                    }
                    checksum = checksum * 31 + row;
                    rows++;
                }
            }
        }
        return new Result(rows, checksum);
    }

    private static Accessor[] accessors(ResultSetMetaData md) throws SQLException {
        Accessor[] accessors = new Accessor[md.getColumnCount()];
        for (int i = 0; i < accessors.length; i++) {
            accessors[i] = switch (md.getColumnType(i + 1)) {
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Accessor.LONG;
                case Types.DECIMAL, Types.NUMERIC -> Accessor.DECIMAL;
                case Types.TIMESTAMP -> Accessor.TIMESTAMP;
                default -> Accessor.TEXT;
            };
        }
        return accessors;
    }

    private static <T> long nullable(T value, java.util.function.ToIntFunction<T> digest) {
        return value == null ? 0 : digest.applyAsInt(value);
    }
}
