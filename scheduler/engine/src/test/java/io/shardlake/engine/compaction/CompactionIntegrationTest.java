package io.shardlake.engine.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.ForwardingObjectStore;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.connectors.testing.S3ProxyServer;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.events.EventBatcher;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.metadata.JdbcCompactionLedger;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.EntityEvent;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.PipelineSinks;
import io.shardlake.engine.run.RunNow;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compaction end to end on the MariaDB test shards, on a local lake and on S3 (S3Proxy): many
 * EVENT batches leave one small file per shard each; a compaction rewrites them and the rows
 * (shard, key, cursor, run sequence), read back by DuckDB from the partitions' live locations,
 * are exactly the same, in far fewer files. A run queued during a compaction waits for it and
 * loses nothing; a backfill switching the partition meanwhile makes the compaction give up; a
 * kill at a step in the middle leaves a partition the run's continuation completes.
 */
class CompactionIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(2);

    @RegisterExtension
    static S3ProxyServer s3 = new S3ProxyServer();

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String TABLE = "orders_live";
    private static final PipelineDefinition ORDERS = new DefinitionParser(Set.of("shop")).parse("orders_live.yaml", """
            name: orders_live
            schedule: "*/15 * * * *"
            source:
              connection: shop
              table: orders
              events: {coalesce: 1s}
            transform:
              columns:
                - {name: order_id, from: id, type: bigint}
                - {name: status, type: string}
                - {name: updated_at, type: timestamp}
            """);
    private static final CompactionSettings SETTINGS = new CompactionSettings(10, 1024 * 1024, Duration.ZERO, 1000, Duration.ofDays(1));
    private static final int BATCHES = 12;

    @TempDir
    Path tmp;

    private DataSource metadata;
    private RunQueue queue;
    private JdbcRunRepository runs;
    private JdbcEntityEvents events;
    private PartitionGenerations generations;
    private EventBatcher batcher;
    private SourceConnections sources;
    private ObjectStore lake;
    private Path lakeRoot;
    private int changes;

    @BeforeEach
    void tables() throws Exception {
        shards.executeOnAll("DROP TABLE IF EXISTS orders");
        shards.executeOnAll("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL, updated_at DATETIME(3) NOT NULL,"
                + " KEY orders_cursor (updated_at, id))");
        LocalDateTime old = sameUtcDayAsTheTest().minusMinutes(30);
        for (long id = 1; id <= 20; id++) {
            shards.executeOnAll("INSERT INTO orders VALUES (" + id + ", 'new', '" + text(old.plusSeconds(id)) + "')");
        }
        metadata = MetadataDatabases.h2("compaction" + DATABASES.incrementAndGet());
        queue = new JdbcRunQueue(metadata);
        runs = new JdbcRunRepository(metadata);
        events = new JdbcEntityEvents(metadata);
        generations = new JdbcPartitionGenerations(metadata);
        batcher = new EventBatcher(events, queue, DefinitionLookup.of(ORDERS), Clock.systemUTC());
        sources = new SourceConnections(List.of(new SourceConnection("shop", shards.shardIds().stream()
                .map(s -> new Shard(s, shards.jdbcUrl(s))).toList(), ZoneOffset.UTC, shards.user(), shards.password(), 2, null)));
    }

    private void useLake(boolean onS3) {
        if (onS3) {
            String prefix = "compaction-" + DATABASES.get();
            lake = s3.newStore(prefix);
            lakeRoot = s3.bucketDirectory().resolve(prefix);
        } else {
            lakeRoot = tmp.resolve("warehouse");
            lake = new LocalObjectStore(lakeRoot);
        }
    }

    @ParameterizedTest(name = "on S3: {0}")
    @ValueSource(booleans = {false, true})
    void manyEventBatchesAreCompactedIntoOneFilePerShardWithExactlyTheSameRows(boolean onS3) throws Exception {
        useLake(onS3);
        loadWithEvents();
        List<String> before = rows();
        assertThat(dataFiles()).as("a first load and %d event batches, one file per shard each", BATCHES).hasSize(2 * (BATCHES + 1));

        RunRecord compaction = compact(lake, RunState.SUCCEEDED);

        assertThat(rows()).as("(shard, key, cursor, run sequence) after compaction").isEqualTo(before);
        assertThat(dataFiles()).as("one per shard").hasSize(2);
        assertThat(compaction.totals().rowsWritten()).isEqualTo(before.size());
        assertThat(new PartitionReplacer(lake, generations, Clock.systemUTC()).deleteRetired(Duration.ZERO, 100)).isEqualTo(1);
        assertThat(rows()).as("once the old generation is deleted").isEqualTo(before);

        eventBatch(); // appends to the compacted partition's live generation
        assertThat(rows()).hasSize(before.size() + 2).containsAll(before);
        assertThat(compact(lake, RunState.SKIPPED).totals().files()).as("two new files are not worth a compaction").isZero();
    }

    @Test
    void aRunQueuedDuringACompactionWaitsForItAndLosesNothing() throws Exception {
        useLake(false);
        loadWithEvents();
        List<String> before = rows();
        PausingStore paused = new PausingStore(lake);
        RunRecord compaction = queueCompaction();
        CompletableFuture<RunRecord> compacting = CompletableFuture.supplyAsync(() -> runQueued(paused, compaction));
        assertThat(paused.reached.await(60, TimeUnit.SECONDS)).as("the compaction writes its new generation").isTrue();

        RunRecord event = queueEventBatch();
        Instant now = Instant.now();
        assertThat(queue.claim(event.id(), new RunQueue.ClaimLimits(8, 8), "node-b", now, now.plusSeconds(60)))
                .as("an EVENT run of the pipeline while its compaction runs").isEmpty();
        paused.release.countDown();
        assertThat(compacting.get(60, TimeUnit.SECONDS).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(runQueued(lake, event).state()).isEqualTo(RunState.SUCCEEDED);

        assertThat(rows()).hasSize(before.size() + 2).containsAll(before);
        assertThat(dataFiles()).hasSize(4);
    }

    @Test
    void aBackfillThatSwitchedThePartitionMeanwhileMakesTheCompactionGiveUp() throws Exception {
        useLake(false);
        loadWithEvents();
        List<String> before = rows();
        String partition = partitions().first();
        PausingStore paused = new PausingStore(lake);
        RunRecord compaction = queueCompaction();
        CompletableFuture<RunRecord> compacting = CompletableFuture.supplyAsync(() -> runQueued(paused, compaction));
        assertThat(paused.reached.await(60, TimeUnit.SECONDS)).isTrue();

        // a backfill chunk that started before the compaction replaces the partition (here: with the same rows)
        String backfill = UUID.randomUUID().toString();
        String folder = LakeLayout.partitionFolder(TABLE, partition);
        for (String key : lake.list(folder)) {
            lake.copy(key, LakeLayout.generationFolder(TABLE, partition, backfill) + key.substring(folder.length()));
        }
        assertThat(new PartitionReplacer(lake, generations, Clock.systemUTC()).switchTo(TABLE, partition, backfill,
                PartitionGenerations.ORIGINAL, k -> true, false)).isTrue();
        paused.release.countDown();

        assertThat(compacting.get(60, TimeUnit.SECONDS).state()).as("nothing compacted").isEqualTo(RunState.SKIPPED);
        assertThat(generations.live(TABLE, partition)).hasValueSatisfying(g -> assertThat(g.runId()).isEqualTo(backfill));
        assertThat(rows()).isEqualTo(before);
        assertThat(lake.list(TABLE + "/" + LakeLayout.GENERATIONS + "/" + partition + "/" + compaction.id() + "/"))
                .as("the compaction's discarded generation").isEmpty();
    }

    @ParameterizedTest(name = "on S3: {0}, killed at {1}")
    @CsvSource({"false, 1", "false, 2", "false, 3", "true, 1"})
    void aCompactionKilledBetweenStepsIsContinuedBeforeAnyOtherRunOfThePipelineAndLosesNothing(boolean onS3, int step)
            throws Exception {
        useLake(onS3);
        loadWithEvents();
        List<String> before = rows();
        RunRecord compaction = queueCompaction();

        // 1: at the marker (new generation complete, nothing visible changed); 2: after the live folder moved aside;
        // 3: after the new generation took its place, before the record
        assertThatThrownBy(() -> runQueued(new KillingStore(lake, step), compaction)).isInstanceOf(Killed.class);
        assertThat(queue.requeueExpired(Instant.now().plus(Duration.ofHours(1)))).as("the lease expires")
                .containsExactly(compaction.id());
        RunRecord event = queueEventBatch();
        Instant now = Instant.now();
        assertThat(queue.claim(event.id(), new RunQueue.ClaimLimits(8, 8), "node-b", now, now.plusSeconds(60)))
                .as("an EVENT run before the killed compaction is continued").isEmpty();

        assertThat(runQueued(lake, compaction).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(rows()).isEqualTo(before);
        assertThat(runQueued(lake, event).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(rows()).hasSize(before.size() + 2).containsAll(before);
        new PartitionReplacer(lake, generations, Clock.systemUTC()).deleteRetired(Duration.ZERO, 100);
        assertThat(rows()).hasSize(before.size() + 2).containsAll(before);
    }

    // --- the pipeline's runs

    private void loadWithEvents() throws Exception {
        try (RunNow now = new RunNow(runner(lake), queue, runs, Clock.systemUTC())) {
            assertThat(now.run(ORDERS, "MANUAL").orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
        }
        for (int i = 0; i < BATCHES; i++) {
            eventBatch();
        }
    }

    private void eventBatch() throws Exception {
        assertThat(runQueued(lake, queueEventBatch()).state()).isEqualTo(RunState.SUCCEEDED);
        batcher.tick(); // settles its events
    }

    /** Changes one order on each shard and announces it. */
    private RunRecord queueEventBatch() throws Exception {
        long id = changes++ % 20 + 1;
        List<EntityEvent> batch = new ArrayList<>();
        for (String shard : shards.shardIds()) {
            shards.execute(shard, "UPDATE orders SET status = 'v" + changes + "', updated_at = '" + text(now()) + "' WHERE id = " + id);
            batch.add(new EntityEvent(TABLE, shard, List.of(id), EntityEvent.Op.UPSERT, null));
        }
        events.add(batch, Instant.now().minusSeconds(2));
        List<RunRecord> queued = batcher.tick();
        assertThat(queued).hasSize(1);
        return queued.get(0);
    }

    private RunRecord queueCompaction() {
        String id = UUID.randomUUID().toString();
        RunRecord run = RunRecord.queued(id, ORDERS.name(), "compaction:" + id, TriggerKind.COMPACTION, ORDERS.version(), null,
                Instant.now(), null, List.of());
        return queue.enqueue(run).run();
    }

    private RunRecord compact(ObjectStore store, RunState expected) {
        RunRecord run = runQueued(store, queueCompaction());
        assertThat(run.state()).as(run.toString()).isEqualTo(expected);
        return run;
    }

    private RunRecord runQueued(ObjectStore store, RunRecord queued) {
        try (RunNow now = new RunNow(runner(store), queue, runs, Clock.systemUTC())) {
            return now.runQueued(queued, ORDERS).orElseThrow();
        }
    }

    private PipelineRunner runner(ObjectStore store) {
        EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 100, 100, 1, tmp.resolve("work"), 2);
        PartitionReplacer replacer = new PartitionReplacer(store, generations, Clock.systemUTC());
        PipelineRunner runner = new PipelineRunner(sources, runs, store, replacer, PipelineSinks.NONE, events, settings, Clock.systemUTC());
        runner.compactWith(new CompactionRunner(store, replacer, generations, new JdbcCompactionLedger(metadata), SETTINGS,
                tmp.resolve("work"), Clock.systemUTC()));
        return runner;
    }

    // --- the independent reader

    /** Partitions the table has, from its folders (original ones; generations name theirs too). */
    private TreeSet<String> partitions() throws IOException {
        TreeSet<String> partitions = new TreeSet<>();
        for (String key : lake.list(TABLE + "/")) {
            String p = LakeLayout.partitionOf(key);
            if (p != null) {
                partitions.add(p);
            }
        }
        return partitions;
    }

    /** The data files of every partition's live generation. */
    private List<String> dataFiles() throws IOException {
        PartitionReplacer replacer = new PartitionReplacer(lake, generations, Clock.systemUTC());
        List<String> files = new ArrayList<>();
        for (String p : partitions()) {
            String folder = replacer.liveFolder(TABLE, p);
            lake.list(folder).stream().filter(k -> k.endsWith(".parquet") && !k.substring(folder.length()).contains("/")).forEach(files::add);
        }
        return files;
    }

    /** (shard, key, cursor, run sequence) of every row DuckDB reads from the live generations, sorted. */
    private List<String> rows() throws Exception {
        List<String> paths = dataFiles().stream().map(k -> "'" + lakeRoot.resolve(k) + "'").toList();
        if (paths.isEmpty()) {
            return List.of();
        }
        return DuckDbLake.query("SELECT _shard, order_id, updated_at, _run_seq FROM read_parquet([" + String.join(", ", paths)
                        + "]) ORDER BY ALL").stream()
                .map(r -> r.get("_shard") + "|" + r.get("order_id") + "|" + r.get("updated_at") + "|" + r.get("_run_seq")).toList();
    }

    /**
     * Now, but the rows a test writes (from 30 minutes before it to the updates made while it
     * runs) must all fall on one UTC day, one {@code dt} partition, as the tests count files per
     * partition: a test never starts within the minute before UTC midnight (it waits it out), and
     * within the first 31 minutes of a day the initial rows start at its midnight.
     */
    private static LocalDateTime sameUtcDayAsTheTest() throws InterruptedException {
        LocalDateTime now = now();
        LocalDateTime nextMidnight = now.toLocalDate().plusDays(1).atStartOfDay();
        if (now.isAfter(nextMidnight.minusMinutes(1))) {
            Thread.sleep(Duration.between(now, nextMidnight.plusSeconds(31)).toMillis());
            now = now();
        }
        LocalDateTime midnight = now.toLocalDate().atStartOfDay();
        if (now.isBefore(midnight.plusSeconds(30))) {
            Thread.sleep(Duration.between(now, midnight.plusSeconds(31)).toMillis());
            now = now();
        }
        // returned plus 30 minutes: the initial rows, 1 to 20 seconds after it, are within the day
        return now.minusMinutes(30).isBefore(midnight) ? midnight.plusMinutes(30) : now;
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private static String text(LocalDateTime value) {
        return value.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
    }

    // --- stores that pause or die at a step of a compaction

    /** Holds the first file published into a generation until released. */
    private static final class PausingStore extends ForwardingObjectStore {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        PausingStore(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public void publish(Path localFile, String key) throws IOException {
            if (key.contains("/" + LakeLayout.GENERATIONS + "/") && reached.getCount() > 0) {
                reached.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.publish(localFile, key);
        }
    }

    /** The process dies (an Error nothing catches) at step 1 (the generation marker), or after the 1st/2nd folder move (steps 2, 3). */
    private static final class KillingStore extends ForwardingObjectStore {
        private final int step;
        private int moves;

        KillingStore(ObjectStore delegate, int step) {
            super(delegate);
            this.step = step;
        }

        @Override
        public void publish(Path localFile, String key) throws IOException {
            if (step == 1 && key.endsWith(LakeLayout.GENERATION_MARKER)) {
                throw new Killed();
            }
            super.publish(localFile, key);
        }

        @Override
        public void moveFolder(String fromPrefix, String toPrefix) throws IOException {
            super.moveFolder(fromPrefix, toPrefix);
            moves++;
            if (step == 2 && moves == 1 || step == 3 && moves == 2) {
                throw new Killed();
            }
        }
    }

    private static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }
}
