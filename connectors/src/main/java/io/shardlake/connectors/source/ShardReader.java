package io.shardlake.connectors.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Reads one shard: its status (clock, lag), and the rows of a window in (cursor, primary key)
 * order, in keyset-paged chunks. Each chunk is one short streaming query
 * {@code WHERE cursor in window AND (cursor, pk) > (last seen) ORDER BY cursor, pk LIMIT n} on
 * the {@code (cursor, pk)} index: never OFFSET, never a long-held snapshot, memory independent of
 * the table size. The keyset condition is written {@code cursor >= c AND (cursor > c OR pk > k)}
 * so that it bounds the index range, and each chunk reads only its own rows.
 */
public final class ShardReader {

    private final Shard shard;
    private final DataSource dataSource;
    private final SourceDialect dialect;
    private final ZoneId sourceZone;
    private final String lagQuery;

    /**
     * @param lagQuery optional SQL returning the replica's lag in seconds (NULL = replication
     *                 stopped), e.g. from a pt-heartbeat table; null uses the replica status
     */
    public ShardReader(Shard shard, DataSource dataSource, SourceDialect dialect, ZoneId sourceZone, String lagQuery) {
        this.shard = shard;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.sourceZone = sourceZone;
        this.lagQuery = lagQuery;
    }

    public Shard shard() {
        return shard;
    }

    /** The shard's clock, replication lag and the zone of the query's cursor column. */
    public SourceStatus status(ExtractQuery query) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return new SourceStatus(dialect.utcNow(c), lag(c), cursorZone(c, query));
        }
    }

    private ReplicaLag lag(Connection c) throws SQLException {
        if (lagQuery == null || lagQuery.isBlank()) {
            return dialect.replicaLag(c);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(lagQuery)) {
            if (!rs.next()) {
                return ReplicaLag.stoppedReplication("lag query returned no row");
            }
            double seconds = rs.getDouble(1);
            return rs.wasNull()
                    ? ReplicaLag.stoppedReplication("lag query returned NULL")
                    : ReplicaLag.of(Duration.ofMillis((long) (seconds * 1000)));
        }
    }

    private ZoneId cursorZone(Connection c, ExtractQuery q) throws SQLException {
        String sql = "SELECT " + dialect.quote(q.cursor()) + " FROM " + dialect.quote(q.table()) + " WHERE 1 = 0";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return dialect.columnZone(rs.getMetaData().getColumnTypeName(1), sourceZone);
        }
    }

    /**
     * Streams the window's rows to {@code handler}, chunk by chunk.
     *
     * @return the number of rows read
     */
    public long read(ExtractQuery query, ExtractWindow window, int chunkRows, SourceRowHandler handler) throws Exception {
        List<String> columns = query.selectColumns();
        int cursorColumn = query.cursorPosition() + 1;
        int[] keyPositions = query.keyPositions();
        String first = sql(query, window, false);
        String next = sql(query, window, true);
        long total = 0;
        LocalDateTime lastCursor = null;
        Object[] lastKey = null;
        try (Connection c = dataSource.getConnection()) {
            while (true) {
                int rows = 0;
                try (PreparedStatement ps = c.prepareStatement(lastCursor == null ? first : next,
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    dialect.streamResults(ps);
                    int p = bindWindow(ps, window);
                    if (lastCursor != null) {
                        String cursorText = CursorValues.format(lastCursor);
                        ps.setString(p++, cursorText); // cursor >= last
                        ps.setString(p++, cursorText); // cursor > last OR key > last key
                        for (Object k : lastKey) {
                            bindKey(ps, p++, k);
                        }
                    }
                    ps.setInt(p, chunkRows);
                    try (ResultSet rs = ps.executeQuery()) {
                        ColumnReader[] readers = readers(rs.getMetaData(), columns.size());
                        // A timestamp cursor is fetched once per row: its reader keeps the raw value.
                        ColumnReader.Timestamp cursorReader = readers[cursorColumn - 1] instanceof ColumnReader.Timestamp t ? t : null;
                        Object[] last = null;
                        while (rs.next()) {
                            Object[] values = new Object[readers.length];
                            for (int i = 0; i < readers.length; i++) {
                                values[i] = readers[i].read(rs);
                            }
                            lastCursor = cursorReader != null ? cursorReader.last() : rs.getObject(cursorColumn, LocalDateTime.class);
                            handler.row(values, lastCursor);
                            last = values;
                            rows++;
                        }
                        if (last != null) {
                            lastKey = new Object[keyPositions.length];
                            for (int k = 0; k < keyPositions.length; k++) {
                                lastKey[k] = last[keyPositions[k]];
                            }
                        }
                    }
                }
                total += rows;
                if (rows < chunkRows) {
                    return total;
                }
            }
        }
    }

    private ColumnReader[] readers(ResultSetMetaData md, int count) throws SQLException {
        ColumnReader[] readers = new ColumnReader[count];
        for (int i = 0; i < count; i++) {
            readers[i] = ColumnReader.forColumn(md, i + 1, sourceZone, dialect);
        }
        return readers;
    }

    private static void bindKey(PreparedStatement ps, int position, Object key) throws SQLException {
        if (key instanceof Long l) {
            ps.setLong(position, l);
        } else if (key instanceof byte[] b) {
            ps.setBytes(position, b);
        } else {
            ps.setString(position, key.toString());
        }
    }

    /**
     * A cheap estimate of the rows in {@code window}, for dry runs: the dialect asks the source's
     * optimizer (MySQL/MariaDB {@code EXPLAIN} of the window's range on the {@code (cursor, pk)}
     * index, a few index dives) instead of counting, so that an estimate never scans a replica. The
     * range is the same predicate {@link #read} uses, with the same text-bound cursor values.
     *
     * @return the estimated number of rows, never negative; 0 (or about 0) for an empty window
     */
    public long estimateRows(ExtractQuery query, ExtractWindow window) throws SQLException {
        List<String> indexColumns = new ArrayList<>();
        indexColumns.add(query.cursor());
        indexColumns.addAll(query.primaryKey());
        // Only the (cursor, pk) columns: the index covers them, so the optimizer plans the range on it.
        String rangeQuery = "SELECT " + indexColumns.stream().map(dialect::quote).collect(Collectors.joining(", "))
                + " FROM " + dialect.quote(query.table()) + " WHERE " + windowPredicate(query, window);
        try (Connection c = dataSource.getConnection()) {
            return Math.max(0, dialect.estimateRows(c, rangeQuery, ps -> bindWindow(ps, window)));
        }
    }

    /** {@code cursor >= ? AND cursor < ?} (no lower bound for a full load), cursor values cast from text. */
    private String windowPredicate(ExtractQuery q, ExtractWindow w) {
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
    private static int bindWindow(PreparedStatement ps, ExtractWindow w) throws SQLException {
        int p = 1;
        if (w.from() != null) {
            ps.setString(p++, CursorValues.format(w.from()));
        }
        ps.setString(p++, CursorValues.format(w.until()));
        return p;
    }

    private String sql(ExtractQuery q, ExtractWindow w, boolean afterLastRow) {
        String cursor = dialect.quote(q.cursor());
        String param = dialect.timestampParameter();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(q.selectColumns().stream().map(dialect::quote).collect(Collectors.joining(", ")))
                .append(" FROM ").append(dialect.quote(q.table())).append(" WHERE ")
                .append(windowPredicate(q, w));
        if (afterLastRow) {
            // (cursor, key) > (last cursor, last key), spelled so that the cursor bound starts the
            // index range: MariaDB applies a row comparison only as a filter after reading each row,
            // so every chunk re-read all the rows of the chunks before it (quadratic in shard size).
            sql.append(" AND ").append(cursor).append(" >= ").append(param)
                    .append(" AND (").append(cursor).append(" > ").append(param).append(" OR ");
            if (q.primaryKey().size() == 1) {
                sql.append(dialect.quote(q.primaryKey().get(0))).append(" > ?");
            } else {
                sql.append("(").append(q.primaryKey().stream().map(dialect::quote).collect(Collectors.joining(", ")))
                        .append(") > (").append(q.primaryKey().stream().map(k -> "?").collect(Collectors.joining(", "))).append(")");
            }
            sql.append(")");
        }
        sql.append(" ORDER BY ").append(cursor);
        q.primaryKey().forEach(k -> sql.append(", ").append(dialect.quote(k)));
        sql.append(" LIMIT ?");
        return sql.toString();
    }
}
