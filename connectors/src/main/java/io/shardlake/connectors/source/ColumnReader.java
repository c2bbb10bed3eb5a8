package io.shardlake.connectors.source;

import io.shardlake.transforms.schema.Utf8;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
                return integer(column, textAsBytes);
            }
            case Types.BIGINT -> {
                if (typeName.contains("UNSIGNED")) {
                    return rs -> rs.getBigDecimal(column); // may exceed Long.MAX_VALUE
                }
                return integer(column, textAsBytes);
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                if (textAsBytes) {
                    return rs -> {
                        byte[] b = rs.getBytes(column);
                        if (b == null) {
                            return null;
                        }
                        BigDecimal d = MySqlTextValues.decimal(b);
                        return d != null ? d : rs.getBigDecimal(column);
                    };
                }
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
                // DATETIME text is parsed here; TIMESTAMP goes through the driver, which owns its
                // session-zone rules.
                return new Timestamp(column, dialect.columnZone(typeName, sourceZone), textAsBytes && typeName.equals("DATETIME"));
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

    /**
     * The reader of a TIMESTAMP or DATETIME column: its {@link LocalDateTime} in the column's zone,
     * as an {@link Instant}. It keeps the last value it read, so a reader that also needs that raw
     * value (the cursor) fetches it once per row, not twice.
     */
    final class Timestamp implements ColumnReader {
        private final int column;
        private final ZoneId zone;
        // Fixed offsets (UTC above all) convert without ZoneRules, which Java 17 allocates per call.
        private final ZoneOffset offset;
        /** Whether to parse the text protocol's bytes ({@link MySqlTextValues}) before asking the driver. */
        private final boolean parseText;
        private LocalDateTime last;
        /** The last value as an instant at {@link #offset} when {@link #last} is left to derive from it. */
        private Instant lastAtOffset;

        Timestamp(int column, ZoneId zone, boolean parseText) {
            this.column = column;
            this.zone = zone;
            this.parseText = parseText;
            this.offset = zone.normalized() instanceof ZoneOffset o ? o : null;
        }

        @Override
        public Object read(ResultSet rs) throws SQLException {
            lastAtOffset = null;
            if (parseText) {
                byte[] b = rs.getBytes(column);
                if (b == null) {
                    last = null;
                    return null;
                }
                Instant parsed = MySqlTextValues.instant(b, offset != null ? offset : ZoneOffset.UTC);
                if (parsed != null) {
                    if (offset != null) {
                        last = null; // derived when asked: most columns are not the cursor
                        lastAtOffset = parsed;
                        return parsed;
                    }
                    last = LocalDateTime.ofEpochSecond(parsed.getEpochSecond(), parsed.getNano(), ZoneOffset.UTC);
                    return last.atZone(zone).toInstant();
                }
            }
            LocalDateTime t = rs.getObject(column, LocalDateTime.class);
            last = t;
            if (t == null) {
                return null;
            }
            return offset != null ? t.toInstant(offset) : t.atZone(zone).toInstant();
        }

        ZoneId zone() {
            return zone;
        }

        /** The value the last {@link #read} fetched, before conversion. */
        LocalDateTime last() {
            if (lastAtOffset != null) {
                last = LocalDateTime.ofEpochSecond(lastAtOffset.getEpochSecond(), lastAtOffset.getNano(), offset);
                lastAtOffset = null;
            }
            return last;
        }
    }

    /** A whole number as a {@code Long}; from the text protocol's bytes when they hold one of at most 18 digits. */
    private static ColumnReader integer(int column, boolean textAsBytes) {
        if (textAsBytes) {
            return rs -> {
                byte[] b = rs.getBytes(column);
                if (b == null) {
                    return null;
                }
                Long v = MySqlTextValues.integer(b);
                return v != null ? v : rs.getLong(column);
            };
        }
        return rs -> {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : v;
        };
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
