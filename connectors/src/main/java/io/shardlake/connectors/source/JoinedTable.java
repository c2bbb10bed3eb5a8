package io.shardlake.connectors.source;

import java.util.List;
import java.util.Objects;

/**
 * A related table of the same shard joined to the main (fact) table, through
 * {@code joined.joinedColumn = fact.factColumn}. The transform reads what it brings as source
 * columns named {@code <name>.<column>} (see {@link #sourceColumn}); its cursor tells which of its
 * rows changed in a window.
 * <ul>
 *   <li>{@link Kind#LEFT} and {@link Kind#INNER}: many-to-one, the joined column is the joined
 *       table's primary key, so each fact row matches at most one row; its columns are read as
 *       they are. A fact row without a match keeps null columns (left) or is left out (inner).</li>
 *   <li>{@link Kind#MANY}: one-to-many, the joined column points at the fact's primary key; the
 *       rows of each fact row are folded into {@link #aggregates}, and its cursor column holds the
 *       greatest cursor among them.</li>
 * </ul>
 *
 * @param name         the join's name, the prefix of its source columns
 * @param factColumn   the main table's column matched: its column holding the joined key, or
 *                     (one-to-many) its primary key
 * @param joinedColumn the joined table's column matched: its primary key, or (one-to-many) its
 *                     column holding the fact's key
 * @param keyColumn    the joined table's single-column primary key (pages its changed rows)
 * @param aggregates   one-to-many only: what the joined rows of a fact row are folded into
 * @param softDelete   the joined table's column that is set when a row is deleted (soft delete), or
 *                     null: a deleted row matches as if absent (left: null columns; inner: the fact
 *                     row's tombstone; many: left out of the aggregates), and its cursor still counts
 * @param connection   null for a table of the same shard; else the other connection (one database,
 *                     not sharded) whose table is looked up by key: a left many-to-one join whose rows
 *                     the service reads itself ({@link LookupTable}), not the replica in a SQL join
 */
public record JoinedTable(String name, String table, Kind kind, String factColumn, String joinedColumn, String keyColumn, String cursor,
                          List<Aggregate> aggregates, String softDelete, String connection) {

    /** Separates a join's name from its column in a source column name. */
    public static final String SEPARATOR = ".";

    /** How a fact row meets the joined table's rows. */
    public enum Kind {
        LEFT, INNER, MANY
    }

    /** What a one-to-many join's rows of one fact row are folded into, read as {@code <join>.<name>}. */
    public record Aggregate(String name, Function function, List<String> of) {

        /** {@code count}: rows; {@code sum}, {@code min}, {@code max}: of one column; {@code json_array}: objects of some columns. */
        public enum Function {
            COUNT, SUM, MIN, MAX, JSON_ARRAY
        }

        public Aggregate {
            of = List.copyOf(of);
            requireIdentifier(name);
            of.forEach(JoinedTable::requireIdentifier);
            boolean oneColumn = function == Function.SUM || function == Function.MIN || function == Function.MAX;
            if (function == Function.COUNT ? !of.isEmpty() : oneColumn ? of.size() != 1 : of.isEmpty()) {
                throw new IllegalArgumentException("aggregate " + name + ": " + function + " takes "
                        + (function == Function.COUNT ? "no column" : oneColumn ? "one column" : "at least one column"));
            }
        }
    }

    public JoinedTable {
        aggregates = List.copyOf(aggregates);
        for (String identifier : List.of(name, table, factColumn, joinedColumn, keyColumn, cursor)) {
            requireIdentifier(identifier);
        }
        if (softDelete != null) {
            requireIdentifier(softDelete);
        }
        if (connection != null && kind != Kind.LEFT) {
            throw new IllegalArgumentException("join " + name + ": a table of another connection is joined left, many-to-one");
        }
        if ((kind == Kind.MANY) == aggregates.isEmpty()) {
            throw new IllegalArgumentException("join " + name + ": a one-to-many join needs aggregates, and only it has them");
        }
    }

    /** A many-to-one join on the joined table's primary key. */
    public static JoinedTable manyToOne(String name, String table, String factColumn, String keyColumn, boolean inner, String cursor,
                                        String softDelete) {
        return new JoinedTable(name, table, inner ? Kind.INNER : Kind.LEFT, factColumn, keyColumn, keyColumn, cursor, List.of(), softDelete,
                null);
    }

    /** A left many-to-one join on a table of another connection, looked up by its primary key. */
    public static JoinedTable lookup(String name, String connection, String table, String factColumn, String keyColumn, String cursor,
                                     String softDelete) {
        return new JoinedTable(name, table, Kind.LEFT, factColumn, keyColumn, keyColumn, cursor, List.of(), softDelete, connection);
    }

    /** Whether the table is on another connection and looked up by the service. */
    public boolean lookup() {
        return connection != null;
    }

    private static void requireIdentifier(String name) {
        Objects.requireNonNull(name, "join field");
        if (!ExtractQuery.isIdentifier(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a plain SQL identifier (letters, digits, _ and $)");
        }
    }

    public boolean many() {
        return kind == Kind.MANY;
    }

    /** The name the transform reads {@code column} of this table under: {@code <name>.<column>}. */
    public String sourceColumn(String column) {
        return name + SEPARATOR + column;
    }

    /** The source column of this table's cursor (one-to-many: the greatest among a fact row's rows). */
    public String cursorColumn() {
        return sourceColumn(cursor);
    }

    /** The aggregate of this name, or null. */
    public Aggregate aggregate(String name) {
        return aggregates.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }
}
