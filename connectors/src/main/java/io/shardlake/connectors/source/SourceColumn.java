package io.shardlake.connectors.source;

import java.sql.Types;
import java.util.Locale;
import java.util.Objects;

/**
 * One column of a source table as the source's catalog describes it.
 *
 * @param name       the column name exactly as the catalog spells it
 * @param sqlType    the database's type name, e.g. {@code DECIMAL(12,2)}, {@code DATETIME}, {@code JSON}
 * @param jdbcType   the {@link Types} code the driver reports
 * @param nullable   whether the column accepts NULL
 * @param primaryKey whether the column is part of the table's primary key
 * @param position   1-based position of the column in its key (0 when not a key column)
 */
public record SourceColumn(String name, String sqlType, int jdbcType, boolean nullable, boolean primaryKey, int position) {

    public SourceColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sqlType, "sqlType");
    }

    /**
     * The output type a definition would most likely give this column, e.g. {@code bigint} for
     * BIGINT, {@code decimal(12,2)}, {@code timestamp} for DATETIME and TIMESTAMP, {@code json} for
     * JSON, {@code boolean} for TINYINT(1)/BIT(1).
     */
    public String suggestedType() {
        String type = sqlType.toUpperCase(Locale.ROOT);
        if (type.startsWith("JSON")) {
            return "json";
        }
        return switch (jdbcType) {
            case Types.BIT, Types.BOOLEAN -> "boolean";
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> type.contains("UNSIGNED") && jdbcType == Types.INTEGER ? "bigint" : "int";
            case Types.BIGINT -> type.contains("UNSIGNED") ? "decimal(20,0)" : "bigint";
            case Types.DECIMAL, Types.NUMERIC -> decimal(type);
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> "double";
            case Types.DATE -> "date";
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp";
            default -> "string";
        };
    }

    /** {@code DECIMAL(12,2)} -> {@code decimal(12,2)}; without digits, the widest exact decimal. */
    private static String decimal(String type) {
        int open = type.indexOf('(');
        int close = type.indexOf(')', open + 1);
        if (open < 0 || close < 0) {
            return "decimal(38,10)";
        }
        String digits = type.substring(open + 1, close).replace(" ", "");
        return "decimal(" + (digits.contains(",") ? digits : digits + ",0") + ")";
    }
}
