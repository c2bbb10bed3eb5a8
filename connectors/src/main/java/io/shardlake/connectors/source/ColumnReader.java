package io.shardlake.connectors.source;

import io.shardlake.transforms.schema.Utf8;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Reads one column of the current row into the value the transforms expect, chosen once per
 * query from the result metadata so the per-row path is a single virtual call.
 */
@FunctionalInterface
interface ColumnReader {

    Object read(ResultSet rs) throws SQLException;

    /**
     * @param sourceZone zone of DATETIME values; the dialect says which types arrive in UTC instead
     */
    static ColumnReader forColumn(ResultSetMetaData md, int column, ZoneId sourceZone, SourceDialect dialect)
            throws SQLException {
        boolean textAsBytes = dialect.textAsBytes();
        String typeName = md.getColumnTypeName(column).toUpperCase(Locale.ROOT);
        int type = md.getColumnType(column);
        switch (type) {
            case Types.BIT, Types.BOOLEAN -> {
                return rs -> {
                    boolean b = rs.getBoolean(column);
                    return rs.wasNull() ? null : b;
                };
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> {
                return rs -> {
                    long v = rs.getLong(column);
                    return rs.wasNull() ? null : v;
                };
            }
            case Types.BIGINT -> {
                if (typeName.contains("UNSIGNED")) {
                    return rs -> rs.getBigDecimal(column); // may exceed Long.MAX_VALUE
                }
                return rs -> {
                    long v = rs.getLong(column);
                    return rs.wasNull() ? null : v;
                };
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                return rs -> rs.getBigDecimal(column);
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                return rs -> {
                    double v = rs.getDouble(column);
                    return rs.wasNull() ? null : v;
                };
            }
            case Types.DATE -> {
                return rs -> rs.getObject(column, LocalDate.class);
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                ZoneId zone = dialect.columnZone(typeName, sourceZone);
                return rs -> {
                    LocalDateTime t = rs.getObject(column, LocalDateTime.class);
                    return t == null ? null : t.atZone(zone).toInstant();
                };
            }
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> {
                return text(column, textAsBytes);
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                if (typeName.equals("JSON")) {
                    return text(column, textAsBytes);
                }
                return rs -> rs.getBytes(column);
            }
            default -> {
                if (typeName.equals("JSON")) {
                    return text(column, textAsBytes);
                }
                return rs -> {
                    Object v = rs.getObject(column);
                    return v == null ? null : Utf8.of(v.toString());
                };
            }
        }
    }

    private static ColumnReader text(int column, boolean textAsBytes) {
        if (textAsBytes) {
            return rs -> {
                byte[] b = rs.getBytes(column);
                return b == null ? null : Utf8.wrap(b);
            };
        }
        return rs -> {
            String s = rs.getString(column);
            return s == null ? null : Utf8.of(s);
        };
    }
}
