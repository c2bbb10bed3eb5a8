package io.shardlake.connectors.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.GtidSet;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.source.SourceContractException;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Follows one shard's binlog with the binlog client library (the one Debezium's MySQL connector
 * is built on): the server's settings and current position over JDBC, the row changes of one table
 * from a committed position up to where the server was when the read started, whole transactions
 * only. Nothing is kept between reads: where to resume is the caller's, committed with what it wrote.
 */
public final class BinlogReader {

    /** What of the followed table a read returns: its source columns in order, and the pseudo-column of tombstones. */
    public record Shape(String table, List<String> selectColumns, String cursor, String softDelete, String deletedColumn) {
    }

    /** The client logs each connection at INFO through java.util.logging, one line per shard and batch; held so the level sticks. */
    private static final java.util.logging.Logger CLIENT_LOG = java.util.logging.Logger.getLogger(BinaryLogClient.class.getName());

    static {
        CLIENT_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private static final Pattern DDL = Pattern.compile("^\\s*(ALTER|DROP|RENAME|TRUNCATE|CREATE\\s+OR\\s+REPLACE)\\s+TABLE\\b",
            Pattern.CASE_INSENSITIVE);

    private final Shard shard;
    private final DataSource dataSource;
    private final String user;
    private final String password;
    private final ZoneId sourceZone;
    private final Duration timeout;
    private final String database;
    private final String host;
    private final int port;

    /**
     * @param timeout how long connecting, and waiting for the next event while the server has more, may take
     */
    public BinlogReader(Shard shard, DataSource dataSource, String user, String password, ZoneId sourceZone, Duration timeout) {
        this.shard = shard;
        this.dataSource = dataSource;
        this.user = user;
        this.password = password;
        this.sourceZone = sourceZone;
        this.timeout = timeout;
        URI uri = URI.create(shard.jdbcUrl().substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 3306 : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath();
        this.database = path.startsWith("/") ? path.substring(1) : path;
        if (host == null || database.isEmpty()) {
            throw new IllegalArgumentException("shard " + shard.id() + ": a binlog is followed on a MySQL or MariaDB server named by a"
                    + " jdbc:mysql://host:port/database URL");
        }
    }

    public Shard shard() {
        return shard;
    }

    /**
     * The server's current position, after checking it logs what a follower needs.
     *
     * @throws BinlogUnavailableException naming the setting to change
     */
    public BinlogPosition head() throws SQLException, BinlogUnavailableException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            String logBin;
            String format;
            String image;
            long serverId;
            try (ResultSet rs = s.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@server_id")) {
                rs.next();
                logBin = rs.getString(1);
                format = rs.getString(2);
                image = rs.getString(3);
                serverId = rs.getLong(4);
            }
            if (!"1".equals(logBin) && !"ON".equalsIgnoreCase(logBin)) {
                throw new BinlogUnavailableException("shard " + shard.id() + ": the binlog is off on " + host + ":" + port
                        + " (log_bin = OFF): start the server with log_bin (--log-bin=<path>), binlog_format=ROW, binlog_row_image=FULL"
                        + " and, on a replica, log_slave_updates (MySQL 8: log_replica_updates) = ON", false);
            }
            if (!"ROW".equalsIgnoreCase(format)) {
                throw new BinlogUnavailableException("shard " + shard.id() + ": binlog_format is " + format + " on " + host + ":" + port
                        + "; set binlog_format=ROW (row images are what is read)", false);
            }
            if (!"FULL".equalsIgnoreCase(image)) {
                throw new BinlogUnavailableException("shard " + shard.id() + ": binlog_row_image is " + image + " on " + host + ":" + port
                        + "; set binlog_row_image=FULL (every column of every changed row is needed)", false);
            }
            String gtid = gtidPosition(s);
            try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                if (!rs.next()) {
                    throw new BinlogUnavailableException("shard " + shard.id() + ": SHOW MASTER STATUS returned nothing on " + host + ":"
                            + port + "; the binlog is off or the user lacks REPLICATION CLIENT (BINLOG MONITOR on MariaDB)", false);
                }
                return new BinlogPosition(rs.getString(1), rs.getLong(2), gtid, serverId);
            }
        }
    }

    /** MariaDB's GTID position, or MySQL's executed GTID set when GTIDs are on; null otherwise. Read before the file position. */
    private static String gtidPosition(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException notMariaDb) {
            try (ResultSet rs = s.executeQuery("SELECT IF(@@gtid_mode = 'ON', @@gtid_executed, NULL)")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The followed table's columns now, in their order. */
    public List<BinlogColumn> columns(String table) throws SQLException {
        List<BinlogColumn> columns = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             var ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE FROM information_schema.COLUMNS"
                     + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(BinlogColumn.of(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return columns;
    }

    /**
     * Why {@code from} cannot be resumed from on this server (its file was purged; or it was written
     * by another server and holds no GTID), or null.
     */
    public String unresumable(BinlogPosition from, BinlogPosition head) throws SQLException {
        if (from.serverId() != head.serverId()) {
            return from.gtid() == null ? "the position " + from + " was written by server " + from.serverId() + ", and " + host + ":" + port
                    + " is server " + head.serverId() + ": without a GTID there is no way to find the same spot here" : null;
        }
        List<String> files = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.add(rs.getString(1));
            }
        }
        if (!files.contains(from.file())) {
            return "binlog position " + from.file() + ":" + from.offset() + " was purged from " + host + ":" + port + " (oldest file now "
                    + (files.isEmpty() ? "none" : files.get(0)) + ")";
        }
        return null;
    }

    /**
     * Reads the followed table's changes of the transactions committed after {@code from}, up to the
     * server's position {@code head} (taken before), at most about {@code maxChanges} (whole
     * transactions), stopping before a statement that changes the table unless it is the first.
     * The server's resume spot is {@code from}'s file and offset when it wrote them, its GTID otherwise.
     *
     * @param stopped asked between events: true ends the read with an {@link InterruptedException}
     * @param changes  gets each change of a transaction once the transaction's commit is read, in binlog order
     * @throws SourceContractException when a row of the binlog does not fit the table's columns or lacks one the pipeline reads
     */
    public BinlogBatch read(BinlogPosition from, BinlogPosition head, Shape shape, long maxChanges, BooleanSupplier stopped,
                            ChangeHandler changes) throws Exception {
        if (from.serverId() == head.serverId() && from.atOrAfter(head.file(), head.offset())) {
            return new BinlogBatch(0, 0, from, null, null, true);
        }
        List<BinlogColumn> columns = columns(shape.table());
        Mapping current = Mapping.of(shape, columns, columns.stream().map(BinlogColumn::name).toList()); // checks the contract before reading
        BinaryLogClient client = new BinaryLogClient(host, port, user, password == null ? "" : password);
        client.setServerId(ThreadLocalRandom.current().nextLong(1 << 20, Integer.MAX_VALUE)); // a replica id no real replica uses
        client.setKeepAlive(false);
        client.setConnectTimeout(timeout.toMillis());
        client.setHeartbeatInterval(Math.max(1000, timeout.toMillis() / 4));
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        client.setEventDeserializer(deserializer);
        boolean byGtid = from.serverId() != head.serverId();
        if (byGtid) {
            client.setGtidSet(from.gtid());
        } else {
            client.setBinlogFilename(from.file());
            client.setBinlogPosition(from.offset());
        }
        BlockingQueue<Object> events = new LinkedBlockingQueue<>(10_000);
        client.registerEventListener(e -> {
            try {
                events.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                events.offer(ex);
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                events.offer(ex);
            }
        });
        Transactions tx = new Transactions(from, head, maxChanges, changes);
        try {
            client.connect(timeout.toMillis());
            if (!byGtid) {
                tx.file = from.file();
            }
            Map<Long, Mapping> followed = new java.util.HashMap<>();
            long progressDeadline = System.nanoTime() + timeout.toNanos();
            while (!tx.done) {
                if (stopped.getAsBoolean()) {
                    throw new InterruptedException("the read was stopped");
                }
                Object next = events.poll(200, TimeUnit.MILLISECONDS);
                if (next == null || next instanceof Event e && e.getHeader().getEventType() == EventType.HEARTBEAT) {
                    // heartbeats say the connection lives, not that the read gets anywhere
                    if (System.nanoTime() - progressDeadline < 0) {
                        continue;
                    }
                    throw new IOException("no binlog event from " + host + ":" + port + " for " + timeout.toSeconds() + "s before reaching "
                            + head.file() + ":" + head.offset() + " (read up to " + tx.committed + ")");
                }
                if (next instanceof Exception ex) {
                    String m = String.valueOf(ex.getMessage());
                    if (m.contains("1236") || m.toLowerCase(Locale.ROOT).contains("could not find first log file")
                            || m.toLowerCase(Locale.ROOT).contains("purged")) {
                        throw new BinlogUnavailableException("binlog position " + from + " is no longer on " + host + ":" + port + ": " + m,
                                true);
                    }
                    throw new IOException("reading the binlog of " + host + ":" + port + " failed: " + m, ex);
                }
                progressDeadline = System.nanoTime() + timeout.toNanos();
                Event event = (Event) next;
                EventHeaderV4 header = event.getHeader();
                EventType type = header.getEventType();
                if (type == EventType.ROTATE) {
                    tx.file = ((RotateEventData) event.getData()).getBinlogFilename();
                    continue;
                }
                if (type == EventType.MARIADB_GTID) {
                    MariadbGtidEventData g = event.getData();
                    tx.begin(g.getDomainId() + "-" + header.getServerId() + "-" + g.getSequence(),
                            (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0);
                } else if (type == EventType.GTID) {
                    GtidEventData g = event.getData();
                    tx.begin(g.getMySqlGtid().toString(), false);
                } else if (type == EventType.QUERY) {
                    QueryEventData q = event.getData();
                    String sql = q.getSql().trim();
                    if (sql.equalsIgnoreCase("BEGIN")) {
                        tx.open = true;
                    } else if (sql.equalsIgnoreCase("COMMIT")) {
                        tx.commit(header);
                    } else if (!tx.open) {
                        if (changesTable(q, shape.table())) {
                            if (tx.taken > 0) {
                                tx.stopBefore(sql);
                                continue;
                            }
                            tx.ddlApplied = sql;
                        }
                        tx.commit(header);
                    }
                } else if (type == EventType.XID) {
                    tx.commit(header);
                } else if (type == EventType.TABLE_MAP) {
                    TableMapEventData t = event.getData();
                    boolean ours = database.equalsIgnoreCase(t.getDatabase()) && shape.table().equalsIgnoreCase(t.getTable());
                    followed.put(t.getTableId(), ours ? mapping(shape, columns, current, t, tx.file + ":" + header.getPosition()) : null);
                } else if (EventType.isRowMutation(type)) {
                    Mapping m = followed.get(rowsTableId(event));
                    if (m == null) {
                        continue;
                    }
                    long at = header.getTimestamp();
                    if (EventType.isWrite(type)) {
                        for (Serializable[] row : ((WriteRowsEventData) event.getData()).getRows()) {
                            tx.pending.add(m.change(BinlogChange.Op.INSERT, row, at, sourceZone));
                        }
                    } else if (EventType.isUpdate(type)) {
                        for (Map.Entry<Serializable[], Serializable[]> row : ((UpdateRowsEventData) event.getData()).getRows()) {
                            tx.pending.add(m.change(BinlogChange.Op.UPDATE, row.getValue(), at, sourceZone));
                        }
                    } else {
                        for (Serializable[] row : ((DeleteRowsEventData) event.getData()).getRows()) {
                            tx.pending.add(m.change(BinlogChange.Op.DELETE, row, at, sourceZone));
                        }
                    }
                }
                // between transactions the head is also reached by other events (a rotated file's header events)
                tx.reachedBetweenTransactions(header);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("connecting to the binlog of " + host + ":" + port + " timed out after " + timeout.toSeconds() + "s", e);
        } finally {
            client.disconnect();
        }
        return new BinlogBatch(tx.changes, tx.lastCommitMillis, tx.committed, tx.ddl, tx.ddlApplied, tx.reachedHead);
    }

    private static long rowsTableId(Event event) {
        Object d = event.getData();
        if (d instanceof WriteRowsEventData w) {
            return w.getTableId();
        }
        if (d instanceof UpdateRowsEventData u) {
            return u.getTableId();
        }
        return ((DeleteRowsEventData) d).getTableId();
    }

    private boolean changesTable(QueryEventData q, String table) {
        String sql = q.getSql();
        if (!DDL.matcher(sql).find()) {
            return false;
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        return Pattern.compile("[\\s.`]" + Pattern.quote(table.toLowerCase(Locale.ROOT)) + "[`\\s;(,]|[\\s.`]"
                + Pattern.quote(table.toLowerCase(Locale.ROOT)) + "$").matcher(lower).find()
                && (q.getDatabase() == null || q.getDatabase().isEmpty() || q.getDatabase().equalsIgnoreCase(database)
                || lower.contains(database.toLowerCase(Locale.ROOT)));
    }

    /**
     * How the rows of one TABLE_MAP are read: by the column names it carries (MariaDB and MySQL with
     * {@code binlog_row_metadata=FULL}), else by position, which holds while columns were only added
     * at the end since (fewer columns in the row than the table has now).
     */
    private static Mapping mapping(Shape shape, List<BinlogColumn> columns, Mapping current, TableMapEventData t, String where) {
        List<String> names = t.getEventMetadata() == null ? null : t.getEventMetadata().getColumnNames();
        int width = t.getColumnTypes().length;
        if (names != null && names.size() == width) {
            return Mapping.of(shape, columns, names);
        }
        if (width == columns.size()) {
            return current;
        }
        if (width < columns.size()) {
            return Mapping.of(shape, columns, columns.subList(0, width).stream().map(BinlogColumn::name).toList());
        }
        throw new SourceContractException("the binlog's rows of " + shape.table() + " at " + where + " have " + width + " columns, the"
                + " table now has " + columns.size() + " (a column was dropped since) and the binlog carries no column names"
                + " (binlog_row_metadata=FULL would): re-snapshot the shard");
    }

    /** Where each selected column is in a binlog row, and how its value is converted. */
    private record Mapping(int width, int[] select, BinlogColumn[] types, int softDelete, int cursor) {

        static Mapping of(Shape shape, List<BinlogColumn> columns, List<String> rowNames) {
            if (columns.isEmpty()) {
                throw new SourceContractException("table " + shape.table() + " does not exist on this shard");
            }
            int[] select = new int[shape.selectColumns().size()];
            BinlogColumn[] types = new BinlogColumn[select.length];
            for (int i = 0; i < select.length; i++) {
                String name = shape.selectColumns().get(i);
                if (name.equals(shape.deletedColumn())) {
                    select[i] = -1;
                    continue;
                }
                select[i] = indexOf(rowNames, name, columns);
                types[i] = columns.get(indexOf(columns.stream().map(BinlogColumn::name).toList(), name, columns));
                if (types[i].unsupported() != null) {
                    throw new SourceContractException("column " + name + " of " + shape.table() + ": " + types[i].unsupported());
                }
            }
            int softDelete = shape.softDelete() == null ? -1 : indexOf(rowNames, shape.softDelete(), columns);
            int cursor = indexOf(rowNames, shape.cursor(), columns);
            BinlogColumn cursorType = columns.get(indexOf(columns.stream().map(BinlogColumn::name).toList(), shape.cursor(), columns));
            types = java.util.Arrays.copyOf(types, types.length + 1);
            types[types.length - 1] = cursorType;
            return new Mapping(rowNames.size(), select, types, softDelete, cursor);
        }

        BinlogChange change(BinlogChange.Op op, Serializable[] row, long at, ZoneId zone) {
            if (row.length != width) {
                throw new SourceContractException("a binlog row has " + row.length + " columns where " + width + " were announced");
            }
            Object[] values = new Object[select.length];
            for (int i = 0; i < select.length; i++) {
                values[i] = select[i] < 0 ? (Object) (softDelete >= 0 && row[softDelete] != null ? 1L : 0L)
                        : types[i].convert(row[select[i]], zone);
            }
            return new BinlogChange(op, values, types[types.length - 1].cursorValue(row[cursor]), at);
        }
    }

    private static int indexOf(List<String> names, String name, List<BinlogColumn> columns) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new SourceContractException("column " + name + " is no longer in the table (now " + columns.stream().map(BinlogColumn::name)
                .toList() + "): the change is incompatible with the pipeline's definition; the pipeline cannot go on until the column is"
                + " back or the definition no longer reads it");
    }

    /** Takes the changes of one committed transaction. */
    @FunctionalInterface
    public interface ChangeHandler {
        void change(BinlogChange change) throws Exception;
    }

    /** The read's progress through transactions: only whole ones count. */
    private static final class Transactions {
        final ChangeHandler handler;
        long changes;
        long lastCommitMillis;
        final List<BinlogChange> pending = new ArrayList<>();
        final Map<String, String> mariaDomains = new LinkedHashMap<>();
        final BinlogPosition head;
        final long maxChanges;
        final long serverId;
        GtidSet mysqlGtids;
        BinlogPosition committed;
        String file;
        String pendingGtid;
        boolean open;
        boolean done;
        boolean reachedHead;
        int taken;
        String ddl;
        String ddlApplied;

        Transactions(BinlogPosition from, BinlogPosition head, long maxChanges, ChangeHandler handler) {
            this.handler = handler;
            this.committed = from;
            this.head = head;
            this.maxChanges = maxChanges;
            this.serverId = head.serverId();
            if (from.gtid() != null && from.gtid().contains(":")) {
                mysqlGtids = new GtidSet(from.gtid());
            } else if (from.gtid() != null) {
                for (String g : from.gtid().split(",")) {
                    mariaDomains.put(g.trim().substring(0, g.trim().indexOf('-')), g.trim());
                }
            }
        }

        void begin(String gtid, boolean transaction) {
            pendingGtid = gtid;
            open = transaction;
            pending.clear();
        }

        void commit(EventHeaderV4 header) throws Exception {
            for (BinlogChange c : pending) {
                handler.change(c);
            }
            changes += pending.size();
            if (!pending.isEmpty()) {
                lastCommitMillis = header.getTimestamp();
            }
            pending.clear();
            open = false;
            taken++;
            String gtid = committed.gtid();
            if (pendingGtid != null) {
                if (pendingGtid.contains(":")) {
                    if (mysqlGtids == null) {
                        mysqlGtids = new GtidSet("");
                    }
                    mysqlGtids.add(pendingGtid);
                    gtid = mysqlGtids.toString();
                } else {
                    mariaDomains.put(pendingGtid.substring(0, pendingGtid.indexOf('-')), pendingGtid);
                    gtid = String.join(",", mariaDomains.values());
                }
                pendingGtid = null;
            }
            committed = new BinlogPosition(file, header.getNextPosition(), gtid, serverId);
            if (committed.atOrAfter(head.file(), head.offset())) {
                done = true;
                reachedHead = true;
            } else if (changes >= maxChanges) {
                done = true;
            }
        }

        /** Ends the read when an event read outside any transaction ends at or past the head. */
        void reachedBetweenTransactions(EventHeaderV4 header) {
            if (!done && !open && pending.isEmpty() && pendingGtid == null && header.getNextPosition() > 0 && file != null
                    && new BinlogPosition(file, header.getNextPosition(), null, serverId).atOrAfter(head.file(), head.offset())) {
                committed = new BinlogPosition(file, header.getNextPosition(), committed.gtid(), serverId);
                done = true;
                reachedHead = true;
            }
        }

        void stopBefore(String statement) {
            ddl = statement;
            done = true;
        }
    }
}
