package io.shardlake.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.BinlogMariaDb;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.run.OrdersPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactness protocol of binlog CDC ({@code source.mode: cdc}) against {@code kill -9}, on one
 * metadata store: a node in a child JVM ({@link CrashLoopNode} in {@code cdc} mode) follows two shard
 * databases on a MariaDB with its binlog on (its own server process), running micro-batches back to
 * back, while a writer commits inserts, updates and deletes in transactions of several rows, some
 * spanning both shards' databases and a table the pipeline does not follow. The node is killed with
 * SIGKILL many times: at random moments, and every other time just after a shard task published its
 * files and before it committed its binlog position. Each new node takes over what the dead one left.
 * Then the writes stop, one last node runs until a batch it queued itself (after them) succeeded, and
 * the lake is checked against everything the writer committed: every version of every row exactly
 * once, every delete exactly one tombstone, nothing else.
 */
abstract class CdcCrashSafetyContract {

    @RegisterExtension
    static BinlogMariaDb binlog = BinlogMariaDb.start();

    @RegisterExtension
    static MySqlShards shards = MySqlShards.on(binlog.server(), 2);

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private static final int SEEDED_PER_SHARD = 150;

    @TempDir
    Path folder;

    abstract MetadataStore metadataStore();

    /**
     * How many times the node is killed: 4 on the server stores, whose commit is the same JDBC
     * transaction the embedded default's 8 kills exercise (each kill costs a node start, ~5-10 s).
     */
    int kills() {
        return 4;
    }

    @BeforeAll
    static void tables() throws Exception {
        shards.executeOnAll(OrdersPipeline.DDL);
        shards.executeOnAll("CREATE TABLE payments (id BIGINT NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL, amount DECIMAL(10,2))");
    }

    @Test
    void killingACdcNodeAtRandomMomentsNeverDoublesOrLosesAVersionOrATombstone() throws Exception {
        Writer writer = new Writer();
        writer.seed();
        // The first load (a window) is the polling path's, which CrashSafetyContract kills; here kills land in binlog batches.
        CrashLoopProcess first = start("node-0");
        first.awaitOwnSuccess(Duration.ofSeconds(90));
        Thread thread = new Thread(writer::writeWhileOn, "source-writer");
        thread.start();
        Random random = new Random(42);
        int midRun = 0;
        int betweenPublishAndCommit = 0;
        try {
            CrashLoopProcess node = first;
            for (int kill = 0; kill < kills(); kill++) {
                if (kill > 0) {
                    node = start("node-" + kill);
                    node.awaitLine("started ", Duration.ofSeconds(60));
                }
                if (kill % 2 == 1) {
                    node.awaitBetweenPublishAndCommit(Duration.ofSeconds(30));
                } else {
                    Thread.sleep(random.nextInt(1500));
                }
                node.kill();
                midRun += node.running() ? 1 : 0;
                betweenPublishAndCommit += node.betweenPublishAndCommit() ? 1 : 0;
                assertThat(writer.failure.get()).as("the writer").isNull();
            }
        } finally {
            writer.on.set(false);
            thread.join();
        }
        assertThat(writer.failure.get()).as("the writer").isNull();
        CrashLoopProcess last = start("node-last");
        last.awaitOwnSuccess(Duration.ofSeconds(90));
        assertThat(last.stop(folder, Duration.ofSeconds(60))).as("the last node stops when asked").isTrue();

        assertThat(midRun).as("kills that landed while a batch was executing").isGreaterThanOrEqualTo(kills() / 2);
        assertThat(betweenPublishAndCommit).as("kills between a task's publish and its commit").isGreaterThanOrEqualTo(kills() / 2);
        assertThat(writer.multiShardTransactions.get()).as("transactions spanning both shards").isPositive();
        List<String> versions = new ArrayList<>();
        List<String> tombstones = new ArrayList<>();
        for (Map<String, Object> row : DuckDbLake.query("SELECT _shard, order_id, epoch_ms(updated_at) AS at, _deleted FROM read_parquet('"
                + folder.resolve("lake").resolve("orders") + "/*/*.parquet', hive_partitioning = true)")) {
            String key = row.get("_shard") + "/" + row.get("order_id");
            if (Boolean.TRUE.equals(row.get("_deleted"))) {
                tombstones.add(key);
            } else {
                versions.add(key + "@" + row.get("at"));
            }
        }
        assertThat(versions).as("(shard, key, cursor) in the lake").doesNotHaveDuplicates();
        assertThat(versions).as("every version the writer committed, and nothing else").containsExactlyInAnyOrderElementsOf(writer.versions);
        assertThat(tombstones).as("one tombstone per deleted row").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(writer.deleted);
    }

    private CrashLoopProcess start(String id) throws IOException {
        return CrashLoopProcess.start(folder, id, metadataStore(), shards, "cdc");
    }

    /**
     * The only writer of the shards' orders: knows which rows exist, and records each version and
     * delete once its transaction committed. Every version of a row has its own cursor value (a
     * clock that never repeats a millisecond), so each (shard, key, cursor) names one version.
     */
    private static final class Writer {
        final AtomicBoolean on = new AtomicBoolean(true);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong multiShardTransactions = new AtomicLong();
        final Set<String> versions = ConcurrentHashMap.newKeySet();
        final Set<String> deleted = ConcurrentHashMap.newKeySet();
        private final Map<String, List<Long>> live = new HashMap<>();
        private final AtomicLong clock = new AtomicLong();
        private final Random random = new Random(7);
        private long nextId = 1;
        private long nextPayment = 1;

        void seed() throws Exception {
            long at = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
            for (String shard : shards.shardIds()) {
                live.put(shard, new ArrayList<>());
                try (Connection c = shards.connection(shard); Statement s = c.createStatement()) {
                    for (int i = 0; i < SEEDED_PER_SHARD; i++) {
                        at += 10;
                        s.executeUpdate(insert("orders", nextId, at));
                        versions.add(shard + "/" + nextId + "@" + at);
                        live.get(shard).add(nextId++);
                    }
                }
            }
        }

        void writeWhileOn() {
            try {
                while (on.get()) {
                    transaction();
                    Thread.sleep(10);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }

        /** One to four changes, some in the other shard's database or in payments, committed together. */
        private void transaction() throws Exception {
            List<String> ids = shards.shardIds();
            String home = ids.get(random.nextInt(ids.size()));
            List<String> committedVersions = new ArrayList<>();
            List<String> committedDeletes = new ArrayList<>();
            boolean spans = false;
            try (Connection c = shards.connection(home); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                int changes = 1 + random.nextInt(4);
                for (int i = 0; i < changes; i++) {
                    String shard = random.nextInt(5) == 0 ? ids.get(random.nextInt(ids.size())) : home;
                    spans |= !shard.equals(home);
                    String table = shard.equals(home) ? "orders" : database(shard) + ".orders";
                    List<Long> rows = live.get(shard);
                    int kind = rows.size() < 50 ? 0 : random.nextInt(5);
                    if (kind <= 1) {
                        long at = tick();
                        s.executeUpdate(insert(table, nextId, at));
                        committedVersions.add(shard + "/" + nextId + "@" + at);
                        rows.add(nextId++);
                    } else if (kind <= 3) {
                        long at = tick();
                        List<Long> updated = new ArrayList<>();
                        for (int n = 1 + random.nextInt(3); n > 0; n--) {
                            Long id = rows.get(random.nextInt(rows.size()));
                            if (!updated.contains(id)) {
                                updated.add(id);
                                committedVersions.add(shard + "/" + id + "@" + at);
                            }
                        }
                        s.executeUpdate("UPDATE " + table + " SET status = 'upd', amount = amount + 1, updated_at = '"
                                + DATETIME.format(Instant.ofEpochMilli(at)) + "' WHERE id IN (" + String.join(", ",
                                updated.stream().map(String::valueOf).toList()) + ")");
                    } else {
                        Long id = rows.remove(random.nextInt(rows.size()));
                        s.executeUpdate("DELETE FROM " + table + " WHERE id = " + id);
                        committedDeletes.add(shard + "/" + id);
                    }
                }
                if (random.nextInt(4) == 0) {
                    s.executeUpdate("INSERT INTO payments VALUES (" + nextPayment++ + ", " + nextId + ", 9.99)");
                }
                c.commit();
            }
            versions.addAll(committedVersions);
            deleted.addAll(committedDeletes);
            multiShardTransactions.addAndGet(spans ? 1 : 0);
        }

        /** A cursor value later than every one before, so no two versions of a row share one. */
        private long tick() {
            return clock.updateAndGet(last -> Math.max(System.currentTimeMillis(), last + 1));
        }

        private static String insert(String table, long id, long at) {
            return "INSERT INTO " + table + " (id, status, amount, note, payload, updated_at) VALUES (" + id
                    + ", 'new', 1.00, NULL, '{\"items\":[1]}', '" + DATETIME.format(Instant.ofEpochMilli(at)) + "')";
        }

        private static String database(String shard) {
            return shards.databaseNames().get(shards.shardIds().indexOf(shard));
        }
    }
}
