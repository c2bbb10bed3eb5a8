package io.shardlake.connectors.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to read from a shard: the table, the columns, the cursor and the primary key. Every name is
 * checked to be a plain identifier before it reaches SQL, and quoted by the dialect; no text from a
 * definition is ever concatenated into a query unchecked.
 *
 * <p>{@link #selectColumns()} is {@code columns} followed by the cursor and key columns that were
 * not already among them, so callers can rely on the positions of {@code columns}.
 */
public record ExtractQuery(String table, List<String> columns, String cursor, List<String> primaryKey) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,63}");

    public ExtractQuery {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        requireIdentifier(table, "source.table");
        requireIdentifier(cursor, "source.cursor");
        if (primaryKey.isEmpty()) {
            throw new IllegalArgumentException("source.primary_key: at least one column is needed");
        }
        primaryKey.forEach(k -> requireIdentifier(k, "source.primary_key"));
        columns.forEach(c -> requireIdentifier(c, "source column"));
    }

    public static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    private static void requireIdentifier(String name, String field) {
        Objects.requireNonNull(name, field);
        if (!isIdentifier(name)) {
            throw new IllegalArgumentException(field + ": '" + name + "' is not a plain SQL identifier (letters, digits, _ and $)");
        }
    }

    public List<String> selectColumns() {
        List<String> all = new ArrayList<>(columns);
        if (!all.contains(cursor)) {
            all.add(cursor);
        }
        for (String k : primaryKey) {
            if (!all.contains(k)) {
                all.add(k);
            }
        }
        return all;
    }

    public int cursorPosition() {
        return selectColumns().indexOf(cursor);
    }

    public int[] keyPositions() {
        List<String> all = selectColumns();
        return primaryKey.stream().mapToInt(all::indexOf).toArray();
    }
}
