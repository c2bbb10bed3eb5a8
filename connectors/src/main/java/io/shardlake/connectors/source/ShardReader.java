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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /**
     * The most changed keys {@link #readDependents} looks up in one {@code IN} list: below MariaDB's
     * {@code in_predicate_conversion_threshold} (1,000), from which an IN list becomes a subquery and
     * every page of dependents is joined and sorted again.
     */
    public static final int MAX_LOOKUP_KEYS = 500;

    private final Shard shard;
    private final DataSource dataSource;
    private final SourceDialect dialect;
    private final ZoneId sourceZone;
    private final String lagQuery;
    private final int querySeconds;
    /** The tables of joins on other connections, by join name; empty without such joins. */
    private final Map<String, LookupTable> lookups;
    /** The connections this reader has open, so that {@link #abort} can cut them. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean aborted;
    /** Whether {@link #status} checked what the query's joins rely on (once per reader: per shard and run). */
    private volatile boolean joinsChecked;

    /**
     * @param lagQuery optional SQL returning the replica's lag in seconds (NULL = replication
     *                 stopped), e.g. from a pt-heartbeat table; null uses the replica status
     * @param timeouts the query timeout of each statement (connect and read timeouts belong to the
     *                 data source's connections)
     */
    public ShardReader(Shard shard, DataSource dataSource, SourceDialect dialect, ZoneId sourceZone, String lagQuery,
                       SourceTimeouts timeouts) {
        this(shard, dataSource, dialect, sourceZone, lagQuery, timeouts, List.of());
    }

    /** @param lookups the tables of the query's joins on other connections (shared by a run's readers) */
    public ShardReader(Shard shard, DataSource dataSource, SourceDialect dialect, ZoneId sourceZone, String lagQuery,
                       SourceTimeouts timeouts, List<LookupTable> lookups) {
        this.shard = shard;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.sourceZone = sourceZone;
        this.lagQuery = lagQuery;
        this.querySeconds = timeouts.querySeconds();
        this.lookups = lookups.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(l -> l.join().name(), l -> l));
    }

    private LookupTable lookup(JoinedTable join) {
        LookupTable table = lookups.get(join.name());
        if (table == null) {
            throw new IllegalStateException("join " + join.name() + " reads connection " + join.connection() + ", but this reader has no"
                    + " lookup of it");
        }
        return table;
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

    /**
     * The shard's clock, replication lag and the zone of the query's cursor column. With joins, the
     * first call of this reader also checks that the replica (and the databases of the joined tables
     * of other connections) offer what they rely on; the checks are not repeated on later calls.
     *
     * @throws SourceContractException when they do not
     */
    public SourceStatus status(ExtractQuery query) throws SQLException {
        return onConnection(c -> {
            ZoneId zone = cursorZone(c, query.table(), query.cursor());
            if (!joinsChecked) {
                checkJoins(c, query, zone);
                joinsChecked = true;
            }
            return new SourceStatus(dialect.utcNow(c), lag(c), zone);
        });
    }

    /**
     * A many-to-one join reads the joined table by its single-column primary key and finds the rows
     * depending on a changed one through an index of the main table led by the join column; a
     * one-to-many join folds each fact row's rows through an index of the joined table led by its
     * join column. Each finds changed rows on an index led by its cursor, pages them by the joined
     * table's single-column primary key, compares join columns of one kind, and has its cursor in the
     * main cursor's zone, so that one window bounds both. A table of another connection is checked
     * there ({@link LookupTable#check}).
     */
    private void checkJoins(Connection c, ExtractQuery q, ZoneId cursorZone) throws SQLException {
        for (JoinedTable j : q.joins()) {
            JoinContract shard = new JoinContract(c, dialect, "join " + j.name() + " (" + j.table() + "): ", " on shard " + this.shard.id());
            String factColumn = q.table() + "." + j.factColumn();
            String reEmitted = "the rows to re-emit when a " + j.table() + " row changes are found through it";
            if (j.lookup()) {
                shard.requireIndexLeadingWith(q.table(), j.factColumn(), reEmitted);
                lookup(j).check(cursorZone, shard.columnKind(q.table(), j.factColumn()), factColumn);
                continue;
            }
            shard.requireKeyedBy(j.table(), j.keyColumn());
            if (j.many()) {
                shard.requireIndexLeadingWith(j.table(), j.joinedColumn(), "each row's " + j.table() + " rows are found through it");
            } else {
                shard.requireIndexLeadingWith(q.table(), j.factColumn(), reEmitted);
            }
            shard.requireIndexLeadingWith(j.table(), j.cursor(), "the rows changed in a window are found through it");
            shard.requireComparable(shard.columnKind(q.table(), j.factColumn()), factColumn, shard.columnKind(j.table(), j.joinedColumn()),
                    j.table() + "." + j.joinedColumn());
            shard.requireZone(j.table() + "." + j.cursor(), shard.cursorZone(j.table(), j.cursor(), sourceZone),
                    q.table() + "." + q.cursor(), cursorZone);
        }
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

    private ZoneId cursorZone(Connection c, String table, String cursor) throws SQLException {
        return new JoinContract(c, dialect, "", "").cursorZone(table, cursor, sourceZone);
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
        KeysetQuery keyset = KeysetQuery.window(dialect, query, window, path);
        return onConnection(c -> {
            PageCounters counters = new PageCounters(c);
            readPages(c, keyset, query, chunkRows, handler, counters, null, null, null);
            return new ReadCost(path, counters.rows, counters.examined(c), counters.queries, counters.queryTime());
        });
    }

    /** A part of a window read in primary-key order: what it cost, and the key after which the rest starts (null: nothing is left). */
    public record KeyOrderedPart(ReadCost cost, Object[] next) {
    }

    /**
     * Streams part of the window's rows in primary-key order: from the first key after {@code after}
     * (key values in key-column order; null: from the first key), page by page, until the end of the
     * window or the first page end at which {@code enough} says the part is big enough. A part always
     * ends between two keys, so reading on from its {@link KeyOrderedPart#next} position reads each
     * row of the window once.
     */
    public KeyOrderedPart readKeyOrderedPart(ExtractQuery query, ExtractWindow window, int chunkRows, Object[] after,
                                             java.util.function.BooleanSupplier enough, SourceRowHandler handler) throws Exception {
        KeysetQuery keyset = KeysetQuery.window(dialect, query, window, AccessPath.PRIMARY_KEY);
        return onConnection(c -> {
            PageCounters counters = new PageCounters(c);
            Object[] next = readPages(c, keyset, query, chunkRows, handler, counters, null, after, enough);
            return new KeyOrderedPart(new ReadCost(AccessPath.PRIMARY_KEY, counters.rows, counters.examined(c), counters.queries,
                    counters.queryTime()), next);
        });
    }

    /**
     * Streams again the view rows that depend on rows of join {@code joinIndex} changed in
     * {@code window}: the joined table's keys whose cursor is in the window are paged on its cursor
     * index, {@code lookupKeys} (at most {@value #MAX_LOOKUP_KEYS}) at a time, and for each batch the
     * main table's rows pointing at them (through the index on the join column) are paged with every
     * join attached. Rows whose own cursor is in the window are left out: the window's read has them.
     * Memory is one page.
     */
    public JoinReadCost readDependents(ExtractQuery query, int joinIndex, ExtractWindow window, int lookupKeys, int chunkRows,
                                       SourceRowHandler handler) throws Exception {
        JoinedTable join = query.joins().get(joinIndex);
        KeysetQuery changed = KeysetQuery.changedKeys(dialect, join, window);
        int keysPerLookup = Math.min(lookupKeys, MAX_LOOKUP_KEYS);
        RowFilter earlierLookups = earlierLookupsChangedIn(query, joinIndex, window);
        return onConnection(c -> {
            PageCounters counters = new PageCounters(c);
            long changedRows = 0;
            Object[] position = null;
            while (true) {
                List<Object[]> page = join.lookup() ? lookup(join).changed(window, position, keysPerLookup)
                        : changedPage(c, changed, position, keysPerLookup, counters);
                Set<Object> keys = new LinkedHashSet<>();
                for (Object[] row : page) {
                    if (row[0] != null) { // a one-to-many row pointing at nothing
                        keys.add(row[0]);
                    }
                }
                changedRows += page.size();
                if (!keys.isEmpty()) {
                    readPages(c, KeysetQuery.dependents(dialect, query, joinIndex, List.copyOf(keys), window), query, chunkRows, handler,
                            counters, earlierLookups, null, null);
                }
                if (page.size() < keysPerLookup) {
                    break;
                }
                Object[] last = page.get(page.size() - 1);
                position = changed.position(last, (LocalDateTime) last[1]);
            }
            return new JoinReadCost(join.name(), changedRows, counters.rows, counters.examined(c), counters.queries,
                    counters.queryTime());
        });
    }

    /**
     * Streams the view rows of {@code keys} (primary keys, values in key-column order) to
     * {@code handler}: point reads on the clustered key, {@value #MAX_LOOKUP_KEYS} keys per query,
     * every join attached. Keys the table no longer has give no row.
     *
     * @return what the reads cost the replica
     */
    public ReadCost readKeys(ExtractQuery query, List<List<Object>> keys, SourceRowHandler handler) throws Exception {
        return onConnection(c -> {
            PageCounters counters = new PageCounters(c);
            for (int from = 0; from < keys.size(); from += MAX_LOOKUP_KEYS) {
                List<List<Object>> batch = keys.subList(from, Math.min(keys.size(), from + MAX_LOOKUP_KEYS));
                readPages(c, KeysetQuery.keys(dialect, query, batch), query, MAX_LOOKUP_KEYS + 1, handler, counters, null, null, null);
            }
            return new ReadCost(AccessPath.PRIMARY_KEY, counters.rows, counters.examined(c), counters.queries, counters.queryTime());
        });
    }

    /** Receives one key range's summary from {@link #summarizeKeyRanges}. */
    @FunctionalInterface
    public interface RangeSummaryHandler {
        void range(long range, long count, long hashSum);
    }

    /** Receives one key and its cursor value from {@link #listKeys}. */
    @FunctionalInterface
    public interface KeyHandler {
        void key(long key, LocalDateTime cursor);
    }

    /**
     * The smallest and largest value of {@code table}'s primary key {@code key}, or null when the
     * table is empty.
     *
     * @throws SourceContractException when the key is not an integer column
     */
    public long[] keySpan(String table, String key) throws SQLException {
        return onConnection(c -> KeyRangeReads.span(c, dialect, table, key, querySeconds));
    }

    /**
     * Summarizes every range {@code [base + r * width, base + (r + 1) * width)} of the key holding
     * keys as its count and the sum of the keys' CRC-32, in one aggregate; returns its cost.
     */
    public ReadCost summarizeKeyRanges(String table, String key, long base, long width, RangeSummaryHandler handler)
            throws SQLException {
        return onConnection(c -> {
            PageCounters counters = new PageCounters(c);
            long[] rows = new long[1];
            KeyRangeReads.summarize(c, dialect, table, key, base, width, querySeconds, (r, n, h) -> {
                rows[0]++;
                handler.range(r, n, h);
            });
            counters.queries++;
            counters.rows = rows[0];
            return new ReadCost(AccessPath.PRIMARY_KEY, counters.rows, counters.examined(c), counters.queries, counters.queryTime());
        });
    }

    /** Lists the keys of the ranges ({@code [from, until)} each) in key order with their cursor values; returns the cost. */
    public ReadCost listKeys(String table, String key, String cursor, List<long[]> ranges, KeyHandler handler) throws SQLException {
        return onConnection(c -> {
            PageCounters counters = new PageCounters(c);
            long[] rows = new long[1];
            KeyRangeReads.list(c, dialect, table, key, cursor, ranges, querySeconds, (k, v) -> {
                rows[0]++;
                handler.key(k, v);
            });
            counters.queries += (ranges.size() + KeyRangeReads.RANGES_PER_QUERY - 1) / KeyRangeReads.RANGES_PER_QUERY;
            counters.rows = rows[0];
            return new ReadCost(AccessPath.PRIMARY_KEY, counters.rows, counters.examined(c), counters.queries, counters.queryTime());
        });
    }

    /** A page of {@link KeysetQuery#changedKeys} on the shard: each row {@code [joined column, raw cursor, key]}. */
    private List<Object[]> changedPage(Connection c, KeysetQuery changed, Object[] position, int limit, PageCounters counters)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>(limit);
        try (PreparedStatement ps = page(c, changed, position, limit, counters); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Object[] {key(rs.getObject(1)), rs.getObject(2, LocalDateTime.class), key(rs.getObject(3))});
            }
        }
        return rows;
    }

    /** Which rows a reading of dependents leaves out after the lookups are filled in. */
    @FunctionalInterface
    private interface RowFilter {
        /** @param cursorZone the zone of the main table's cursor values */
        boolean skip(Object[] values, ZoneId cursorZone);
    }

    /**
     * The dependents of a lookup join leave out rows whose row of an earlier lookup join (in
     * {@link ExtractQuery#fanOutOrder}) changed in the window: that join's dependents had them. The
     * shard's joins are left out in SQL ({@link KeysetQuery#dependents}).
     */
    private RowFilter earlierLookupsChangedIn(ExtractQuery query, int joinIndex, ExtractWindow window) {
        List<Integer> order = query.fanOutOrder();
        List<Integer> cursors = new ArrayList<>();
        for (int k : order.subList(0, order.indexOf(joinIndex))) {
            if (query.joins().get(k).lookup()) {
                cursors.add(query.selectColumns().indexOf(query.joins().get(k).cursorColumn()));
            }
        }
        if (cursors.isEmpty()) {
            return null;
        }
        return (values, cursorZone) -> {
            for (int position : cursors) {
                if (values[position] instanceof java.time.Instant at) {
                    LocalDateTime cursor = LocalDateTime.ofInstant(at, cursorZone);
                    if ((window.from() == null || !cursor.isBefore(window.from())) && cursor.isBefore(window.until())) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /** Integral keys bind as numbers whatever width the driver chose. */
    static Object key(Object value) {
        return value instanceof Integer || value instanceof Short || value instanceof Byte ? Long.valueOf(((Number) value).longValue())
                : value;
    }

    /** Queries, rows and time of a read's pages, and the session's rows-examined counter before them. */
    private final class PageCounters {
        private final long examinedBefore;
        private final long startNanos = System.nanoTime();
        long rows;
        int queries;
        long handlerNanos;

        PageCounters(Connection c) throws SQLException {
            this.examinedBefore = dialect.rowsExamined(c);
        }

        long examined(Connection c) throws SQLException {
            long after = examinedBefore < 0 ? -1 : dialect.rowsExamined(c);
            return examinedBefore < 0 || after < 0 ? -1 : after - examinedBefore;
        }

        /** Time spent waiting for the replica: the whole read less the handler's work. */
        Duration queryTime() {
            return Duration.ofNanos(System.nanoTime() - startNanos - handlerNanos);
        }
    }

    private PreparedStatement page(Connection c, KeysetQuery keyset, Object[] position, int pageRows, PageCounters counters)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(keyset.sql(position), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            dialect.streamResults(ps);
            ps.setQueryTimeout(querySeconds);
            keyset.bind(ps, position, pageRows);
            counters.queries++;
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /**
     * Streams every page of {@code keyset} to {@code handler}, with each row's version (the cursor
     * without joins). With joins on other connections, a page is read whole first, then their rows
     * are looked up for all of it at once and the versions raised by their cursors.
     *
     * @param start position after which the first page starts (null: from the start)
     * @param enough asked after each full page whether to stop there (null: read to the end)
     * @return the position after which the rest starts, when {@code enough} stopped the read; null at the end
     */
    private Object[] readPages(Connection c, KeysetQuery keyset, ExtractQuery query, int chunkRows, SourceRowHandler handler,
                               PageCounters counters, RowFilter filter, Object[] start, java.util.function.BooleanSupplier enough)
            throws Exception {
        int columnCount = query.selectColumns().size();
        int cursorColumn = query.cursorPosition() + 1;
        int versionPosition = query.versionPosition();
        boolean buffered = query.hasLookups();
        List<Object[]> pageValues = buffered ? new ArrayList<>() : null;
        List<LocalDateTime> pageVersions = buffered ? new ArrayList<>() : null;
        Object[] position = start;
        while (true) {
            int rows = 0;
            ZoneId cursorZone = sourceZone;
            try (PreparedStatement ps = page(c, keyset, position, chunkRows, counters); ResultSet rs = ps.executeQuery()) {
                ColumnReader[] readers = readers(rs.getMetaData(), columnCount);
                // A timestamp cursor is fetched once per row: its reader keeps the raw value.
                ColumnReader.Timestamp cursorReader = readers[cursorColumn - 1] instanceof ColumnReader.Timestamp t ? t : null;
                ColumnReader.Timestamp versionReader = cursorReader;
                if (cursorReader != null) {
                    cursorZone = cursorReader.zone();
                }
                if (versionPosition != cursorColumn - 1 && cursorReader != null) {
                    // the greatest of the input cursors, all in the cursor's zone (checked by status)
                    versionReader = new ColumnReader.Timestamp(versionPosition + 1, cursorReader.zone(), false);
                    readers[versionPosition] = versionReader;
                }
                Object[] last = null;
                LocalDateTime lastCursor = null;
                while (rs.next()) {
                    Object[] values = new Object[readers.length];
                    for (int i = 0; i < readers.length; i++) {
                        values[i] = readers[i].read(rs);
                    }
                    lastCursor = cursorReader != null ? cursorReader.last() : rs.getObject(cursorColumn, LocalDateTime.class);
                    LocalDateTime version = versionReader == cursorReader ? lastCursor
                            : versionReader != null ? versionReader.last() : rs.getObject(versionPosition + 1, LocalDateTime.class);
                    if (buffered) {
                        pageValues.add(values);
                        pageVersions.add(version);
                    } else {
                        long handed = System.nanoTime();
                        handler.row(values, version);
                        counters.handlerNanos += System.nanoTime() - handed;
                    }
                    last = values;
                    rows++;
                }
                if (last != null) {
                    position = keyset.position(last, lastCursor);
                }
            }
            if (buffered) {
                fillLookups(query, pageValues, pageVersions, cursorZone);
                long handed = System.nanoTime();
                for (int i = 0; i < pageValues.size(); i++) {
                    if (filter == null || !filter.skip(pageValues.get(i), cursorZone)) {
                        handler.row(pageValues.get(i), pageVersions.get(i));
                    }
                }
                counters.handlerNanos += System.nanoTime() - handed;
                pageValues.clear();
                pageVersions.clear();
            }
            counters.rows += rows;
            if (rows < chunkRows) {
                return null;
            }
            if (enough != null && enough.getAsBoolean()) {
                return position;
            }
        }
    }

    /**
     * Fills each lookup join's columns of a page's rows from its table, one batch of keys for the
     * page, and raises each row's version to the looked-up row's cursor where that is later.
     */
    private void fillLookups(ExtractQuery query, List<Object[]> page, List<LocalDateTime> versions, ZoneId cursorZone)
            throws SQLException {
        List<String> select = query.selectColumns();
        int versionPosition = query.versionPosition();
        for (JoinedTable join : query.joins()) {
            if (!join.lookup() || page.isEmpty()) {
                continue;
            }
            LookupTable table = lookup(join);
            int keyPosition = select.indexOf(join.factColumn());
            int[] positions = table.columns().stream().mapToInt(col -> select.indexOf(join.sourceColumn(col))).toArray();
            int cursorIndex = table.columns().indexOf(join.cursor());
            Set<Object> keys = new LinkedHashSet<>();
            for (Object[] values : page) {
                if (values[keyPosition] != null) {
                    keys.add(values[keyPosition]);
                }
            }
            Map<Object, LookupTable.Row> rows = table.rows(keys);
            for (int r = 0; r < page.size(); r++) {
                Object[] values = page.get(r);
                LookupTable.Row row = values[keyPosition] == null ? null : rows.get(values[keyPosition]);
                if (row == null) {
                    continue; // a left join: no match, null columns
                }
                for (int i = 0; i < positions.length; i++) {
                    if (positions[i] >= 0) {
                        values[positions[i]] = row.values()[i];
                    }
                }
                if (row.values()[cursorIndex] instanceof java.time.Instant at) {
                    LocalDateTime cursor = LocalDateTime.ofInstant(at, cursorZone);
                    if (cursor.isAfter(versions.get(r))) {
                        versions.set(r, cursor);
                        values[versionPosition] = at;
                    }
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
