package io.shardlake.connectors.source;

import java.util.List;
import java.util.Objects;

/**
 * A related table of the same shard joined to the main (fact) table many-to-one: each fact row
 * matches at most one of its rows, through {@code factColumn = keyColumn}, the joined table's
 * primary key. The transform reads its columns as source columns named {@code <name>.<column>}
 * (see {@link #sourceColumn}); its cursor tells which of its rows changed in a window.
 *
 * @param name       the join's name, the prefix of its source columns
 * @param factColumn the main table's column holding the joined row's key (an indexed column)
 * @param keyColumn  the joined table's single-column primary key
 * @param inner      true: a fact row without a match is not in the view; false (left): its joined columns are null
 */
public record JoinedTable(String name, String table, String factColumn, String keyColumn, boolean inner, String cursor) {

    /** Separates a join's name from its column in a source column name. */
    public static final String SEPARATOR = ".";

    public JoinedTable {
        for (String identifier : List.of(name, table, factColumn, keyColumn, cursor)) {
            requireIdentifier(identifier);
        }
    }

    private static void requireIdentifier(String name) {
        Objects.requireNonNull(name, "join field");
        if (!ExtractQuery.isIdentifier(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a plain SQL identifier (letters, digits, _ and $)");
        }
    }

    /** The name the transform reads {@code column} of this table under: {@code <name>.<column>}. */
    public String sourceColumn(String column) {
        return name + SEPARATOR + column;
    }

    /** The source column of this table's cursor. */
    public String cursorColumn() {
        return sourceColumn(cursor);
    }
}
