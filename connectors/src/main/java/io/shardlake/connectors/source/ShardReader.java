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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one shard: its status (clock, lag), and the rows of a window in keyset-paged chunks on an
 * {@link AccessPath} chosen from the replica's estimates. Each chunk is one short streaming query
 * ({@link KeysetQuery}): never OFFSET, never a long-held snapshot, memory independent of the table
 * size, and each chunk reads only its own rows.
 */
public final class ShardReader {

    private static final Logger log = LoggerFactory.getLogger(ShardReader.class);

    private final Shard shard;
    private final DataSource dataSource;
    private final SourceDialect dialect;
    private final ZoneId sourceZone;
    private final String lagQuery;
    private final int querySeconds;
    /** The connections this reader has open, so that {@link #abort} can cut them. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean aborted;

    /**
     * @param lagQuery optional SQL returning the replica's lag in seconds (NULL = replication
     *                 stopped), e.g. from a pt-heartbeat table; null uses the replica status
     * @param timeouts the query timeout of each statement (connect and read timeouts belong to the
     *                 data source's connections)
     */
    public ShardReader(Shard shard, DataSource dataSource, SourceDialect dialect, ZoneId sourceZone, String lagQuery,
                       SourceTimeouts timeouts) {
        this.shard = shard;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.sourceZone = sourceZone;
        this.lagQuery = lagQuery;
        this.querySeconds = timeouts.querySeconds();
    }

    /** A reader with the {@link SourceTimeouts#DEFAULTS default} query timeout. */
    public ShardReader(Shard shard, DataSource dataSource, SourceDialect dialect, ZoneId sourceZone, String lagQuery) {
        this(shard, dataSource, dialect, sourceZone, lagQuery, SourceTimeouts.DEFAULTS);
    }

    /**
     * Cuts every connection this reader has open (from any thread), so that a call blocked on a
     * replica that stopped answering ends at once with an exception instead of when the socket
     * times out; calls made later fail at once too. For cancels and run timeouts.
     */
    public void abort() {
        aborted = true;
        open.forEach(ShardReader::abort);
    }

    private static void abort(Connection c) {
        try {
            c.abort(Runnable::run); // closes the socket; the pool discards the connection
        } catch (SQLException | RuntimeException e) {
            log.warn("could not abort a replica connection: {}", e.toString());
        }
    }

    /** Work on a pooled connection that {@link #abort} can cut. */
    private <T, E extends Exception> T onConnection(ConnectionWork<T, E> work) throws E, SQLException {
        if (aborted) {
            throw new SQLException("reading shard " + shard.id() + " was aborted");
        }
        try (Connection c = dataSource.getConnection()) {
            open.add(c);
            try {
                if (aborted) {
                    abort(c);
                }
                return work.apply(c);
            } finally {
                open.remove(c);
            }
        }
    }

    @FunctionalInterface
    private interface ConnectionWork<T, E extends Exception> {
        T apply(Connection c) throws E, SQLException;
    }

    public Shard shard() {
        return shard;
    }

    /** The shard's clock, replication lag and the zone of the query's cursor column. */
    public SourceStatus status(ExtractQuery query) throws SQLException {
        return onConnection(c -> new SourceStatus(dialect.utcNow(c), lag(c), cursorZone(c, query)));
    }

    private ReplicaLag lag(Connection c) throws SQLException {
        if (lagQuery == null || lagQuery.isBlank()) {
            return dialect.replicaLag(c);
        }
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(querySeconds);
            return lag(s.executeQuery(lagQuery));
        }
    }

    private static ReplicaLag lag(ResultSet rs) throws SQLException {
        try (rs) {
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
     * Chooses how to read {@code window} from the replica's own estimates (see
     * {@link AccessPathChoice#decide}): {@code EXPLAIN} of the window's range on the cursor index
     * and of the whole table, a few index dives each, no rows read. Only a key that is the table's
     * own primary key is read in key order: on another (unique) key, "primary-key order" would sort
     * each chunk's whole scan on the replica.
     */
    public AccessPathChoice chooseAccessPath(ExtractQuery query, ExtractWindow window, double primaryKeyScanFraction)
            throws SQLException {
        String keyColumns = query.primaryKey().stream().map(dialect::quote).collect(Collectors.joining(", "));
        String table = dialect.quote(query.table());
        return onConnection(c -> {
            long windowRows = Math.max(0, dialect.estimateRows(c, rangeQuery(query, window), ps -> KeysetQuery.bindWindow(ps, window)));
            long tableRows = Math.max(0, dialect.estimateRows(c, "SELECT " + keyColumns + " FROM " + table, ps -> {
            }));
            AccessPathChoice choice = AccessPathChoice.decide(windowRows, tableRows, primaryKeyScanFraction);
            if (choice.path() == AccessPath.PRIMARY_KEY && !isTablePrimaryKey(c, query)) {
                log.warn("shard {}: source.primary_key {} of {} is not the table's primary key: the window is read on the cursor index",
                        shard.id(), query.primaryKey(), query.table());
                return new AccessPathChoice(AccessPath.CURSOR_INDEX, windowRows, tableRows);
            }
            return choice;
        });
    }

    private static boolean isTablePrimaryKey(Connection c, ExtractQuery query) throws SQLException {
        List<String> actual = SourceCatalog.primaryKey(c, query.table());
        if (actual.size() != query.primaryKey().size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            if (!actual.get(i).equalsIgnoreCase(query.primaryKey().get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Streams the window's rows to {@code handler}, page by page, in the order of {@code path}:
     * (cursor, key) on the cursor index, key alone in primary-key order. Each page is one short
     * streaming query on one connection, so the session's counters measure the whole read.
     *
     * @return what the read cost the replica
     */
    public ReadCost read(ExtractQuery query, ExtractWindow window, AccessPath path, int chunkRows, SourceRowHandler handler)
            throws Exception {
        KeysetQuery keyset = new KeysetQuery(dialect, query, window, path);
        return onConnection(c -> read(c, keyset, query, path, chunkRows, handler));
    }

    private ReadCost read(Connection c, KeysetQuery keyset, ExtractQuery query, AccessPath path, int chunkRows,
                          SourceRowHandler handler) throws Exception {
        int columnCount = query.selectColumns().size();
        int cursorColumn = query.cursorPosition() + 1;
        int[] keyPositions = query.keyPositions();
        long total = 0;
        int queries = 0;
        long handlerNanos = 0;
        long startNanos = System.nanoTime();
        Object[] position = null;
        long examinedBefore = dialect.rowsExamined(c);
        while (true) {
            int rows = 0;
            try (PreparedStatement ps = c.prepareStatement(keyset.sql(position), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                dialect.streamResults(ps);
                ps.setQueryTimeout(querySeconds);
                keyset.bind(ps, position, chunkRows);
                queries++;
                try (ResultSet rs = ps.executeQuery()) {
                    ColumnReader[] readers = readers(rs.getMetaData(), columnCount);
                    // A timestamp cursor is fetched once per row: its reader keeps the raw value.
                    ColumnReader.Timestamp cursorReader = readers[cursorColumn - 1] instanceof ColumnReader.Timestamp t ? t : null;
                    Object[] last = null;
                    LocalDateTime lastCursor = null;
                    while (rs.next()) {
                        Object[] values = new Object[readers.length];
                        for (int i = 0; i < readers.length; i++) {
                            values[i] = readers[i].read(rs);
                        }
                        lastCursor = cursorReader != null ? cursorReader.last() : rs.getObject(cursorColumn, LocalDateTime.class);
                        long handed = System.nanoTime();
                        handler.row(values, lastCursor);
                        handlerNanos += System.nanoTime() - handed;
                        last = values;
                        rows++;
                    }
                    if (last != null) {
                        Object[] key = new Object[keyPositions.length];
                        for (int k = 0; k < keyPositions.length; k++) {
                            key[k] = last[keyPositions[k]];
                        }
                        position = keyset.position(lastCursor, key);
                    }
                }
            }
            total += rows;
            if (rows < chunkRows) {
                long examinedAfter = examinedBefore < 0 ? -1 : dialect.rowsExamined(c);
                long examined = examinedBefore < 0 || examinedAfter < 0 ? -1 : examinedAfter - examinedBefore;
                return new ReadCost(path, total, examined, queries,
                        Duration.ofNanos(System.nanoTime() - startNanos - handlerNanos));
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

    /**
     * A cheap estimate of the rows in {@code window}, for dry runs: the dialect asks the source's
     * optimizer (MySQL/MariaDB {@code EXPLAIN} of the window's range on the {@code (cursor, pk)}
     * index, a few index dives) instead of counting, so that an estimate never scans a replica. The
     * range is the same predicate {@link #read} uses, with the same text-bound cursor values.
     *
     * @return the estimated number of rows, never negative; 0 (or about 0) for an empty window
     */
    public long estimateRows(ExtractQuery query, ExtractWindow window) throws SQLException {
        return onConnection(c -> Math.max(0, dialect.estimateRows(c, rangeQuery(query, window), ps -> KeysetQuery.bindWindow(ps, window))));
    }

    /** The window's range on the {@code (cursor, pk)} columns alone: the cursor index covers them. */
    private String rangeQuery(ExtractQuery query, ExtractWindow window) {
        List<String> indexColumns = new ArrayList<>();
        indexColumns.add(query.cursor());
        indexColumns.addAll(query.primaryKey());
        return "SELECT " + indexColumns.stream().map(dialect::quote).collect(Collectors.joining(", "))
                + " FROM " + dialect.quote(query.table()) + " WHERE " + KeysetQuery.windowPredicate(dialect, query, window);
    }
}
