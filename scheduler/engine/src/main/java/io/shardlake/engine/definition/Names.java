package io.shardlake.engine.definition;

import io.shardlake.connectors.source.ExtractQuery;
import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.schema.Column;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The naming rules of definitions, as {@link FieldReader.ValueParser}s. Output names are
 * lower_snake_case because Athena reads Parquet columns by (case-folded) name; source names only
 * need to be plain SQL identifiers, since they are quoted by the dialect.
 */
final class Names {

    private static final Pattern LOWER_SNAKE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private Names() {
    }

    /** A pipeline or target table name. */
    static String lowerSnake(String text) {
        if (!LOWER_SNAKE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not lower_snake_case: use a-z, 0-9 and _, starting with a letter,"
                    + " at most 63 characters, e.g. orders_daily");
        }
        return text;
    }

    /** A column of the output view: lower_snake_case, and never an audit column's reserved {@code _} prefix. */
    static String outputColumn(String text) {
        if (text.startsWith("_")) {
            throw new IllegalArgumentException("'" + text + "' starts with _, which is reserved for the audit columns "
                    + AuditColumns.ALL.stream().map(Column::name).collect(Collectors.joining(", ")));
        }
        if (!LOWER_SNAKE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not lower_snake_case (Athena reads Parquet columns by name):"
                    + " use a-z, 0-9 and _, starting with a letter, at most 63 characters, e.g. order_id");
        }
        return text;
    }

    /**
     * A column the transform reads: a source table's column, or {@code <join>.<column>} for a column
     * of a joined table.
     */
    static String sourceColumn(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return identifier(text);
        }
        if (!LOWER_SNAKE.matcher(text.substring(0, dot)).matches() || !ExtractQuery.isIdentifier(text.substring(dot + 1))) {
            throw new IllegalArgumentException("'" + text + "' is neither a plain SQL identifier nor <join>.<column>, a column of a"
                    + " joined table (a join's name is lower_snake_case), e.g. customer.tier");
        }
        return text;
    }

    /** The join a {@link #sourceColumn} names, or null for a column of the source table itself. */
    static String joinOf(String sourceColumn) {
        int dot = sourceColumn == null ? -1 : sourceColumn.indexOf('.');
        return dot < 0 ? null : sourceColumn.substring(0, dot);
    }

    /** A source table or column, later quoted into SQL. */
    static String identifier(String text) {
        if (!ExtractQuery.isIdentifier(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a plain SQL identifier: use letters, digits, _ and $,"
                    + " starting with a letter or _, at most 64 characters, e.g. updated_at");
        }
        return text;
    }
}
