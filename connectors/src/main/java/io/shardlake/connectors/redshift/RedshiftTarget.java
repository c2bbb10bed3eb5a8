package io.shardlake.connectors.redshift;

import io.shardlake.connectors.lake.VersionOrder;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One table the sink loads: its name, the run's row schema (the columns of its Parquet files, in
 * file order), the primary key and the cursor column that orders versions of a row. Names are
 * lower-cased and checked here, once; everything downstream uses them as they are.
 *
 * @param table        target table name in the settings' schema, such as {@code orders}
 * @param schema       the output schema of the pipeline, in the column order of the run's Parquet
 *                     files (staging follows it: COPY maps Parquet columns by position); the table
 *                     has these columns by name, in the order they were added
 * @param keyColumns   output columns that identify a row (the pipeline's dedupe key), at least one
 * @param cursorColumn output column whose greatest value marks a row's latest version (the
 *                     pipeline's cursor, such as {@code updated_at}); equal cursors go to the later
 *                     extract ({@link #versionOrder})
 * @param distributionColumn the key column rows are distributed on across slices: one with many
 *                     values (a shard id has a handful, so a table keyed by it sits on a handful of slices)
 */
public record RedshiftTarget(String table, RowSchema schema, List<String> keyColumns, String cursorColumn, String distributionColumn) {

    /** A target distributed on its first key column. */
    public RedshiftTarget(String table, RowSchema schema, List<String> keyColumns, String cursorColumn) {
        this(table, schema, keyColumns, cursorColumn, keyColumns == null || keyColumns.isEmpty() ? null : keyColumns.get(0));
    }

    public RedshiftTarget {
        int max = Redshift.MAX_IDENTIFIER_LENGTH;
        table = RedshiftIdentifiers.normalize(table, "Redshift table", max);
        if (schema == null || schema.size() == 0) {
            throw new IllegalArgumentException("Redshift table '" + table + "' needs at least one column");
        }
        schema = lowerCased(schema, table, max);
        if (keyColumns == null || keyColumns.isEmpty()) {
            throw new IllegalArgumentException("Redshift table '" + table + "' needs a primary key (key columns) so a "
                    + "re-run replaces rows instead of adding them, such as [order_id]");
        }
        List<String> keys = new ArrayList<>();
        for (String key : keyColumns) {
            String name = RedshiftIdentifiers.normalize(key, "key column", max);
            requireColumn(schema, table, name, "key column");
            if (keys.contains(name)) {
                throw new IllegalArgumentException("key column '" + name + "' of Redshift table '" + table + "' is listed twice");
            }
            keys.add(name);
        }
        keyColumns = List.copyOf(keys);
        distributionColumn = RedshiftIdentifiers.normalize(distributionColumn, "distribution column", max);
        if (!keyColumns.contains(distributionColumn)) {
            throw new IllegalArgumentException("distribution column '" + distributionColumn + "' of Redshift table '" + table
                    + "' must be one of its key columns " + keyColumns);
        }
        cursorColumn = RedshiftIdentifiers.normalize(cursorColumn, "cursor column", max);
        requireColumn(schema, table, cursorColumn, "cursor column");
        ColumnType.Kind cursorKind = schema.column(schema.indexOf(cursorColumn)).type().kind();
        if (cursorKind == ColumnType.Kind.JSON || cursorKind == ColumnType.Kind.BOOLEAN) {
            throw new IllegalArgumentException("cursor column '" + cursorColumn + "' of Redshift table '" + table + "' is "
                    + cursorKind.name().toLowerCase(java.util.Locale.ROOT)
                    + ", which does not order versions; use a timestamp such as updated_at");
        }
    }

    /** The same columns with lower-cased names; two names that differ only in case are refused. */
    private static RowSchema lowerCased(RowSchema schema, String table, int max) {
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Column column : schema.columns()) {
            String name = RedshiftIdentifiers.normalize(column.name(), "column", max);
            if (name.equals(RedshiftMerge.VERSION_RANK)) {
                throw new IllegalArgumentException("column '" + name + "' of Redshift table '" + table
                        + "' has the name the merge gives its own ranking column; rename it in the pipeline");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("Redshift table '" + table + "' would have column '" + name
                        + "' twice: names that differ only in case are one name in Redshift");
            }
            columns.add(new Column(name, column.type()));
        }
        return new RowSchema(columns);
    }

    private static void requireColumn(RowSchema schema, String table, String name, String what) {
        if (!schema.contains(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a column of Redshift table '" + table
                    + "'; columns: " + columnNames(schema));
        }
    }

    private static List<String> columnNames(RowSchema schema) {
        return schema.columns().stream().map(Column::name).toList();
    }

    /** How two versions of one key are ordered: the cursor, then the later extract ({@link VersionOrder}). */
    public VersionOrder versionOrder() {
        return VersionOrder.of(schema, cursorColumn);
    }

    /** The column names in order. */
    public List<String> columnNames() {
        return columnNames(schema);
    }
}
