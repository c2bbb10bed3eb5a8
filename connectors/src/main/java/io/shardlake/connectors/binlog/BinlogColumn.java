package io.shardlake.connectors.binlog;

import io.shardlake.transforms.schema.Utf8;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.Locale;

/**
 * One column of the followed table, and how a binlog value of it (as the binlog client gives it with
 * {@code DATE_AND_TIME_AS_LONG_MICRO} and {@code CHAR_AND_BINARY_AS_BYTE_ARRAY}) becomes the value the
 * JDBC read path gives for it ({@code ColumnReader}): integers as {@code Long} (unsigned ones
 * unwrapped), {@code tinyint(1)} as {@code Boolean}, text as {@link Utf8}, {@code DATETIME} in the
 * source's zone and {@code TIMESTAMP} in UTC as an {@link Instant}, dates as {@link LocalDate}.
 *
 * @param dataType   information_schema {@code DATA_TYPE}, lower case
 * @param columnType information_schema {@code COLUMN_TYPE}, lower case ({@code int(10) unsigned})
 */
public record BinlogColumn(String name, String dataType, String columnType) {

    /** Why the binlog cannot carry this column faithfully, or null. */
    public String unsupported() {
        return switch (dataType) {
            case "enum", "set" -> "the binlog holds " + dataType + " values as member numbers; use varchar, or leave the column out";
            case "geometry", "point", "linestring", "polygon" -> "spatial values are not read from the binlog";
            default -> null;
        };
    }

    private boolean unsigned() {
        return columnType.contains("unsigned");
    }

    /** The value as the JDBC read path gives it; {@code sourceZone} is the zone of DATETIME values. */
    public Object convert(Serializable v, ZoneId sourceZone) {
        if (v == null) {
            return null;
        }
        switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int", "integer" -> {
                long n = ((Number) v).longValue();
                if (columnType.startsWith("tinyint(1)") && !unsigned()) {
                    return n != 0;
                }
                if (unsigned() && n < 0) {
                    n += switch (dataType) {
                        case "tinyint" -> 1L << 8;
                        case "smallint" -> 1L << 16;
                        case "mediumint" -> 1L << 24;
                        default -> 1L << 32;
                    };
                }
                return n;
            }
            case "bigint" -> {
                long n = ((Number) v).longValue();
                if (unsigned()) {
                    BigInteger b = BigInteger.valueOf(n);
                    return new BigDecimal(n < 0 ? b.add(BigInteger.ONE.shiftLeft(64)) : b);
                }
                return n;
            }
            case "decimal", "numeric" -> {
                return v;
            }
            case "float", "double", "real" -> {
                return ((Number) v).doubleValue();
            }
            case "bit" -> {
                BitSet bits = (BitSet) v;
                return columnType.equals("bit(1)") ? (Object) bits.get(0) : bits.toByteArray();
            }
            case "date" -> {
                return LocalDate.ofEpochDay(Math.floorDiv(((Number) v).longValue(), 86_400_000_000L));
            }
            case "datetime" -> {
                return localDateTime(((Number) v).longValue()).atZone(sourceZone).toInstant();
            }
            case "timestamp" -> {
                long micros = ((Number) v).longValue();
                return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
            }
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json" -> {
                return v instanceof byte[] b ? Utf8.wrap(b) : Utf8.of(v.toString());
            }
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> {
                return v;
            }
            case "year" -> {
                return ((Number) v).longValue();
            }
            default -> {
                return v instanceof byte[] b ? Utf8.wrap(b) : Utf8.of(v.toString());
            }
        }
    }

    /** The cursor's raw value: a DATETIME's wall time, a TIMESTAMP's in UTC (what the JDBC session at +00:00 reads). */
    public LocalDateTime cursorValue(Serializable v) {
        if (v == null) {
            return null;
        }
        return localDateTime(((Number) v).longValue());
    }

    private static LocalDateTime localDateTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000,
                ZoneOffset.UTC);
    }

    static BinlogColumn of(String name, String dataType, String columnType) {
        return new BinlogColumn(name, dataType.toLowerCase(Locale.ROOT), columnType.toLowerCase(Locale.ROOT));
    }
}
