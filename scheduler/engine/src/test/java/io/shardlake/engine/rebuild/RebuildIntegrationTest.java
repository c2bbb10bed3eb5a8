package io.shardlake.engine.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.coordinator.BackfillGate;
import io.shardlake.engine.coordinator.CoordinatorSettings;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.coordinator.LiveDefinitions;
import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.coordinator.RebuildOperations;
import io.shardlake.engine.coordinator.RunCoordinator;
import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.current.CurrentSettings;
import io.shardlake.engine.current.CurrentTableFiles;
import io.shardlake.engine.current.CurrentTableSink;
import io.shardlake.engine.current.CurrentTableUpdater;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.metadata.JdbcAuditLog;
import io.shardlake.engine.metadata.JdbcBackfillStore;
import io.shardlake.engine.metadata.JdbcCurrentTables;
import io.shardlake.engine.metadata.JdbcSinkDeliveries;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcRebuildStore;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TaskScope;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.sink.RunSinks;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.TransformSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds end to end on real MariaDB shards and a local lake: an edit that drops and retypes
 * columns waits for a rebuild while runs keep the old version; the rebuild loads every shard into a
 * new table version beside the live one (readers keep the old one meanwhile), catches up and
 * switches readers and runs in one step, with every source row once per version; a rollback
 * switches back; a rebuild whose node died halfway continues without reading its loaded shards
 * again.
 */
class RebuildIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(3);

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path tmp;

    private Path warehouse;
    private LocalObjectStore lake;
    private DataSource metadata;
    private RunQueue queue;
    private JdbcRunRepository runs;
    private JdbcRebuildStore store;
    private SettableClock clock;
    private RunScheduler scheduler;
    private RebuildOperations rebuilds;
    private LiveDefinitions live;
    private PipelineOperations pipelines;
    private SourceConnections sources;
    private DefinitionLookup lookup;
    private RunSinks sinks;
    private TableVersionSwitch versionSwitch;
    private final AtomicReference<PipelineDefinition> current = new AtomicReference<>();
    private final Map<String, PipelineDefinition> stored = new HashMap<>();
    private final List<RunCoordinator> nodes = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final PipelineDefinition v1 = OrdersPipeline.definition("shop", 0.01);
    /** The edit: note dropped, amount retyped from decimal(12,2) to string, the JSON fields and derived column gone. */
    private final PipelineDefinition v2 = edited(v1);

    @BeforeAll
    static void createTables() throws Exception {
        shards.executeOnAll(OrdersPipeline.DDL);
    }

    @BeforeEach
    void freshState() throws Exception {
        OrderRows.seed(shards, 4, 5);
        warehouse = tmp.resolve("warehouse");
        metadata = MetadataDatabases.h2("rebuild" + DATABASES.incrementAndGet());
        queue = new JdbcRunQueue(metadata);
        runs = new JdbcRunRepository(metadata);
        store = new JdbcRebuildStore(metadata);
        clock = new SettableClock(Instant.now());
        current.set(v1);
        stored.put(v1.version(), v1);
        stored.put(v2.version(), v2);
        lookup = StoredDefinitions.of(current::get, stored);
        List<Shard> list = shards.shardIds().stream().map(s -> new Shard(s, shards.jdbcUrl(s))).toList();
        sources = new SourceConnections(List.of(
                new SourceConnection("shop", list, ZoneOffset.UTC, shards.user(), shards.password(), 3, null)));
        lake = new LocalObjectStore(warehouse);
        // the current-state table's sink: it serves only pipelines with target.current, and follows their table versions
        CurrentTableUpdater updater = new CurrentTableUpdater(lake, new JdbcCurrentTables(metadata), new CurrentSettings(8,
                Duration.ofMinutes(10), Duration.ZERO), Files.createDirectories(tmp.resolve("current-work")), "node-a", Clock.systemUTC());
        sinks = new RunSinks(List.of(new CurrentTableSink(updater)), new JdbcSinkDeliveries(metadata), runs,
                new JdbcPartitionGenerations(metadata), lake.movesFolders(), clock);
        versionSwitch = new TableVersionSwitch(store, lake, sinks, lookup::version, clock);
        PipelineRunner runner = runner(runs, new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 1000, 100, 1, tmp.resolve("work"), 3));
        live = new LiveDefinitions(lookup, new io.shardlake.engine.metadata.JdbcWrittenVersions(metadata));
        scheduler = new RunScheduler(queue, clock, (d, at) -> { }, live::forRuns);
        JdbcAuditLog audit = new JdbcAuditLog(metadata, clock);
        Supplier<PipelineCatalog> catalog = () -> new PipelineCatalog(List.of(current.get()), List.of());
        pipelines = new PipelineOperations(catalog, queue, runs, scheduler, () -> { }, audit, clock);
        rebuilds = new RebuildOperations(pipelines, lookup, live, sources, store, new JdbcBackfillStore(metadata), queue, runs, scheduler,
                lake, versionSwitch, runner::estimateAllRows, new RebuildSettings(100_000, 2, Duration.ofDays(7)), () -> { }, audit, clock);
        for (String node : List.of("node-a", "node-b")) {
            nodes.add(node(node, runner));
        }
    }

    private PipelineRunner runner(io.shardlake.engine.run.RunRepository repository, EngineSettings settings) {
        return runner(repository, settings, versionSwitch);
    }

    private PipelineRunner runner(io.shardlake.engine.run.RunRepository repository, EngineSettings settings, TableVersionSwitch switching) {
        PipelineRunner runner = new PipelineRunner(sources, repository, lake, new PartitionReplacer(lake,
                new JdbcPartitionGenerations(metadata), Clock.systemUTC()), sinks, settings, Clock.systemUTC());
        runner.rebuildWith(switching);
        closing.add(runner);
        return runner;
    }

    private RunCoordinator node(String id, PipelineRunner runner) {
        return node(id, runner, SwitchRetries.DEFAULT);
    }

    private RunCoordinator node(String id, PipelineRunner runner, SwitchRetries retries) {
        RunCoordinator c = new RunCoordinator(queue, runner, lookup, new BackfillGate(new JdbcBackfillStore(metadata), store, runs, retries,
                clock),
                RunListener.NONE, new CoordinatorSettings(id, Duration.ofSeconds(30), 4, 100), clock);
        closing.add(c);
        return c;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void anIncompatibleEditWaitsForARebuildThatSwitchesReadersAndRunsToTheNewVersionWithEveryRowOnce() throws Exception {
        runOnce(); // version 1: 60 rows
        current.set(v2);

        assertThat(live.pending("orders")).hasValueSatisfying(p -> {
            assertThat(p.runningVersion()).isEqualTo(v1.version());
            assertThat(String.join("; ", p.problems())).contains("'note'").contains("'amount'");
        });
        shards.execute("shard01", "UPDATE orders SET status = 'paid', updated_at = '" + at(0, 1) + "' WHERE id = 11");
        RunRecord stillOld = runOnce();
        assertThat(stillOld.definitionVersion()).as("runs keep the version the live table can take").isEqualTo(v1.version());
        assertThat(DuckDbLake.describe(warehouse, "orders")).containsKeys("note", "status_lower");

        RebuildPlan dry = rebuilds.plan("orders", new RebuildInput(null, 3, null, null, true));
        assertThat(dry.version()).isEqualTo(2);
        assertThat(dry.fromVersion()).isEqualTo(1);
        assertThat(dry.estimatedRows()).containsOnlyKeys(shards.shardIds().toArray(String[]::new));
        assertThat(dry.totalEstimatedRows()).isPositive();
        assertThat(String.join("; ", dry.applies())).contains("'note'");

        String id = rebuilds.start("orders", new RebuildInput(null, 3, null, null, false), "oncall").rebuild().id();
        awaitShardsLoaded(id);
        // until the switch, readers see version 1 (with the row the last scheduled run wrote) and the new one waits beside it
        assertThat(DuckDbLake.count(warehouse, "orders")).isEqualTo(61);
        assertThat(DuckDbLake.describe(warehouse, "orders")).containsKey("note");
        assertThat(DuckDbLake.count(warehouse, "orders__v2")).isEqualTo(60);
        // changed after the shards loaded: the switch run's catch-up brings them into version 2
        shards.execute("shard02", "UPDATE orders SET status = 'shipped', updated_at = '" + at(0, 2) + "' WHERE id = 12");
        insert("shard03", 99, "late", at(0, 3));

        RebuildProgress done = awaitState(id, RebuildState.LIVE);

        assertThat(done.runs()).filteredOn(r -> r.trigger() == TriggerKind.REBUILD).hasSize(3)
                .allSatisfy(r -> assertThat(r.state()).isEqualTo(RunState.SUCCEEDED));
        assertThat(done.runs()).filteredOn(r -> r.trigger() == TriggerKind.REBUILD_SWITCH).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(RunState.SUCCEEDED));
        Map<String, String> schema = DuckDbLake.describe(warehouse, "orders");
        assertThat(schema).doesNotContainKeys("note", "status_lower", "customer_tier").containsEntry("amount", "VARCHAR");
        assertEveryVersionOnceAndLatestIsSource();
        assertThat(store.versions("orders")).extracting(TableVersion::version, TableVersion::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, TableVersion.State.RETIRED),
                        org.assertj.core.groups.Tuple.tuple(2, TableVersion.State.LIVE));
        assertThat(live.pending("orders")).isEmpty();

        // a switch whose last step (the readers' pointer) never happened: the next run repairs it before it writes
        lake.pointFolder("orders", "orders__v1", "unused");
        assertThat(DuckDbLake.describe(warehouse, "orders")).containsKey("note");

        // the next scheduled run continues version 2's watermarks with its definition
        shards.execute("shard01", "UPDATE orders SET status = 'returned', updated_at = '" + at(0, 4) + "' WHERE id = 21");
        RunRecord next = runOnce();
        assertThat(next.definitionVersion()).isEqualTo(v2.version());
        assertThat(lake.pointedFolder("orders")).isEqualTo("orders__v2");
        assertThat(DuckDbLake.describe(warehouse, "orders")).doesNotContainKey("note");
        assertEveryVersionOnceAndLatestIsSource();

        // rollback: the old version serves again, and its next run catches it up from its own watermarks
        pipelines.pause("orders", "oncall");
        rebuilds.rollback("orders", "oncall");
        pipelines.resume("orders", "oncall");
        assertThat(DuckDbLake.describe(warehouse, "orders")).containsKey("note");
        RunRecord afterRollback = runOnce();
        assertThat(afterRollback.definitionVersion()).isEqualTo(v1.version());
        assertThat(live.pending("orders")).isPresent();
        assertEveryVersionOnceAndLatestIsSource();
        assertThat(rebuilds.progress(id).rebuild().state()).isEqualTo(RebuildState.ROLLED_BACK);
    }

    @Test
    void aRebuildWhoseNodeDiedHalfwayContinuesWithoutReadingItsLoadedShardsAgain() throws Exception {
        runOnce();
        current.set(v2);
        String id = rebuilds.start("orders", new RebuildInput(null, 1, null, null, false), "oncall").rebuild().id();
        RunCoordinator a = nodes.get(0);
        // node a loads the first shard, then "dies" holding the second (claimed, never executed, lease not renewed)
        a.dispatchDue();
        RunRecord first = awaitFirstShardRun(id);
        RunRecord second = runs.backfillRuns(id).stream().filter(r -> r.state() == RunState.QUEUED).findFirst().orElseThrow();
        assertThat(queue.claim(second.id(), new RunQueue.ClaimLimits(3, 3), "dead-node", clock.instant(),
                clock.instant().plusSeconds(30))).isPresent();
        clock.advance(Duration.ofMinutes(1));
        RunCoordinator b = nodes.get(1);
        assertThat(b.recoverExpired()).containsExactly(second.id());

        awaitLiveOn(b, id);
        assertThat(runs.run(first.id()).orElseThrow().attempt()).as("the loaded shard was not read again").isEqualTo(1);
        assertThat(runs.shardRuns(first.id())).hasSize(1);
        assertThat(runs.run(second.id()).orElseThrow()).satisfies(r -> {
            assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(r.attempt()).isEqualTo(2);
        });
        assertEveryVersionOnceAndLatestIsSource();
    }

    @Test
    void aShardLoadInterruptedAfterSomeSlicesResumesAfterItsCheckpointWithEveryRowOnce() throws Exception {
        runOnce();
        current.set(v2);
        // pages and slices of 4 rows: a shard's 20 rows load in 5 slices
        EngineSettings sliced = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 4, 100, 1, tmp.resolve("work-sliced"), 3)
                .withRebuildSlices(new io.shardlake.engine.run.LoadSlices(4, 1L << 30));
        java.util.concurrent.CountDownLatch secondSliceCommitted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch restarting = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger slices = new AtomicInteger();
        // node a's shard task stops right after its second slice committed, while its node shuts down
        io.shardlake.engine.run.RunRepository held = (io.shardlake.engine.run.RunRepository) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.shardlake.engine.run.RunRepository.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(runs, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("commitSlice") && slices.incrementAndGet() == 2) {
                        secondSliceCommitted.countDown();
                        restarting.await();
                    }
                    return result;
                });
        RunCoordinator a = node("node-a", runner(held, sliced));
        RunCoordinator b = node("node-b", runner(runs, sliced));
        String id = rebuilds.start("orders", new RebuildInput(null, 1, null, null, false), "oncall").rebuild().id();

        a.dispatchDue();
        assertThat(secondSliceCommitted.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(rebuilds.progress(id).rowsWritten()).as("the committed slices of the shard still loading count").isEqualTo(8);
        RunRecord interrupted = runs.backfillRuns(id).stream().filter(r -> r.state() == RunState.RUNNING).findFirst().orElseThrow();
        String shard = interrupted.shardSubset().get(0);
        Thread stopping = new Thread(a::close); // a restart: the node hands its runs back to the queue
        stopping.start();
        Thread.sleep(200);
        restarting.countDown();
        stopping.join(60_000);
        io.shardlake.engine.run.LoadCheckpoint checkpoint = runs.checkpoint(TaskScope.Rebuild.streamOf("orders", 2), shard).orElseThrow();
        assertThat(checkpoint.loaded().rowsRead()).as("two slices committed").isEqualTo(8);
        assertThat(runs.run(interrupted.id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);

        awaitLiveOn(b, id);
        List<io.shardlake.engine.run.ShardRunRecord> attempts = runs.shardRuns(interrupted.id());
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).state()).isEqualTo(io.shardlake.engine.run.ShardRunState.FAILED);
        assertThat(attempts.get(1)).satisfies(resumed -> {
            assertThat(resumed.state()).isEqualTo(io.shardlake.engine.run.ShardRunState.SUCCEEDED);
            assertThat(resumed.counts().rowsRead()).as("read on after the checkpoint, not from the first key").isEqualTo(20 - 8);
            assertThat(resumed.windowUntil()).as("in the window it started").isEqualTo(attempts.get(0).windowUntil());
        });
        assertThat(runs.checkpoint(TaskScope.Rebuild.streamOf("orders", 2), shard)).as("dropped by the last slice").isEmpty();
        assertThat(DuckDbLake.count(warehouse, "orders")).isEqualTo(60);
        assertEveryVersionOnceAndLatestIsSource();
    }

    @Test
    void aCurrentTableIsRebuiltWithItsVersionAndSwitchedWithItAndBackAndSweptWithIt() throws Exception {
        PipelineDefinition c1 = withCurrent(v1);
        PipelineDefinition c2 = withCurrent(v2);
        stored.put(c1.version(), c1);
        stored.put(c2.version(), c2);
        current.set(c1);
        runOnce();
        // deleted at the source: version 1's current table keeps it (nothing reconciles here), the rebuild's load does not find it
        shards.execute("shard02", "DELETE FROM orders WHERE id = 13");
        shards.execute("shard01", "UPDATE orders SET status = 'paid', updated_at = '" + at(0, 1) + "' WHERE id = 11");
        runOnce();
        Map<String, String> oldState = readersCurrent();
        assertThat(oldState).containsEntry("shard01/11", "paid").containsKey("shard02/13").hasSize(60);
        current.set(c2);

        String id = rebuilds.start("orders", new RebuildInput(null, 3, null, null, false), "oncall").rebuild().id();
        awaitShardsLoaded(id);
        assertThat(readersCurrent()).as("readers keep version 1's current table until the switch").isEqualTo(oldState);
        byte[] oldManifest = Files.readAllBytes(warehouse.resolve("orders_current/manifest/files.txt"));
        // changed after the shards loaded: the switch run's catch-up brings them into version 2 and its current table
        shards.execute("shard02", "UPDATE orders SET status = 'shipped', updated_at = '" + at(0, 2) + "' WHERE id = 12");
        insert("shard03", 99, "late", at(0, 3));
        awaitState(id, RebuildState.LIVE);

        assertThat(readersCurrent()).as("the new version's current table: the source, one row per key").isEqualTo(sourceStatuses());
        assertReadersListOnly("orders__v2_current/data/");
        assertThat(currentColumns()).doesNotContain("note", "status_lower").contains("amount");
        // a switch whose step after the metadata (readers' manifest) never happened: a process's first run repairs it before it writes
        Files.write(warehouse.resolve("orders_current/manifest/files.txt"), oldManifest);
        assertThat(readersCurrent()).isEqualTo(oldState);
        new TableVersionSwitch(store, lake, sinks, lookup::version, clock).pointAtLiveVersion("orders", "orders");
        assertThat(readersCurrent()).isEqualTo(sourceStatuses());
        // the next scheduled run keeps the new version's current table, which readers see
        shards.execute("shard01", "UPDATE orders SET status = 'returned', updated_at = '" + at(0, 4) + "' WHERE id = 21");
        runOnce();
        assertThat(readersCurrent()).isEqualTo(sourceStatuses());
        assertReadersListOnly("orders__v2_current/data/");

        // rollback: readers get version 1's current table back as it was, its next run catches it up
        pipelines.pause("orders", "oncall");
        rebuilds.rollback("orders", "oncall");
        pipelines.resume("orders", "oncall");
        assertThat(readersCurrent()).isEqualTo(oldState);
        assertReadersListOnly("orders_current/data/");
        assertThat(currentColumns()).contains("note");
        runOnce();
        Map<String, String> expected = new TreeMap<>(sourceStatuses());
        expected.put("shard02/13", "new"); // version 1 never saw the delete
        assertThat(readersCurrent()).isEqualTo(expected);

        // retention sweeps the retired version's current table with it; readers keep version 1's
        clock.advance(Duration.ofDays(8));
        assertThat(rebuilds.deleteExpiredVersions()).isEqualTo(1);
        assertThat(lake.list("orders__v2_current/")).isEmpty();
        assertThat(new JdbcCurrentTables(metadata).buckets("orders__v2_current")).isEmpty();
        assertThat(readersCurrent()).isEqualTo(expected);
    }

    /** Readers' {@code orders_current} (what its manifest lists, read with DuckDB): status per shard/key, deleted keys left out. */
    private Map<String, String> readersCurrent() throws Exception {
        Map<String, String> rows = new TreeMap<>();
        CurrentTableFiles files = new CurrentTableFiles(warehouse, "orders_current");
        for (Path f : files.files()) {
            assertThat(f).as("every file the manifest lists is there").exists();
        }
        for (Map<String, Object> r : files.liveRows("_shard, order_id, status")) {
            assertThat(rows.put(r.get("_shard") + "/" + r.get("order_id"), (String) r.get("status"))).as("one row per key").isNull();
        }
        return rows;
    }

    /** Every file readers' manifest lists is of one version's current table: never a mix. */
    private void assertReadersListOnly(String folder) throws Exception {
        assertThat(new CurrentTableFiles(warehouse, "orders_current").files()).isNotEmpty()
                .allSatisfy(f -> assertThat(warehouse.relativize(f).toString().replace('\\', '/')).startsWith(folder));
    }

    private List<String> currentColumns() throws Exception {
        return DuckDbLake.query("SELECT column_name FROM (DESCRIBE SELECT * FROM " + new CurrentTableFiles(warehouse, "orders_current")
                .relation() + ")").stream().map(r -> (String) r.get("column_name")).toList();
    }

    static PipelineDefinition withCurrent(PipelineDefinition d) {
        io.shardlake.engine.definition.TargetSpec t = d.target();
        return new PipelineDefinition(d.name(), d.description(), d.schedule(), d.source(), d.transform(), d.partition(),
                new io.shardlake.engine.definition.TargetSpec(t.table(), t.compression(), t.fileSizeBytes(), t.redshift(), true),
                d.quarantine(), d.runs(), d.version() + "-current");
    }

    @Test
    void aSwitchRunFailingBeforeItsMetadataStepIsTriedAgainAfterItsBackoffWithTheErrorVisibleMeanwhile() throws Exception {
        runOnce();
        current.set(v2);
        AtomicInteger failures = new AtomicInteger(1);
        RunCoordinator node = node("node-c", flakySwitchRunner(failures), new SwitchRetries(3, Duration.ofSeconds(30)));
        String id = rebuilds.start("orders", new RebuildInput(null, 3, null, null, false), "oncall").rebuild().id();

        Rebuild failedOnce = awaitRebuild(node, id, r -> r.reason() != null && r.reason().contains("switch attempt 1 of 3"));
        assertThat(failedOnce.state()).isEqualTo(RebuildState.SWITCHING);
        assertThat(rebuilds.progress(id).rebuild().reason()).as("the last error, in GET /api/rebuilds/{id}")
                .contains("connection reset (injected)").contains("attempt 2 at");
        assertThat(DuckDbLake.describe(warehouse, "orders")).as("the live version did not change").containsKey("note");
        // the second attempt waits for its backoff; the pipeline's runs go on meanwhile
        node.dispatchDue();
        assertThat(node.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(switchRuns(id)).extracting(RunRecord::state).containsExactly(RunState.FAILED, RunState.QUEUED);
        shards.execute("shard02", "UPDATE orders SET status = 'shipped', updated_at = '" + at(0, 2) + "' WHERE id = 12");

        clock.advance(Duration.ofSeconds(31));
        awaitRebuild(node, id, r -> r.state() == RebuildState.LIVE);
        assertThat(switchRuns(id)).extracting(RunRecord::state).containsExactly(RunState.FAILED, RunState.SUCCEEDED);
        assertThat(DuckDbLake.describe(warehouse, "orders")).doesNotContainKey("note");
        assertEveryVersionOnceAndLatestIsSource();
    }

    @Test
    void aSwitchThatFailsEveryAttemptFailsTheRebuildAfterTheLastAndLeavesTheLiveVersion() throws Exception {
        runOnce();
        current.set(v2);
        RunCoordinator node = node("node-c", flakySwitchRunner(new AtomicInteger(100)), new SwitchRetries(2, Duration.ZERO));
        String id = rebuilds.start("orders", new RebuildInput(null, 3, null, null, false), "oncall").rebuild().id();

        Rebuild failed = awaitRebuild(node, id, r -> r.state() == RebuildState.FAILED);
        assertThat(failed.reason()).contains("switch attempt 2 of 2").contains("connection reset (injected)");
        assertThat(switchRuns(id)).extracting(RunRecord::state).containsExactly(RunState.FAILED, RunState.FAILED);
        assertThat(store.versions("orders")).filteredOn(v -> v.state() == TableVersion.State.LIVE).extracting(TableVersion::version)
                .containsExactly(1);
        assertThat(DuckDbLake.describe(warehouse, "orders")).containsKey("note");
        runOnce();
        assertEveryVersionOnceAndLatestIsSource();
    }

    @Test
    void aRebuildWaitingToRetryItsSwitchIsCancelledAndOneCancelledDuringItsSwitchNeverGoesLive() throws Exception {
        runOnce();
        current.set(v2);
        // the first switch attempt failed, the second waits for its backoff: cancel ends the rebuild, that attempt never runs
        RunCoordinator node = node("node-c", flakySwitchRunner(new AtomicInteger(1)), new SwitchRetries(3, Duration.ofSeconds(30)));
        String id = rebuilds.start("orders", new RebuildInput(null, 3, null, null, false), "oncall").rebuild().id();
        awaitRebuild(node, id, r -> r.reason() != null && r.reason().contains("switch attempt 1 of 3"));
        assertThat(store.byId(id).orElseThrow().state()).isEqualTo(RebuildState.SWITCHING);
        assertThat(rebuilds.cancel(id, "oncall").rebuild().state()).isEqualTo(RebuildState.CANCELLED);
        clock.advance(Duration.ofSeconds(31));
        node.dispatchDue();
        assertThat(node.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(switchRuns(id)).extracting(RunRecord::state).containsExactly(RunState.FAILED, RunState.CANCELLED);
        assertThat(store.byId(id).orElseThrow().state()).isEqualTo(RebuildState.CANCELLED);
        assertThat(store.versions("orders")).filteredOn(v -> v.state() == TableVersion.State.LIVE).extracting(TableVersion::version)
                .containsExactly(1);
        assertThat(DuckDbLake.describe(warehouse, "orders")).as("the live version did not change").containsKey("note");
        assertThatThrownBy(() -> rebuilds.cancel(id, "oncall")).isInstanceOf(OperationRefusedException.class)
                .hasMessageContaining("it has ended");

        // a cancel that lands while the switch run gets the version ready: its metadata switch is refused and rolled back whole
        java.util.concurrent.atomic.AtomicReference<String> second = new java.util.concurrent.atomic.AtomicReference<>();
        RunCoordinator cancelling = node("node-d", switchRunner(() -> rebuilds.cancel(second.get(), "oncall"), "work-d"),
                new SwitchRetries(3, Duration.ZERO));
        second.set(rebuilds.start("orders", new RebuildInput(null, 3, null, null, false), "oncall").rebuild().id());
        awaitRebuild(cancelling, second.get(), r -> !r.state().isUnfinished() && switchRuns(r.id()).stream()
                .allMatch(run -> run.state().isTerminal()) && !switchRuns(r.id()).isEmpty());
        assertThat(store.byId(second.get()).orElseThrow().state()).isEqualTo(RebuildState.CANCELLED);
        assertThat(switchRuns(second.get())).singleElement().satisfies(run -> assertThat(run.state()).isEqualTo(RunState.FAILED))
                .satisfies(run -> assertThat(run.error()).contains("no longer switching (cancelled)"));
        assertThat(store.versions("orders")).filteredOn(v -> v.state() == TableVersion.State.LIVE).extracting(TableVersion::version)
                .containsExactly(1);
        assertThat(DuckDbLake.describe(warehouse, "orders")).containsKey("note");
        runOnce();
        assertEveryVersionOnceAndLatestIsSource();
        // both versions the cancelled rebuilds built go at the next sweep
        assertThat(rebuilds.deleteExpiredVersions()).isEqualTo(2);
    }

    /** A node whose switch fails before its metadata step (getting the version ready) while {@code failures} lasts, as a store might. */
    private PipelineRunner flakySwitchRunner(AtomicInteger failures) {
        return switchRunner(() -> {
            if (failures.getAndDecrement() > 0) {
                throw new java.io.IOException("object store: connection reset (injected)");
            }
            return null;
        }, "work-c");
    }

    /** A node whose switch runs {@code beforePrepare} before it gets the version ready (before its metadata step). */
    private PipelineRunner switchRunner(java.util.concurrent.Callable<?> beforePrepare, String work) {
        io.shardlake.engine.run.VersionPointer flaky = new io.shardlake.engine.run.VersionPointer() {
            @Override
            public void prepare(io.shardlake.engine.run.PipelinePlan version, boolean fresh) throws Exception {
                beforePrepare.call();
                sinks.prepare(version, fresh);
            }

            @Override
            public void show(io.shardlake.engine.run.PipelinePlan version, int previous) throws Exception {
                sinks.show(version, previous);
            }

            @Override
            public void drop(io.shardlake.engine.run.PipelinePlan version) throws Exception {
                sinks.drop(version);
            }
        };
        return runner(runs, new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 1000, 100, 1, tmp.resolve(work), 3),
                new TableVersionSwitch(store, lake, flaky, lookup::version, clock));
    }

    private List<RunRecord> switchRuns(String id) {
        return runs.backfillRuns(id).stream().filter(r -> r.trigger() == TriggerKind.REBUILD_SWITCH)
                .sorted(java.util.Comparator.comparing(RunRecord::queuedAt)).toList();
    }

    private Rebuild awaitRebuild(RunCoordinator node, String id, java.util.function.Predicate<Rebuild> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            node.dispatchDue();
            assertThat(node.awaitIdle(Duration.ofSeconds(30))).isTrue();
            Rebuild r = store.byId(id).orElseThrow();
            if (until.test(r)) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("rebuild " + id + " did not get there: " + rebuilds.progress(id));
    }

    @Test
    void refusalsNameTheProblemAndChangeNothing() throws Exception {
        runOnce();
        assertThatThrownBy(() -> rebuilds.plan("orders", new RebuildInput("nope", 0, "25:00-26:00", "Mars/Base", true)))
                .isInstanceOfSatisfying(InvalidRebuildException.class, e -> assertThat(e.errors())
                        .extracting(io.shardlake.engine.backfill.FieldError::field)
                        .containsExactlyInAnyOrder("definition_version", "max_concurrency", "allowed_window", "allowed_window_zone"));
        String id = rebuilds.start("orders", new RebuildInput(null, 1, "02:00-04:00", "UTC", false), "oncall").rebuild().id();
        assertThatThrownBy(() -> rebuilds.start("orders", new RebuildInput(null, 1, null, null, false), "oncall"))
                .isInstanceOf(OperationRefusedException.class).hasMessageContaining(id);
        assertThatThrownBy(() -> rebuilds.rollback("orders", "oncall")).isInstanceOf(OperationRefusedException.class);
        rebuilds.cancel(id, "oncall");
        assertThat(store.byId(id).orElseThrow().state()).isEqualTo(RebuildState.CANCELLED);
        assertThat(Files.isSymbolicLink(warehouse.resolve("orders"))).isFalse();
        assertThat(DuckDbLake.count(warehouse, "orders")).isEqualTo(60);
    }

    /**
     * Every (shard, key, cursor) of the live table once, and each key's newest version holds the
     * source's row (the lake keeps every version it captured; the source only the newest).
     */
    private void assertEveryVersionOnceAndLatestIsSource() throws Exception {
        List<Map<String, Object>> rows = DuckDbLake.readTable(warehouse, "orders", "_shard, order_id, updated_at");
        Map<String, Integer> versions = new HashMap<>();
        Map<String, Map<String, Object>> newest = new TreeMap<>();
        for (Map<String, Object> r : rows) {
            String key = r.get("_shard") + "/" + r.get("order_id");
            versions.merge(key + "@" + r.get("updated_at"), 1, Integer::sum);
            newest.merge(key, r, (x, y) -> ((Comparable<Object>) y.get("updated_at")).compareTo(x.get("updated_at")) > 0 ? y : x);
        }
        assertThat(versions).as("each (shard, key, cursor) once").allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        Map<String, String> lake = new TreeMap<>();
        newest.forEach((k, r) -> lake.put(k, (String) r.get("status")));
        assertThat(lake).isEqualTo(sourceStatuses());
    }

    /** Each source row's status, by shard/key. */
    private Map<String, String> sourceStatuses() throws Exception {
        Map<String, String> source = new TreeMap<>();
        for (String shard : shards.shardIds()) {
            try (java.sql.Connection c = shards.connection(shard)) {
                for (String row : io.shardlake.connectors.testing.Jdbc.queryStrings(c, "SELECT CONCAT(id, '=', status) FROM orders")) {
                    source.put(shard + "/" + row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
                }
            }
        }
        return source;
    }

    private RunRecord runOnce() throws InterruptedException {
        clock.advance(Duration.ofSeconds(1)); // runs and switches happen at distinct instants, as in service
        RunRecord run = scheduler.enqueueManual(current.get()).run();
        RunRecord ended = awaitEnd(run.id()); // after any run queued before it (a resume's catch-up)
        assertThat(ended.state()).as(String.valueOf(ended.error())).isEqualTo(RunState.SUCCEEDED);
        return ended;
    }

    private void awaitShardsLoaded(String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            RebuildProgress p = rebuilds.progress(id);
            if (p.shardsLoaded() == shards.shardIds().size()) {
                return;
            }
            // only shard runs: each dispatch is waited for, so the switch run, queued when the last shard loads, is left queued
            nodes.get(0).dispatchDue();
            assertThat(nodes.get(0).awaitIdle(Duration.ofSeconds(60))).isTrue();
        }
        throw new AssertionError("shards of rebuild " + id + " did not load: " + rebuilds.progress(id));
    }

    /** Lets {@code node} run the rebuild's runs until it is LIVE. */
    private void awaitLiveOn(RunCoordinator node, String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (store.byId(id).orElseThrow().state() != RebuildState.LIVE && System.nanoTime() < until) {
            node.dispatchDue();
            Thread.sleep(50);
        }
        assertThat(node.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(store.byId(id).orElseThrow().state()).isEqualTo(RebuildState.LIVE);
    }

    private RebuildProgress awaitState(String id, RebuildState state) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            nodes.get(0).dispatchDue();
            RebuildProgress p = rebuilds.progress(id);
            if (p.rebuild().state() == state) {
                assertThat(nodes.get(0).awaitIdle(Duration.ofSeconds(10))).isTrue();
                return rebuilds.progress(id);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("rebuild " + id + " is not " + state + ": " + rebuilds.progress(id));
    }

    private RunRecord awaitFirstShardRun(String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            Optional<RunRecord> done = runs.backfillRuns(id).stream().filter(r -> r.state() == RunState.SUCCEEDED).findFirst();
            if (done.isPresent()) {
                assertThat(nodes.get(0).awaitIdle(Duration.ofSeconds(10))).isTrue();
                return done.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no shard of rebuild " + id + " loaded");
    }

    private RunRecord awaitEnd(String runId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            nodes.get(0).dispatchDue();
            RunRecord r = runs.run(runId).orElseThrow();
            if (r.state().isTerminal()) {
                assertThat(nodes.get(0).awaitIdle(Duration.ofSeconds(10))).isTrue();
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " did not end: " + runs.run(runId));
    }

    static PipelineDefinition edited(PipelineDefinition d) {
        TransformSpec t = new TransformSpec(List.of(new ColumnMapping("order_id", "id", ColumnType.BIGINT),
                new ColumnMapping("status", "status", ColumnType.STRING),
                new ColumnMapping("amount", "amount", ColumnType.STRING),
                new ColumnMapping("updated_at", "updated_at", ColumnType.TIMESTAMP)), List.of(), List.of(), List.of("order_id"));
        return new PipelineDefinition(d.name(), d.description(), d.schedule(), d.source(), t, d.partition(), d.target(), d.quarantine(),
                d.runs(), "test-v2");
    }

    /** A cursor value {@code minutes} before now (UTC): inside the next window, never past the replica's clock. */
    static LocalDateTime at(int unused, int minutes) {
        return LocalDateTime.now(ZoneOffset.UTC).minusMinutes(10 - minutes).withNano(0);
    }

    private static void insert(String shard, int id, String status, LocalDateTime updatedAt) throws Exception {
        OrderRows.insert(shards, shard, id, status, updatedAt);
    }
}
