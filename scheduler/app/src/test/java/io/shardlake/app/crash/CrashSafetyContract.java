package io.shardlake.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.current.CurrentTableFiles;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.run.EntityEvent;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.OrdersPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The exactness protocol against {@code kill -9}, on one metadata store: a node in a child JVM
 * ({@link CrashLoopNode}) runs the orders pipeline back to back while rows keep being inserted and
 * updated in two MariaDB shards, and is killed with SIGKILL at random moments, many times; each
 * new node takes over what the dead one left. Then the writes stop, one last node runs until a run
 * it queued itself (after them) succeeded, and the lake is checked key by key: every (shard, key, cursor
 * value) at most once, and every row's current version in it.
 *
 * <p>With {@link #joinedView()}, the pipeline is orders joined with their customers, and customers
 * keep changing too, so kills also land while the rows depending on a changed customer are read
 * again: a view row's identity is then (shard, key, order cursor, customer cursor). With
 * {@link #entityEvents()}, every change is also announced by an entity event, so kills also land
 * in EVENT runs and between an event run's commit and the settling of its events.
 */
abstract class CrashSafetyContract {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(2);

    private static final AtomicLong IDS = new AtomicLong(1_000_000);

    @TempDir
    Path folder;

    abstract MetadataStore metadataStore();

    /** How many times the node is killed. */
    int kills() {
        return 8;
    }

    /** Whether the pipeline is the orders view joined with customers. */
    boolean joinedView() {
        return false;
    }

    /**
     * Whether the node also rebuilds the table (into version 2, started with the first node, loads
     * committed in slices of 100 rows), so kills land in rebuild shard loads between and within
     * slices, and in the switch; the lake checked at the end is the version that went live.
     */
    boolean rebuild() {
        return false;
    }

    /**
     * With {@link #rebuild()}: whether the pipeline keeps a current-state table ({@code target.current}),
     * so kills also land in its updates, the new version's build and the switch of readers' manifest;
     * checked at the end too: readers' manifest lists every key once, at its current version.
     */
    boolean currentTable() {
        return false;
    }

    /** Whether the pipeline takes entity events, and the writer announces every change it makes by one. */
    boolean entityEvents() {
        return false;
    }

    private static final int CUSTOMERS = 20;

    @BeforeAll
    static void tables() throws Exception {
        shards.executeOnAll(OrdersPipeline.DDL);
        for (String ddl : OrdersPipeline.CUSTOMERS_DDL) {
            shards.executeOnAll(ddl);
        }
    }

    @Test
    void killingANodeAtRandomMomentsNeverDoublesOrLosesARowVersion() throws Exception {
        shards.executeOnAll("DELETE FROM orders");
        shards.executeOnAll("DELETE FROM customers");
        for (String shard : shards.shardIds()) {
            for (int c = 1; c <= CUSTOMERS; c++) {
                shards.execute(shard, "INSERT INTO customers VALUES (" + c + ", 'new', UTC_TIMESTAMP(3) - INTERVAL 2 HOUR)");
            }
            for (int i = 0; i < 500; i++) {
                insert(shard, i * 7); // spread over the hour before the first load
            }
        }
        Random random = new Random(42);
        AtomicBoolean writing = new AtomicBoolean(true);
        JdbcEntityEvents events = entityEvents() ? new JdbcEntityEvents(MetadataDatabases.migrated(new DriverManagerDataSource(
                metadataStore().url(), metadataStore().user(), metadataStore().password()))) : null;
        Thread writer = new Thread(() -> writeWhile(writing, events), "source-writer");
        writer.start();
        int midRun = 0;
        try {
            for (int kill = 0; kill < kills(); kill++) {
                CrashLoopProcess node = start("node-" + kill);
                node.awaitLine("started ", Duration.ofSeconds(60));
                Thread.sleep(random.nextInt(1500));
                if (node.running()) {
                    midRun++;
                }
                node.kill();
            }
        } finally {
            writing.set(false);
            writer.join();
        }
        Thread.sleep(50);
        CrashLoopProcess last = start("node-last");
        // A run a killed node started may be continued here with shards it committed before the last
        // writes: only a run this node queued (after them) reads every shard after them.
        last.awaitOwnSuccess(Duration.ofSeconds(90));
        assertThat(last.stop(folder, Duration.ofSeconds(60))).as("the last node stops when asked").isTrue();

        assertThat(midRun).as("kills that landed while a run was executing").isGreaterThanOrEqualTo(kills() / 3);
        if (rebuild()) {
            try (Connection c = DriverManager.getConnection(metadataStore().url(), metadataStore().user(), metadataStore().password());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT state FROM rebuild")) {
                assertThat(rs.next()).as("a rebuild was started").isTrue();
                String state = rs.getString(1);
                List<String> rebuildRuns = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT trigger_kind, state, attempt, error FROM pipeline_run WHERE backfill_id IS NOT NULL")) {
                    while (r.next()) {
                        rebuildRuns.add(r.getString(1) + " " + r.getString(2) + " #" + r.getInt(3) + " " + r.getString(4));
                    }
                }
                System.out.println("rebuild " + state + ", its runs: " + rebuildRuns); // how many attempts the kills cost
                assertThat(state).as("the rebuild; its runs: %s", rebuildRuns).isEqualTo("LIVE");
            }
            assertThat(Files.readSymbolicLink(folder.resolve("lake").resolve("orders")).toString()).isEqualTo("orders__v2");
        }
        if (currentTable()) {
            CurrentTableFiles readers = new CurrentTableFiles(folder.resolve("lake"), "orders_current");
            assertThat(readers.files()).as("readers' manifest lists the rebuilt version's current table").isNotEmpty()
                    .allSatisfy(f -> assertThat(f).startsWith(folder.resolve("lake").resolve("orders__v2_current")).exists());
            List<String> current = DuckDbLake.query("SELECT _shard, order_id, epoch_ms(updated_at) AS at FROM " + readers.relation())
                    .stream().map(r -> r.get("_shard") + "/" + r.get("order_id") + "@" + r.get("at")).toList();
            assertThat(current).as("one row per key in the current table").doesNotHaveDuplicates();
            assertThat(new HashSet<>(current)).as("every key at its current version, nothing else").isEqualTo(sourceVersions());
        }
        if (events != null) {
            try (Connection c = DriverManager.getConnection(metadataStore().url(), metadataStore().user(), metadataStore().password());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                         "SELECT COUNT(*) FROM pipeline_run WHERE trigger_kind = 'EVENT' AND state = 'SUCCEEDED'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("EVENT runs that loaded the writer's events").isPositive();
            }
        }
        List<String> lake = lakeVersions();
        assertThat(lake).as("(shard, key, cursor) in the lake").doesNotHaveDuplicates();
        assertThat(new HashSet<>(lake)).as("every row's current version is in the lake").containsAll(sourceVersions());
    }

    private CrashLoopProcess start(String id) throws IOException {
        return CrashLoopProcess.start(folder, id, metadataStore(), shards, joinedView() ? "joined" : entityEvents() ? "events"
                : rebuild() ? (currentTable() ? "rebuild-current" : "rebuild") : "orders");
    }

    /** @param events where each change is announced by an entity event; null when the pipeline takes none */
    private void writeWhile(AtomicBoolean writing, JdbcEntityEvents events) {
        Random random = new Random(7);
        try {
            while (writing.get()) {
                String shard = shards.shardIds().get(random.nextInt(2));
                List<Long> changed = new ArrayList<>();
                if (joinedView() && random.nextInt(4) == 0) {
                    try (Connection c = shards.connection(shard); Statement s = c.createStatement()) {
                        s.executeUpdate("UPDATE customers SET tier = CONCAT('t', FLOOR(RAND() * 1000)), updated_at = UTC_TIMESTAMP(3)"
                                + " ORDER BY RAND() LIMIT 1"); // about 25 orders to write again
                    }
                } else if (random.nextInt(3) == 0) {
                    changed.add(insert(shard, 0)); // committed now: a later cursor would be a late commit beyond the lookback
                } else {
                    try (Connection c = shards.connection(shard); Statement s = c.createStatement()) {
                        try (ResultSet rs = s.executeQuery("SELECT id FROM orders ORDER BY RAND() LIMIT 3")) {
                            while (rs.next()) {
                                changed.add(rs.getLong(1));
                            }
                        }
                        if (!changed.isEmpty()) {
                            s.executeUpdate("UPDATE orders SET status = 'upd', updated_at = UTC_TIMESTAMP(3) WHERE id IN ("
                                    + changed.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")");
                        }
                    }
                }
                if (events != null && !changed.isEmpty()) {
                    events.add(changed.stream().map(id -> new EntityEvent("orders", shard, List.<Object>of(id), EntityEvent.Op.UPSERT, null))
                            .toList(), java.time.Instant.now());
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long insert(String shard, int secondsAgo) throws Exception {
        try (Connection c = shards.connection(shard);
             PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, customer_id, status, amount, note, payload, updated_at)"
                     + " VALUES (?, ?, 'new', 1.00, NULL, '{\"items\":[1]}', UTC_TIMESTAMP(3) - INTERVAL ? SECOND)")) {
            long id = IDS.incrementAndGet();
            ps.setLong(1, id);
            ps.setLong(2, 1 + id % CUSTOMERS);
            ps.setInt(3, secondsAgo);
            ps.executeUpdate();
            return id;
        }
    }

    /** Each row's identity: shard, key and cursor, and for the joined view its customer's cursor and tier. */
    private List<String> lakeVersions() {
        Path table = folder.resolve("lake").resolve("orders");
        String customer = joinedView() ? ", epoch_ms(customer_updated_at) AS c_at, customer_tier" : "";
        return DuckDbLake.query("SELECT _shard, order_id, epoch_ms(updated_at) AS at" + customer + " FROM read_parquet('" + table
                        + "/*/*.parquet', hive_partitioning = true)").stream()
                .map(r -> r.get("_shard") + "/" + r.get("order_id") + "@" + r.get("at")
                        + (joinedView() ? "/" + r.get("c_at") + "/" + r.get("customer_tier") : "")).toList();
    }

    private Set<String> sourceVersions() throws Exception {
        Set<String> versions = new HashSet<>();
        String millis = "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', %s) DIV 1000";
        String sql = joinedView()
                ? "SELECT o.id, " + millis.formatted("o.updated_at") + ", " + millis.formatted("c.updated_at")
                        + ", c.tier FROM orders o LEFT JOIN customers c ON c.id = o.customer_id"
                : "SELECT id, " + millis.formatted("updated_at") + " FROM orders";
        for (String shard : shards.shardIds()) {
            try (Connection c = shards.connection(shard); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    versions.add(shard + "/" + rs.getLong(1) + "@" + rs.getLong(2)
                            + (joinedView() ? "/" + rs.getLong(3) + "/" + rs.getString(4) : ""));
                }
            }
        }
        return versions;
    }
}
