package io.shardlake.connectors.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to read from a shard: the table, the columns, the cursor, the primary key and the related
 * tables joined to it. Every name is checked to be a plain identifier before it reaches SQL, and
 * quoted by the dialect; no text from a definition is ever concatenated into a query unchecked.
 *
 * <p>{@link #selectColumns()} is {@code columns} followed by the cursor and key columns that were
 * not already among them, so callers can rely on the positions of {@code columns}. With joins it
 * also holds each join's fact column and cursor ({@code <join>.<cursor>}) and {@link #VERSION}.
 *
 * @param columns    the main table's columns, {@code <join>.<column>} for a joined table's,
 *                   {@link #VERSION} (with joins only) and {@link #DELETED} (when rows can be deleted)
 * @param softDelete the main table's column that is set when a row is deleted (soft delete), or null
 */
public record ExtractQuery(String table, List<String> columns, String cursor, List<String> primaryKey, List<JoinedTable> joins,
                           String softDelete) {

    /**
     * The version cursor of a joined view's row: the greatest cursor value among the rows it was
     * built from (the fact row and each matched joined row), computed by the replica.
     */
    public static final String VERSION = "_version";

    /**
     * Whether a row is a tombstone: its source row is soft-deleted, or so is the row an inner join
     * matched. Computed by the replica (always false without a soft delete that can make one: a
     * table taking entity events gets its tombstones from the service, for keys the replica lost).
     */
    public static final String DELETED = "_deleted";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,63}");

    public ExtractQuery {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        joins = List.copyOf(joins);
        requireIdentifier(table, "source.table");
        requireIdentifier(cursor, "source.cursor");
        if (primaryKey.isEmpty()) {
            throw new IllegalArgumentException("source.primary_key: at least one column is needed");
        }
        primaryKey.forEach(k -> requireIdentifier(k, "source.primary_key"));
        if (softDelete != null) {
            requireIdentifier(softDelete, "source.soft_delete.column");
        }
        for (String c : columns) {
            if (!(c.equals(VERSION) && !joins.isEmpty()) && !c.equals(DELETED) && joinOf(c, joins) == null) {
                requireIdentifier(c, "source column");
            }
        }
        if (joins.stream().map(JoinedTable::name).distinct().count() != joins.size()) {
            throw new IllegalArgumentException("source.joins: two joins have the same name");
        }
    }

    public ExtractQuery(String table, List<String> columns, String cursor, List<String> primaryKey) {
        this(table, columns, cursor, primaryKey, List.of(), null);
    }

    /** Whether a row read can be a tombstone ({@link #DELETED}). */
    public boolean hasDeletes() {
        return hasDeletes(softDelete, joins);
    }

    /** Whether rows read with this soft delete and these joins can be tombstones (see {@link #hasDeletes()}). */
    public static boolean hasDeletes(String softDelete, List<JoinedTable> joins) {
        return softDelete != null || joins.stream().anyMatch(j -> j.kind() == JoinedTable.Kind.INNER && j.softDelete() != null);
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

    /** The join a {@code <join>.<column>} source column belongs to, or null for a main-table column. */
    static JoinedTable joinOf(String sourceColumn, List<JoinedTable> joins) {
        int dot = sourceColumn.indexOf(JoinedTable.SEPARATOR);
        if (dot < 0) {
            return null;
        }
        String name = sourceColumn.substring(0, dot);
        String column = sourceColumn.substring(dot + 1);
        for (JoinedTable j : joins) {
            if (j.name().equals(name)) {
                requireIdentifier(column, "column of join " + name);
                if (j.many() && j.aggregate(column) == null && !column.equals(j.cursor())) {
                    throw new IllegalArgumentException("source column '" + sourceColumn + "': the one-to-many join " + name
                            + " offers its aggregates " + j.aggregates().stream().map(JoinedTable.Aggregate::name).toList()
                            + " and its cursor " + j.cursor());
                }
                return j;
            }
        }
        throw new IllegalArgumentException("source column '" + sourceColumn + "' names no join; joins: "
                + joins.stream().map(JoinedTable::name).toList());
    }

    JoinedTable joinOf(String sourceColumn) {
        return joinOf(sourceColumn, joins);
    }

    /** The column name after {@code <join>.}, or the name itself for a main-table column. */
    static String columnName(String sourceColumn) {
        int dot = sourceColumn.indexOf(JoinedTable.SEPARATOR);
        return dot < 0 ? sourceColumn : sourceColumn.substring(dot + 1);
    }

    public List<String> selectColumns() {
        List<String> all = new ArrayList<>(columns);
        addMissing(all, cursor);
        primaryKey.forEach(k -> addMissing(all, k));
        for (JoinedTable j : joins) {
            addMissing(all, j.factColumn());
            addMissing(all, j.cursorColumn());
        }
        if (!joins.isEmpty()) {
            addMissing(all, VERSION);
        }
        if (hasDeletes()) {
            addMissing(all, DELETED);
        }
        return all;
    }

    private static void addMissing(List<String> columns, String column) {
        if (!columns.contains(column)) {
            columns.add(column);
        }
    }

    public int cursorPosition() {
        return selectColumns().indexOf(cursor);
    }

    /** Whether a join's table is on another connection and looked up by the service. */
    public boolean hasLookups() {
        return joins.stream().anyMatch(JoinedTable::lookup);
    }

    /**
     * The order in which the dependents of each join's changed rows are read: joins of the shard
     * first, then lookups, whose dependents can leave out in SQL those the shard's joins had.
     */
    public List<Integer> fanOutOrder() {
        List<Integer> order = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < joins.size(); i++) {
                if (joins.get(i).lookup() == (pass == 1)) {
                    order.add(i);
                }
            }
        }
        return order;
    }

    /** Where a row's version is: {@link #VERSION} with joins, else the cursor. */
    public int versionPosition() {
        return joins.isEmpty() ? cursorPosition() : selectColumns().indexOf(VERSION);
    }

    /** The positions of the cursors of the rows a view row is built from: the main table's, then each join's. */
    public int[] inputCursorPositions() {
        List<String> all = selectColumns();
        int[] positions = new int[joins.size() + 1];
        positions[0] = all.indexOf(cursor);
        for (int i = 0; i < joins.size(); i++) {
            positions[i + 1] = all.indexOf(joins.get(i).cursorColumn());
        }
        return positions;
    }

    public int[] keyPositions() {
        List<String> all = selectColumns();
        return primaryKey.stream().mapToInt(all::indexOf).toArray();
    }
}
