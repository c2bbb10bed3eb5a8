package io.shardlake.connectors.source;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of one paged read: a filter, and keyset paging on an order whose leading columns an
 * index provides. Never OFFSET: each page starts after the last row of the one before.
 * <ul>
 *   <li>{@link #window}: a window of the main table on an access path, {@code (cursor, pk)} on the
 *       cursor index or {@code pk} alone in primary-key order, joined tables attached by key;</li>
 *   <li>{@link #changedKeys}: the keys of a joined table's rows whose cursor is in a window;</li>
 *   <li>{@link #dependents}: the view rows whose join column holds one of some keys, in
 *       {@code (join column, pk)} order, the order of an index on the join column.</li>
 * </ul>
 * The main table is aliased {@code f}, join {@code i} is {@code j<i>}.
 *
 * <p>A keyset condition {@code (c1, c2, ...) > (v1, v2, ...)} is written
 * {@code c1 >= v1 AND (c1 > v1 OR (c2, ...) > (v2, ...))}: MariaDB applies a row comparison only as
 * a filter after reading each row, so spelled as one comparison every page re-read all the rows of
 * the pages before it (quadratic in shard size); a bound on the first column starts the index range.
 */
final class KeysetQuery {

    private static final String FACT = "f";

    /** Where a page's last position is taken from: a select position, or {@link #RAW_CURSOR}. */
    static final int RAW_CURSOR = -1;

    private final SourceDialect dialect;
    private final List<Object> filterValues;
    private final int[] positionSources;
    private final boolean timestampLead;
    private final String first;
    private final String next;

    /**
     * @param filterValues    the filter's parameters, bound first (LocalDateTime values as cursor text)
     * @param orderColumns    the keyset order, as qualified SQL column references
     * @param positionSources for each order column, the select position its value is taken from,
     *                        or {@link #RAW_CURSOR} for the raw cursor value handed to {@link #position}
     */
    private KeysetQuery(SourceDialect dialect, String selectFrom, String filter, List<Object> filterValues, List<String> orderColumns,
                        int[] positionSources) {
        this.dialect = dialect;
        this.filterValues = List.copyOf(filterValues);
        this.positionSources = positionSources;
        this.timestampLead = positionSources[0] == RAW_CURSOR;
        this.first = sql(selectFrom, filter, orderColumns, false);
        this.next = sql(selectFrom, filter, orderColumns, true);
    }

    /** The window's rows of the main table (and its joins) in the order of {@code path}. */
    static KeysetQuery window(SourceDialect dialect, ExtractQuery query, ExtractWindow window, AccessPath path) {
        List<String> order = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        if (path == AccessPath.CURSOR_INDEX) {
            order.add(column(dialect, FACT, query.cursor()));
            sources.add(RAW_CURSOR);
        }
        int[] keys = query.keyPositions();
        for (int i = 0; i < keys.length; i++) {
            order.add(column(dialect, FACT, query.primaryKey().get(i)));
            sources.add(keys[i]);
        }
        String hint = path == AccessPath.PRIMARY_KEY ? dialect.primaryKeyIndexHint() : null;
        return new KeysetQuery(dialect, selectFrom(dialect, query, hint), windowPredicate(dialect, FACT, query.cursor(), window),
                windowValues(window), order, sources.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The rows of {@code join}'s table whose cursor is in {@code window}, in {@code (cursor, key)}
     * order, a range of the joined table's cursor index: their joined column (the key a fact row
     * points at, or, one-to-many, the fact key they point at), their raw cursor and their key.
     */
    static KeysetQuery changedKeys(SourceDialect dialect, JoinedTable join, ExtractWindow window) {
        String selectFrom = "SELECT " + column(dialect, "j", join.joinedColumn()) + ", " + column(dialect, "j", join.cursor()) + ", "
                + column(dialect, "j", join.keyColumn()) + " FROM " + dialect.quote(join.table()) + " j";
        return new KeysetQuery(dialect, selectFrom, windowPredicate(dialect, "j", join.cursor(), window), windowValues(window),
                List.of(column(dialect, "j", join.cursor()), column(dialect, "j", join.keyColumn())), new int[] {RAW_CURSOR, 2});
    }

    /**
     * The view rows whose fact row matches one of {@code keys} through join {@code joinIndex}
     * (its join column holds one, or, one-to-many, its key is one), except those whose own cursor
     * is in {@code window} (the window's read has them) and those an earlier join's dependents had
     * (a row of that join changed in the window too), in {@code (join column, pk)} order: the
     * replica reads the fact table first, on the range of the join column's index, rows already in
     * the order asked for. Every join keeps its declared type (see {@link #selectFrom}); a plain
     * inner join let MariaDB start from the joined table and sort all the keys' dependents for each
     * page.
     */
    static KeysetQuery dependents(SourceDialect dialect, ExtractQuery query, int joinIndex, List<Object> keys, ExtractWindow window) {
        JoinedTable join = query.joins().get(joinIndex);
        List<String> select = query.selectColumns();
        List<String> order = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        if (!query.primaryKey().equals(List.of(join.factColumn()))) {
            order.add(column(dialect, FACT, join.factColumn()));
            sources.add(select.indexOf(join.factColumn()));
        }
        int[] keyPositions = query.keyPositions();
        for (int i = 0; i < keyPositions.length; i++) {
            order.add(column(dialect, FACT, query.primaryKey().get(i)));
            sources.add(keyPositions[i]);
        }
        StringBuilder filter = new StringBuilder(column(dialect, FACT, join.factColumn())).append(" IN (")
                .append(keys.stream().map(k -> "?").collect(Collectors.joining(", ")))
                .append(") AND NOT (").append(windowPredicate(dialect, FACT, query.cursor(), window)).append(")");
        List<Object> values = new ArrayList<>(keys);
        values.addAll(windowValues(window));
        // a row the dependents of an earlier join already had: one of its rows of that join changed in the window too
        List<Integer> fanOut = query.fanOutOrder();
        for (int k : fanOut.subList(0, fanOut.indexOf(joinIndex))) {
            JoinedTable earlier = query.joins().get(k);
            if (earlier.lookup()) {
                continue; // the service leaves those out: see ShardReader#readDependents
            }
            if (earlier.many()) {
                String alias = "c" + k;
                filter.append(" AND NOT EXISTS (SELECT 1 FROM ").append(dialect.quote(earlier.table())).append(' ').append(alias)
                        .append(" WHERE ").append(column(dialect, alias, earlier.joinedColumn())).append(" = ")
                        .append(column(dialect, FACT, earlier.factColumn())).append(" AND ")
                        .append(windowPredicate(dialect, alias, earlier.cursor(), window)).append(")");
            } else {
                String cursor = column(dialect, "j" + k, earlier.cursor());
                filter.append(" AND (").append(cursor).append(" IS NULL OR NOT (")
                        .append(windowPredicate(dialect, "j" + k, earlier.cursor(), window)).append("))");
            }
            values.addAll(windowValues(window));
        }
        return new KeysetQuery(dialect, selectFrom(dialect, query, null), filter.toString(), values, order,
                sources.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The view rows of some primary keys (each a list of values in key-column order), in key
     * order: point reads on the clustered key, every join attached. A key the table no longer has
     * returns no row.
     */
    static KeysetQuery keys(SourceDialect dialect, ExtractQuery query, List<List<Object>> keys) {
        List<String> keyColumns = query.primaryKey().stream().map(k -> column(dialect, FACT, k)).toList();
        String tuple = keyColumns.size() == 1 ? "?" : "(" + keyColumns.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
        String filter = (keyColumns.size() == 1 ? keyColumns.get(0) : "(" + String.join(", ", keyColumns) + ")") + " IN ("
                + keys.stream().map(k -> tuple).collect(Collectors.joining(", ")) + ")";
        List<Object> values = new ArrayList<>();
        keys.forEach(values::addAll);
        return new KeysetQuery(dialect, selectFrom(dialect, query, null), filter, values, keyColumns, query.keyPositions());
    }

    /** The page after {@code position} (null: the first page). */
    String sql(Object[] position) {
        return position == null ? first : next;
    }

    /** The position of a page's last row: its values in this query's order. */
    Object[] position(Object[] values, LocalDateTime rawCursor) {
        Object[] position = new Object[positionSources.length];
        for (int i = 0; i < position.length; i++) {
            position[i] = positionSources[i] == RAW_CURSOR ? rawCursor : values[positionSources[i]];
        }
        return position;
    }

    /** Binds the filter, then the position after which the page starts (if any), then the page size. */
    void bind(PreparedStatement ps, Object[] position, int pageRows) throws SQLException {
        int p = 1;
        for (Object value : filterValues) {
            bindValue(ps, p++, value);
        }
        if (position != null) {
            bindValue(ps, p++, position[0]); // c1 > v1, or c1 >= v1 when more columns follow
            if (position.length > 1) {
                for (Object value : position) { // c1 > v1 OR (c2, ...) > (v2, ...)
                    bindValue(ps, p++, value);
                }
            }
        }
        ps.setInt(p, pageRows);
    }

    /** {@code cursor >= ? AND cursor < ?} of the main table (no lower bound for a full load), cursor values cast from text. */
    static String windowPredicate(SourceDialect dialect, ExtractQuery q, ExtractWindow w) {
        return windowPredicate(dialect, null, q.cursor(), w);
    }

    private static String windowPredicate(SourceDialect dialect, String alias, String cursorColumn, ExtractWindow w) {
        String cursor = alias == null ? dialect.quote(cursorColumn) : column(dialect, alias, cursorColumn);
        String param = dialect.timestampParameter();
        return (w.from() == null ? "" : cursor + " >= " + param + " AND ") + cursor + " < " + param;
    }

    private static List<Object> windowValues(ExtractWindow w) {
        return w.from() == null ? List.of(w.until()) : List.of(w.from(), w.until());
    }

    /**
     * Binds {@link #windowPredicate}'s values as text: the MySQL driver drops the fraction of bound
     * timestamps against MariaDB, which would silently lose rows at millisecond edges.
     *
     * @return the position of the next parameter
     */
    static int bindWindow(PreparedStatement ps, ExtractWindow w) throws SQLException {
        int p = 1;
        for (Object value : windowValues(w)) {
            bindValue(ps, p++, value);
        }
        return p;
    }

    static void bindValue(PreparedStatement ps, int position, Object value) throws SQLException {
        if (value instanceof LocalDateTime cursor) {
            ps.setString(position, CursorValues.format(cursor));
        } else if (value instanceof Long l) {
            ps.setLong(position, l);
        } else if (value instanceof byte[] b) {
            ps.setBytes(position, b);
        } else {
            ps.setString(position, value.toString());
        }
    }

    /**
     * {@code SELECT <columns> FROM <table> f [hint] <joins>}. A many-to-one join {@code i} is
     * {@code j<i>}, attached by its key: left or inner as declared, the main table always read first
     * (an inner join is the dialect's {@link SourceDialect#orderedInnerJoin}), so rows come in the
     * order of its access path. A one-to-many join's columns are subqueries (see {@link #selectExpression}).
     */
    private static String selectFrom(SourceDialect dialect, ExtractQuery q, String hint) {
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(q.selectColumns().stream().map(c -> selectExpression(dialect, q, c)).collect(Collectors.joining(", ")));
        sql.append(" FROM ").append(dialect.quote(q.table())).append(' ').append(FACT);
        if (hint != null) {
            sql.append(' ').append(hint);
        }
        for (int i = 0; i < q.joins().size(); i++) {
            JoinedTable j = q.joins().get(i);
            if (j.many() || j.lookup()) {
                continue;
            }
            String alias = "j" + i;
            sql.append(j.kind() == JoinedTable.Kind.INNER ? " " + dialect.orderedInnerJoin() + " " : " LEFT JOIN ")
                    .append(dialect.quote(j.table())).append(' ').append(alias).append(" ON ").append(column(dialect, alias, j.joinedColumn()))
                    .append(" = ").append(column(dialect, FACT, j.factColumn()));
        }
        return sql.toString();
    }

    /**
     * A select column as SQL: {@code f.c}; {@code j<i>.c} for {@code <join>.c} of a many-to-one join;
     * for a one-to-many join a subquery folding the fact row's rows (an index range on its join
     * column); the version: the greatest input cursor.
     */
    private static String selectExpression(SourceDialect dialect, ExtractQuery q, String column) {
        if (column.equals(ExtractQuery.VERSION) && !q.joins().isEmpty()) {
            String fact = column(dialect, FACT, q.cursor());
            StringBuilder greatest = new StringBuilder("GREATEST(").append(fact);
            for (int i = 0; i < q.joins().size(); i++) {
                if (q.joins().get(i).lookup()) {
                    continue; // the service reads it, and raises the version itself
                }
                // an unmatched join has no cursor: the fact's stands in
                greatest.append(", COALESCE(").append(joinedColumn(dialect, q, i, q.joins().get(i).cursor())).append(", ").append(fact)
                        .append(')');
            }
            return greatest.append(')').toString();
        }
        if (column.equals(ExtractQuery.DELETED) && !q.hasDeletes()) {
            return "0";
        }
        if (column.equals(ExtractQuery.DELETED)) {
            List<String> deleted = new ArrayList<>();
            if (q.softDelete() != null) {
                deleted.add(column(dialect, FACT, q.softDelete()) + " IS NOT NULL");
            }
            for (int i = 0; i < q.joins().size(); i++) {
                JoinedTable j = q.joins().get(i);
                if (j.kind() == JoinedTable.Kind.INNER && j.softDelete() != null) {
                    deleted.add(column(dialect, "j" + i, j.softDelete()) + " IS NOT NULL");
                }
            }
            return "CASE WHEN " + String.join(" OR ", deleted) + " THEN 1 ELSE 0 END";
        }
        JoinedTable join = q.joinOf(column);
        if (join == null) {
            return column(dialect, FACT, column);
        }
        int index = q.joins().indexOf(join);
        String name = ExtractQuery.columnName(column);
        if (join.lookup()) {
            return "NULL"; // filled in by the service from its lookup
        }
        if (!join.many() && join.softDelete() != null && !name.equals(join.cursor())) {
            // a soft-deleted joined row matches as if absent; its cursor still says when that happened
            return "CASE WHEN " + column(dialect, "j" + index, join.softDelete()) + " IS NULL THEN " + column(dialect, "j" + index, name)
                    + " END";
        }
        return joinedColumn(dialect, q, index, name);
    }

    private static String joinedColumn(SourceDialect dialect, ExtractQuery q, int joinIndex, String column) {
        JoinedTable join = q.joins().get(joinIndex);
        if (!join.many()) {
            return column(dialect, "j" + joinIndex, column);
        }
        String alias = "c" + joinIndex;
        JoinedTable.Aggregate aggregate = join.aggregate(column);
        String folded;
        if (aggregate == null) { // the cursor
            folded = "MAX(" + column(dialect, alias, column) + ")";
        } else {
            folded = switch (aggregate.function()) {
                case COUNT -> "COUNT(*)";
                case SUM, MIN, MAX -> aggregate.function().name() + "(" + column(dialect, alias, aggregate.of().get(0)) + ")";
                // names are plain identifiers (checked), so they are safe as JSON keys in literals
                case JSON_ARRAY -> "JSON_ARRAYAGG(JSON_OBJECT(" + aggregate.of().stream()
                        .map(c -> "'" + c + "', " + column(dialect, alias, c)).collect(Collectors.joining(", ")) + "))";
            };
        }
        // soft-deleted rows are left out of the aggregates, not of the cursor: their deletion is a change
        String live = aggregate != null && join.softDelete() != null ? " AND " + column(dialect, alias, join.softDelete()) + " IS NULL" : "";
        return "(SELECT " + folded + " FROM " + dialect.quote(join.table()) + " " + alias + " WHERE " + column(dialect, alias,
                join.joinedColumn()) + " = " + column(dialect, FACT, join.factColumn()) + live + ")";
    }

    private static String column(SourceDialect dialect, String alias, String column) {
        return alias + "." + dialect.quote(column);
    }

    private String placeholder(int orderColumn) {
        return timestampLead && orderColumn == 0 ? dialect.timestampParameter() : "?";
    }

    private String sql(String selectFrom, String filter, List<String> orderColumns, boolean afterPosition) {
        StringBuilder sql = new StringBuilder(selectFrom).append(" WHERE ").append(filter);
        if (afterPosition) {
            String c1 = orderColumns.get(0);
            sql.append(" AND ");
            if (orderColumns.size() == 1) {
                sql.append(c1).append(" > ").append(placeholder(0));
            } else {
                List<String> rest = orderColumns.subList(1, orderColumns.size());
                sql.append(c1).append(" >= ").append(placeholder(0))
                        .append(" AND (").append(c1).append(" > ").append(placeholder(0)).append(" OR ");
                if (rest.size() == 1) {
                    sql.append(rest.get(0)).append(" > ?");
                } else {
                    sql.append("(").append(String.join(", ", rest))
                            .append(") > (").append(rest.stream().map(k -> "?").collect(Collectors.joining(", "))).append(")");
                }
                sql.append(")");
            }
        }
        sql.append(" ORDER BY ").append(String.join(", ", orderColumns));
        sql.append(" LIMIT ?");
        return sql.toString();
    }
}
