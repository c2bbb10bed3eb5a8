package io.shardlake.app.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Fills the demo source tables of a shard and keeps changing them, the way an application would:
 * {@link #populate} writes the initial rows, each {@link #tick} inserts a few rows and updates a few
 * existing ones per table, stamping {@code updated_at} with the clock's current UTC millisecond.
 *
 * <p>Deterministic: the same seed, clock readings and call order give the same rows. Ids are per-shard
 * sequences starting at 1 (the lake keys rows by shard and id). Not thread-safe across shards at
 * once: calls are serialised, which also keeps the random sequence reproducible.
 */
public final class DemoDataGenerator {

    private static final int BATCH_SIZE = 500;

    private final Clock clock;
    private final DemoVolume volume;
    private final DemoRandom random;
    private final List<TableVolume> tables;
    private final java.util.Random deletes;

    public DemoDataGenerator(long seed, Clock clock, DemoVolume volume) {
        this.clock = clock;
        this.volume = volume;
        this.random = new DemoRandom(seed, volume.malformedOneIn());
        this.deletes = new java.util.Random(seed ^ 0x5DE1E7EL);
        this.tables = List.of(
                new TableVolume(new CustomersTable(), volume.customers()),
                new TableVolume(new OrdersTable(volume.customers()), volume.orders()),
                new TableVolume(new FormSubmissionsTable(volume.customers()), volume.formSubmissions()));
    }

    /**
     * Inserts the initial rows into a shard whose tables exist and are empty. Their {@code created_at}
     * spread over the volume's history up to now, so the lake gets several date partitions at once.
     */
    public synchronized void populate(Connection shard) throws SQLException {
        Instant now = clock.instant();
        Instant oldest = now.minus(volume.history());
        inTransaction(shard, () -> {
            for (TableVolume table : tables) {
                try (PreparedStatement insert = shard.prepareStatement(table.table().insertSql())) {
                    for (long id = 1; id <= table.initialRows(); id++) {
                        Instant created = random.between(oldest, now);
                        Instant updated = random.between(created, now);
                        table.table().bindInsert(insert, id, UtcMillis.format(created), UtcMillis.format(updated), random);
                        insert.addBatch();
                        if (id % BATCH_SIZE == 0) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
            }
        });
    }

    /** One round of changes on a shard: new rows and updated rows in every table, all stamped now. */
    public synchronized void tick(Connection shard) throws SQLException {
        String now = UtcMillis.format(clock.instant());
        inTransaction(shard, () -> {
            for (TableVolume table : tables) {
                DemoTable demoTable = table.table();
                long maxId = maxId(shard, demoTable.name());
                try (PreparedStatement update = shard.prepareStatement(demoTable.updateSql())) {
                    for (int i = 0; i < volume.updatesPerTick() && maxId > 0; i++) {
                        demoTable.bindUpdate(update, random.between(1L, maxId), now, random);
                        update.addBatch();
                    }
                    update.executeBatch();
                }
                try (PreparedStatement insert = shard.prepareStatement(demoTable.insertSql())) {
                    for (int i = 1; i <= volume.insertsPerTick(); i++) {
                        demoTable.bindInsert(insert, maxId + i, now, now, random);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
        });
    }

    /**
     * Deletes one existing order of the shard for good (no soft-delete column: a hard delete), chosen
     * apart from the seeded rows' random stream; returns its id, or 0 when there is none.
     */
    public synchronized long deleteAnOrder(Connection shard) throws SQLException {
        long maxId = maxId(shard, "orders");
        if (maxId == 0) {
            return 0;
        }
        long from = 1 + deletes.nextLong(maxId);
        try (PreparedStatement find = shard.prepareStatement("SELECT MIN(id) FROM orders WHERE id >= ?")) {
            find.setLong(1, from);
            try (ResultSet rs = find.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                if (rs.wasNull()) {
                    return 0;
                }
                try (PreparedStatement delete = shard.prepareStatement("DELETE FROM orders WHERE id = ?")) {
                    delete.setLong(1, id);
                    return delete.executeUpdate() == 1 ? id : 0;
                }
            }
        }
    }

    private static long maxId(Connection shard, String table) throws SQLException {
        try (Statement statement = shard.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    // One transaction per call: fast batches, and a reader never sees half a tick.
    private static void inTransaction(Connection connection, SqlWork work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    private record TableVolume(DemoTable table, int initialRows) {
    }
}
