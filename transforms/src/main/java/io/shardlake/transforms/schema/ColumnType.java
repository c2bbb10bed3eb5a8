package io.shardlake.transforms.schema;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type of the output view. Each type maps to exactly one Parquet type that Athena reads
 * correctly (see {@code ParquetSchemas} in connectors): timestamps are UTC instants in
 * milliseconds, decimals keep their declared precision and scale, strings are UTF-8.
 *
 * <p>Written in definitions as {@code string}, {@code bigint}, {@code int}, {@code double},
 * {@code boolean}, {@code timestamp}, {@code date}, {@code json} (JSON text kept as a string)
 * or {@code decimal(p,s)}.
 */
public final class ColumnType {

    public enum Kind { STRING, JSON, BIGINT, INT, DOUBLE, BOOLEAN, TIMESTAMP, DATE, DECIMAL }

    /** Largest precision Athena accepts for a decimal. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    public static final ColumnType STRING = new ColumnType(Kind.STRING, 0, 0);
    public static final ColumnType JSON = new ColumnType(Kind.JSON, 0, 0);
    public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, 0, 0);
    public static final ColumnType INT = new ColumnType(Kind.INT, 0, 0);
    public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, 0, 0);
    public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 0, 0);
    public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, 0, 0);
    public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);

    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    private final Kind kind;
    private final int precision;
    private final int scale;

    private ColumnType(Kind kind, int precision, int scale) {
        this.kind = kind;
        this.precision = precision;
        this.scale = scale;
    }

    public static ColumnType decimal(int precision, int scale) {
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
            throw new IllegalArgumentException("decimal precision must be 1.." + MAX_DECIMAL_PRECISION + ", was " + precision);
        }
        if (scale < 0 || scale > precision) {
            throw new IllegalArgumentException("decimal scale must be 0..precision (" + precision + "), was " + scale);
        }
        return new ColumnType(Kind.DECIMAL, precision, scale);
    }

    /**
     * Parses a type as written in a definition.
     *
     * @throws IllegalArgumentException naming the accepted types when {@code text} is not one
     */
    public static ColumnType parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("type is missing; use one of " + accepted());
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DECIMAL.matcher(t);
        if (m.matches()) {
            return decimal(size(m.group(1)), size(m.group(2)));
        }
        return switch (t) {
            case "string", "varchar", "text" -> STRING;
            case "json" -> JSON;
            case "bigint", "long" -> BIGINT;
            case "int", "integer" -> INT;
            case "double" -> DOUBLE;
            case "boolean", "bool" -> BOOLEAN;
            case "timestamp" -> TIMESTAMP;
            case "date" -> DATE;
            default -> throw new IllegalArgumentException("unknown type '" + text + "'; use one of " + accepted());
        };
    }

    /** Digits too many for an int are out of range anyway; decimal() then names the limits. */
    private static int size(String digits) {
        return new BigInteger(digits).min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    }

    public static String accepted() {
        return "string, json, bigint, int, double, boolean, timestamp, date, decimal(p,s)";
    }

    public Kind kind() {
        return kind;
    }

    public int precision() {
        return precision;
    }

    public int scale() {
        return scale;
    }

    public boolean isTextual() {
        return kind == Kind.STRING || kind == Kind.JSON;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnType other && kind == other.kind && precision == other.precision && scale == other.scale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, precision, scale);
    }

    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "decimal(" + precision + "," + scale + ")" : kind.name().toLowerCase(Locale.ROOT);
    }
}
