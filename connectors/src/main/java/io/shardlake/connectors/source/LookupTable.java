package io.shardlake.connectors.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The table of a join on another connection (a global database that is not sharded, such as a
 * product catalogue): its rows are looked up by key in batches, {@value ShardReader#MAX_LOOKUP_KEYS}
 * keys per {@code IN} list, and kept in a bounded cache shared by every shard task of one run, so
 * twelve shards reading the same products read each once. A run's cache dies with the run: a row
 * that changes is found by the next run's window through its own cursor, and the view rows that
 * read it are written again. Thread-safe.
 */
public final class LookupTable {

    /** A looked-up row: its values in the order of {@link #columns}, and its raw cursor (in the cursor's zone). */
    record Row(Object[] values, LocalDateTime cursor) {
    }

    private final JoinedTable join;
    private final DataSource dataSource;
    private final SourceDialect dialect;
    private final ZoneId zone;
    private final int querySeconds;
    private final List<String> columns;
    private final Map<Object, Row> cache;
    private final Row missing = new Row(null, null);

    /**
     * @param columns    the joined table's columns to read (its cursor among them)
     * @param cacheRows  most rows kept; the least recently used go first
     */
    public LookupTable(JoinedTable join, List<String> columns, DataSource dataSource, SourceDialect dialect, ZoneId zone,
                       SourceTimeouts timeouts, int cacheRows) {
        this.join = join;
        this.columns = List.copyOf(columns);
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.zone = zone;
        this.querySeconds = timeouts.querySeconds();
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Row> eldest) {
                return size() > cacheRows;
            }
        };
    }

    public JoinedTable join() {
        return join;
    }

    /** The columns each looked-up row holds, in order. */
    List<String> columns() {
        return columns;
    }

    /**
     * Checks on its own connection what the join relies on: the key is the table's primary key and
     * of the same kind as the main table's join column, an index leads with the cursor, and the
     * cursor is read in {@code factZone} like the main table's, so that one window bounds both.
     *
     * @throws SourceContractException when it does not
     */
    void check(ZoneId factZone, JoinContract.ColumnKind factColumn, String factColumnName) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            JoinContract contract = new JoinContract(c, dialect, "join " + join.name() + " (" + join.table() + "): ",
                    " on connection " + join.connection());
            contract.requireKeyedBy(join.table(), join.keyColumn());
            contract.requireIndexLeadingWith(join.table(), join.cursor(), "the rows changed in a window are found through it");
            contract.requireComparable(factColumn, factColumnName, contract.columnKind(join.table(), join.keyColumn()),
                    join.table() + "." + join.keyColumn());
            contract.requireZone(join.table() + "." + join.cursor(), contract.cursorZone(join.table(), join.cursor(), zone), "the main"
                    + " table's cursor", factZone);
        }
    }

    /** The rows of {@code keys}, from the cache or read in batches; a key with no row maps to nothing. */
    Map<Object, Row> rows(Collection<Object> keys) throws SQLException {
        Map<Object, Row> found = new HashMap<>();
        List<Object> misses = new ArrayList<>();
        synchronized (cache) {
            for (Object key : keys) {
                Row row = cache.get(key);
                if (row == null) {
                    misses.add(key);
                } else if (row != missing) {
                    found.put(key, row);
                }
            }
        }
        for (int from = 0; from < misses.size(); from += ShardReader.MAX_LOOKUP_KEYS) {
            List<Object> batch = misses.subList(from, Math.min(misses.size(), from + ShardReader.MAX_LOOKUP_KEYS));
            Map<Object, Row> read = read(batch);
            synchronized (cache) {
                for (Object key : batch) {
                    Row row = read.get(key);
                    cache.put(key, row == null ? missing : row);
                    if (row != null) {
                        found.put(key, row);
                    }
                }
            }
        }
        return found;
    }

    private Map<Object, Row> read(List<Object> keys) throws SQLException {
        String sql = "SELECT " + dialect.quote(join.keyColumn()) + ", " + columns.stream().map(dialect::quote).collect(Collectors.joining(", "))
                + (join.softDelete() == null ? "" : ", " + dialect.quote(join.softDelete()))
                + " FROM " + dialect.quote(join.table()) + " WHERE " + dialect.quote(join.keyColumn()) + " IN ("
                + keys.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
        int cursorColumn = columns.indexOf(join.cursor()) + 2;
        Map<Object, Row> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(querySeconds);
            for (int i = 0; i < keys.size(); i++) {
                KeysetQuery.bindValue(ps, i + 1, keys.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                ColumnReader[] readers = new ColumnReader[columns.size()];
                for (int i = 0; i < readers.length; i++) {
                    readers[i] = ColumnReader.forColumn(md, i + 2, zone, dialect);
                }
                while (rs.next()) {
                    Object key = ShardReader.key(rs.getObject(1));
                    Object[] values = new Object[readers.length];
                    for (int i = 0; i < readers.length; i++) {
                        values[i] = readers[i].read(rs);
                    }
                    LocalDateTime cursor = rs.getObject(cursorColumn, LocalDateTime.class);
                    boolean deleted = join.softDelete() != null && rs.getObject(columns.size() + 2) != null;
                    if (deleted) {
                        // a soft-deleted row matches as if absent, but its cursor still counts
                        Object[] blank = new Object[values.length];
                        blank[cursorColumn - 2] = values[cursorColumn - 2];
                        values = blank;
                    }
                    rows.put(key, new Row(values, cursor));
                }
            }
        }
        return rows;
    }

    /**
     * A page of the joined table's rows whose cursor is in {@code window}, after {@code position}
     * (null: the first page), in {@code (cursor, key)} order: each as {@code [key, raw cursor, key]},
     * the layout {@link KeysetQuery#changedKeys} gives.
     */
    List<Object[]> changed(ExtractWindow window, Object[] position, int limit) throws SQLException {
        KeysetQuery changed = KeysetQuery.changedKeys(dialect, join, window);
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(changed.sql(position), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setQueryTimeout(querySeconds);
            changed.bind(ps, position, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {ShardReader.key(rs.getObject(1)), rs.getObject(2, LocalDateTime.class),
                            ShardReader.key(rs.getObject(3))});
                }
            }
        }
        return rows;
    }
}
