package io.shardlake.engine.current;

import io.shardlake.connectors.lake.VersionOrder;
import io.shardlake.engine.sink.SinkTable;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.RowSchema;
import java.util.List;

/**
 * A table's rows as the current-state table sees them: which columns are the key and which
 * order versions ({@link VersionOrder}, the rule of the {@code _latest} view and the Redshift merge).
 */
final class TableRows {

    private final RowSchema schema;
    private final int[] key;
    private final int[] version;
    private final List<Column> keyColumns;

    TableRows(SinkTable table) {
        this.schema = table.schema();
        this.key = positions(schema, table.primaryKey());
        this.version = positions(schema, VersionOrder.of(schema, table.cursor()).columns());
        this.keyColumns = table.primaryKey().stream().map(c -> schema.column(schema.indexOf(c))).toList();
    }

    private static int[] positions(RowSchema schema, List<String> columns) {
        return columns.stream().mapToInt(schema::indexOf).toArray();
    }

    RowSchema schema() {
        return schema;
    }

    CurrentKey keyOf(Object[] row) {
        return CurrentKey.of(row, key);
    }

    CurrentKey decodeKey(String text) {
        return CurrentKey.decode(text, keyColumns);
    }

    /** The newer of two versions of one key; {@code candidate} when they are equal (the same version read again). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object[] newer(Object[] current, Object[] candidate) {
        for (int p : version) {
            Object a = candidate[p];
            Object b = current[p];
            if (a == b) {
                continue;
            }
            if (a == null || b == null) {
                return a == null ? current : candidate;
            }
            int c = ((Comparable) a).compareTo(b);
            if (c != 0) {
                return c > 0 ? candidate : current;
            }
        }
        return candidate;
    }
}
