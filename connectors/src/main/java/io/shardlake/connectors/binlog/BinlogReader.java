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
     * @throws SourceContractException when a row of the binlog does not fit the table's columns or lacks one the pipeline reads
     */
    public BinlogBatch read(BinlogPosition from, BinlogPosition head, Shape shape, int maxChanges, BooleanSupplier stopped)
            throws IOException, InterruptedException, BinlogUnavailableException, SQLException {
        if (from.serverId() == head.serverId() && from.atOrAfter(head.file(), head.offset())) {
            return new BinlogBatch(List.of(), from, null, null, true);
        }
        List<BinlogColumn> columns = columns(shape.table());
        int[] select = selectPositions(shape, columns);
        int softDelete = shape.softDelete() == null ? -1 : indexOf(columns, shape.softDelete());
        int cursor = indexOf(columns, shape.cursor());
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
        Transactions tx = new Transactions(from, head, maxChanges);
        try {
            client.connect(timeout.toMillis());
            if (!byGtid) {
                tx.file = from.file();
            }
            Map<Long, Boolean> followed = new java.util.HashMap<>();
            while (!tx.done) {
                if (stopped.getAsBoolean()) {
                    throw new InterruptedException("the read was stopped");
                }
                Object next = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
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
                Event event = (Event) next;
                EventHeaderV4 header = event.getHeader();
                EventType type = header.getEventType();
                if (type == EventType.ROTATE) {
                    tx.file = ((RotateEventData) event.getData()).getBinlogFilename();
                    continue;
                }
                if (type == EventType.MARIADB_GTID) {
                    MariadbGtidEventData g = event.getData();
                    tx.begin(g.getDomainId() + "-" + g.getServerId() + "-" + g.getSequence(),
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
                    followed.put(t.getTableId(), ours);
                    if (ours && t.getColumnTypes().length != columns.size()) {
                        throw new SourceContractException("the binlog's rows of " + shape.table() + " at " + tx.file + ":" + header.getPosition()
                                + " have " + t.getColumnTypes().length + " columns, the table now has " + columns.size()
                                + ": its definition changed more than once after the last committed position; re-snapshot the shard");
                    }
                } else if (EventType.isRowMutation(type)) {
                    long tableId = rowsTableId(event);
                    if (!followed.getOrDefault(tableId, false)) {
                        continue;
                    }
                    long at = header.getTimestamp();
                    if (EventType.isWrite(type)) {
                        for (Serializable[] row : ((WriteRowsEventData) event.getData()).getRows()) {
                            tx.pending.add(change(BinlogChange.Op.INSERT, row, columns, select, softDelete, cursor, at));
                        }
                    } else if (EventType.isUpdate(type)) {
                        for (Map.Entry<Serializable[], Serializable[]> row : ((UpdateRowsEventData) event.getData()).getRows()) {
                            tx.pending.add(change(BinlogChange.Op.UPDATE, row.getValue(), columns, select, softDelete, cursor, at));
                        }
                    } else {
                        for (Serializable[] row : ((DeleteRowsEventData) event.getData()).getRows()) {
                            tx.pending.add(change(BinlogChange.Op.DELETE, row, columns, select, softDelete, cursor, at));
                        }
                    }
                }
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("connecting to the binlog of " + host + ":" + port + " timed out after " + timeout.toSeconds() + "s", e);
        } finally {
            client.disconnect();
        }
        return new BinlogBatch(tx.batch, tx.committed, tx.ddl, tx.ddlApplied, tx.reachedHead);
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

    private BinlogChange change(BinlogChange.Op op, Serializable[] row, List<BinlogColumn> columns, int[] select, int softDelete,
                                int cursor, long at) {
        if (row.length != columns.size()) {
            throw new SourceContractException("a binlog row has " + row.length + " columns and the table " + columns.size()
                    + ": its definition changed after the last committed position; re-snapshot the shard");
        }
        Object[] values = new Object[select.length];
        for (int i = 0; i < select.length; i++) {
            if (select[i] < 0) { // the tombstone flag
                values[i] = softDelete >= 0 && row[softDelete] != null ? 1L : 0L;
            } else {
                values[i] = columns.get(select[i]).convert(row[select[i]], sourceZone);
            }
        }
        LocalDateTime version = columns.get(cursor).cursorValue(row[cursor]);
        return new BinlogChange(op, values, version, at);
    }

    /** Where each selected column is in the table's columns; -1 for the tombstone flag. */
    private static int[] selectPositions(Shape shape, List<BinlogColumn> columns) {
        if (columns.isEmpty()) {
            throw new SourceContractException("table " + shape.table() + " does not exist on this shard");
        }
        int[] positions = new int[shape.selectColumns().size()];
        for (int i = 0; i < positions.length; i++) {
            String name = shape.selectColumns().get(i);
            positions[i] = name.equals(shape.deletedColumn()) ? -1 : indexOf(columns, name);
            if (positions[i] >= 0 && columns.get(positions[i]).unsupported() != null) {
                throw new SourceContractException("column " + name + " of " + shape.table() + ": " + columns.get(positions[i]).unsupported());
            }
        }
        return positions;
    }

    private static int indexOf(List<BinlogColumn> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new SourceContractException("column " + name + " is no longer in the table (now " + columns.stream().map(BinlogColumn::name)
                .toList() + "): the change is incompatible with the pipeline's definition");
    }

    /** The read's progress through transactions: only whole ones count. */
    private static final class Transactions {
        final List<BinlogChange> batch = new ArrayList<>();
        final List<BinlogChange> pending = new ArrayList<>();
        final Map<String, String> mariaDomains = new LinkedHashMap<>();
        final BinlogPosition head;
        final int maxChanges;
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

        Transactions(BinlogPosition from, BinlogPosition head, int maxChanges) {
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

        void commit(EventHeaderV4 header) {
            batch.addAll(pending);
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
            } else if (batch.size() >= maxChanges) {
                done = true;
            }
        }

        void stopBefore(String statement) {
            ddl = statement;
            done = true;
        }
    }
}
