package io.shardlake.connectors.source;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of one window read on one access path: a window predicate on the cursor, and keyset
 * paging on the path's order, {@code (cursor, pk)} on the cursor index or {@code pk} alone in
 * primary-key order. Never OFFSET: each page starts after the last row of the one before.
 *
 * <p>A keyset condition {@code (c1, c2, ...) > (v1, v2, ...)} is written
 * {@code c1 >= v1 AND (c1 > v1 OR (c2, ...) > (v2, ...))}: MariaDB applies a row comparison only as
 * a filter after reading each row, so spelled as one comparison every page re-read all the rows of
 * the pages before it (quadratic in shard size); a bound on the first column starts the index range.
 */
final class KeysetQuery {

    private final SourceDialect dialect;
    private final ExtractWindow window;
    private final AccessPath path;
    private final List<String> orderColumns;
    private final String first;
    private final String next;

    KeysetQuery(SourceDialect dialect, ExtractQuery query, ExtractWindow window, AccessPath path) {
        this.dialect = dialect;
        this.window = window;
        this.path = path;
        this.orderColumns = new ArrayList<>();
        if (path == AccessPath.CURSOR_INDEX) {
            orderColumns.add(query.cursor());
        }
        orderColumns.addAll(query.primaryKey());
        this.first = sql(query, false);
        this.next = sql(query, true);
    }

    /** The page after {@code position} (null: the first page). */
    String sql(Object[] position) {
        return position == null ? first : next;
    }

    /**
     * The last row's position in this query's order, taken from a row laid out as
     * {@link ExtractQuery#selectColumns()}: its cursor value first on the cursor index, then its key.
     */
    Object[] position(LocalDateTime cursor, Object[] key) {
        if (path == AccessPath.PRIMARY_KEY) {
            return key;
        }
        Object[] position = new Object[key.length + 1];
        position[0] = cursor;
        System.arraycopy(key, 0, position, 1, key.length);
        return position;
    }

    /** Binds the window, then the position after which the page starts (if any), then the page size. */
    void bind(PreparedStatement ps, Object[] position, int pageRows) throws SQLException {
        int p = bindWindow(ps, window);
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

    /** {@code cursor >= ? AND cursor < ?} (no lower bound for a full load), cursor values cast from text. */
    static String windowPredicate(SourceDialect dialect, ExtractQuery q, ExtractWindow w) {
        String cursor = dialect.quote(q.cursor());
        String param = dialect.timestampParameter();
        return (w.from() == null ? "" : cursor + " >= " + param + " AND ") + cursor + " < " + param;
    }

    /**
     * Binds {@link #windowPredicate}'s values as text: the MySQL driver drops the fraction of bound
     * timestamps against MariaDB, which would silently lose rows at millisecond edges.
     *
     * @return the position of the next parameter
     */
    static int bindWindow(PreparedStatement ps, ExtractWindow w) throws SQLException {
        int p = 1;
        if (w.from() != null) {
            ps.setString(p++, CursorValues.format(w.from()));
        }
        ps.setString(p++, CursorValues.format(w.until()));
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

    private String placeholder(int orderColumn) {
        return path == AccessPath.CURSOR_INDEX && orderColumn == 0 ? dialect.timestampParameter() : "?";
    }

    private String sql(ExtractQuery q, boolean afterPosition) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(q.selectColumns().stream().map(dialect::quote).collect(Collectors.joining(", ")))
                .append(" FROM ").append(dialect.quote(q.table()));
        if (path == AccessPath.PRIMARY_KEY && dialect.primaryKeyIndexHint() != null) {
            sql.append(' ').append(dialect.primaryKeyIndexHint());
        }
        sql.append(" WHERE ").append(windowPredicate(dialect, q, window));
        if (afterPosition) {
            String c1 = dialect.quote(orderColumns.get(0));
            sql.append(" AND ");
            if (orderColumns.size() == 1) {
                sql.append(c1).append(" > ").append(placeholder(0));
            } else {
                List<String> rest = orderColumns.subList(1, orderColumns.size());
                sql.append(c1).append(" >= ").append(placeholder(0))
                        .append(" AND (").append(c1).append(" > ").append(placeholder(0)).append(" OR ");
                if (rest.size() == 1) {
                    sql.append(dialect.quote(rest.get(0))).append(" > ?");
                } else {
                    sql.append("(").append(rest.stream().map(dialect::quote).collect(Collectors.joining(", ")))
                            .append(") > (").append(rest.stream().map(k -> "?").collect(Collectors.joining(", "))).append(")");
                }
                sql.append(")");
            }
        }
        sql.append(" ORDER BY ").append(orderColumns.stream().map(dialect::quote).collect(Collectors.joining(", ")));
        sql.append(" LIMIT ?");
        return sql.toString();
    }
}
