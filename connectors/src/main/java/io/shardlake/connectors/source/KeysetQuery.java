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
     * The keys (first column) and raw cursor values (second) of {@code join}'s table whose cursor
     * is in {@code window}, in {@code (cursor, key)} order: a range of the joined table's cursor index.
     */
    static KeysetQuery changedKeys(SourceDialect dialect, JoinedTable join, ExtractWindow window) {
        String selectFrom = "SELECT " + column(dialect, "j", join.keyColumn()) + ", " + column(dialect, "j", join.cursor())
                + " FROM " + dialect.quote(join.table()) + " j";
        return new KeysetQuery(dialect, selectFrom, windowPredicate(dialect, "j", join.cursor(), window), windowValues(window),
                List.of(column(dialect, "j", join.cursor()), column(dialect, "j", join.keyColumn())), new int[] {RAW_CURSOR, 0});
    }

    /**
     * The view rows whose fact row points at one of {@code keys} through join {@code joinIndex},
     * except those whose own cursor is in {@code window} (the window's read has them), in
     * {@code (join column, pk)} order: the replica reads the fact table first, on the range of the
     * join column's index, rows already in the order asked for. Every join keeps its declared type
     * (see {@link #selectFrom}); a plain inner join let MariaDB start from the joined table and sort
     * all the keys' dependents for each page.
     */
    static KeysetQuery dependents(SourceDialect dialect, ExtractQuery query, int joinIndex, List<Object> keys, ExtractWindow window) {
        JoinedTable join = query.joins().get(joinIndex);
        List<String> select = query.selectColumns();
        List<String> order = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        order.add(column(dialect, FACT, join.factColumn()));
        sources.add(select.indexOf(join.factColumn()));
        int[] keyPositions = query.keyPositions();
        for (int i = 0; i < keyPositions.length; i++) {
            order.add(column(dialect, FACT, query.primaryKey().get(i)));
            sources.add(keyPositions[i]);
        }
        String filter = column(dialect, FACT, join.factColumn()) + " IN (" + keys.stream().map(k -> "?").collect(Collectors.joining(", "))
                + ") AND NOT (" + windowPredicate(dialect, FACT, query.cursor(), window) + ")";
        List<Object> values = new ArrayList<>(keys);
        values.addAll(windowValues(window));
        return new KeysetQuery(dialect, selectFrom(dialect, query, null), filter, values, order,
                sources.stream().mapToInt(Integer::intValue).toArray());
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

    private static void bindValue(PreparedStatement ps, int position, Object value) throws SQLException {
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
     * {@code SELECT <columns> FROM <table> f [hint] <joins>}. Join {@code i} is {@code j<i>}, attached
     * by its key: left or inner as declared, the main table always read first (an inner join is the
     * dialect's {@link SourceDialect#orderedInnerJoin}), so rows come in the order of its access path.
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
            String alias = "j" + i;
            sql.append(j.inner() ? " " + dialect.orderedInnerJoin() + " " : " LEFT JOIN ").append(dialect.quote(j.table())).append(' ').append(alias)
                    .append(" ON ").append(column(dialect, alias, j.keyColumn())).append(" = ").append(column(dialect, FACT, j.factColumn()));
        }
        return sql.toString();
    }

    /** A select column as SQL: {@code f.c}, {@code j<i>.c} for {@code <join>.c}, or the version: the greatest input cursor. */
    private static String selectExpression(SourceDialect dialect, ExtractQuery q, String column) {
        if (column.equals(ExtractQuery.VERSION) && !q.joins().isEmpty()) {
            String fact = column(dialect, FACT, q.cursor());
            StringBuilder greatest = new StringBuilder("GREATEST(").append(fact);
            for (int i = 0; i < q.joins().size(); i++) {
                // an unmatched left join has no cursor: the fact's stands in
                greatest.append(", COALESCE(").append(column(dialect, "j" + i, q.joins().get(i).cursor())).append(", ").append(fact)
                        .append(')');
            }
            return greatest.append(')').toString();
        }
        JoinedTable join = q.joinOf(column);
        return join == null ? column(dialect, FACT, column) : column(dialect, "j" + q.joins().indexOf(join), ExtractQuery.columnName(column));
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
