package io.shardlake.engine.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.shardlake.connectors.athena.AthenaCatalog;
import io.shardlake.connectors.athena.AthenaQueries;
import io.shardlake.connectors.athena.AthenaSettings;
import io.shardlake.connectors.athena.Sleeper;
import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.objectstore.S3ObjectStore;
import io.shardlake.connectors.objectstore.S3Settings;
import io.shardlake.connectors.redshift.PostgreSqlDialect;
import io.shardlake.connectors.redshift.RedshiftLoadMode;
import io.shardlake.connectors.redshift.RedshiftLoader;
import io.shardlake.connectors.redshift.RedshiftSettings;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.FakeAthena;
import io.shardlake.connectors.testing.Jdbc;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.connectors.testing.PostgresServer;
import io.shardlake.connectors.testing.S3ProxyServer;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.audit.AuditQuery;
import io.shardlake.engine.audit.AuditRecord;
import io.shardlake.engine.backfill.BackfillInput;
import io.shardlake.engine.backfill.BackfillPlan;
import io.shardlake.engine.backfill.BackfillProgress;
import io.shardlake.engine.backfill.BackfillState;
import io.shardlake.engine.backfill.InvalidBackfillException;
import io.shardlake.engine.current.CurrentSettings;
import io.shardlake.engine.current.CurrentTableFiles;
import io.shardlake.engine.current.CurrentTableSink;
import io.shardlake.engine.current.CurrentTableUpdater;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.definition.TargetSpec;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.metadata.JdbcAuditLog;
import io.shardlake.engine.metadata.JdbcBackfillStore;
import io.shardlake.engine.metadata.JdbcCurrentTables;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.metadata.JdbcSinkDeliveries;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.sink.AthenaSink;
import io.shardlake.engine.sink.RedshiftSink;
import io.shardlake.engine.sink.RunSinks;
import io.shardlake.engine.sink.TableSink;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Backfills end to end on real MariaDB shards and a local lake: chunks run through the same
 * queue and shard tasks as scheduled runs, replace their partitions (a correction, a hard delete
 * and a late row all show; other partitions and the watermarks stay), never duplicate rows when
 * repeated, replace only the chosen shards' rows, wait while paused or outside their window,
 * and leave the old contents when a chunk fails.
 *
 * <p>Each shard has 5 rows on each of the 4 days before today (UTC), ids {@code 10*k + j} for day
 * {@code today - k}.
 */
class BackfillIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(3);

    @RegisterExtension
    static S3ProxyServer s3 = new S3ProxyServer();

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Path warehouse;
    private DataSource metadata;
    private RunQueue queue;
    private JdbcRunRepository runs;
    private JdbcBackfillStore store;
    private SettableClock clock;
    private RunCoordinator node;
    private BackfillOperations backfills;
    private RunScheduler scheduler;
    private PipelineOperations pipelines;
    private SourceConnections sources;
    private PipelineRunner runner;
    private JdbcAuditLog audit;
    private PipelineDefinition orders = OrdersPipeline.definition("shop", 0.01);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void createTables() throws Exception {
        shards.executeOnAll(OrdersPipeline.DDL);
    }

    @BeforeEach
    void freshState() throws Exception {
        shards.executeOnAll("TRUNCATE TABLE orders");
        for (String shard : shards.shardIds()) {
            for (int k = 1; k <= 4; k++) {
                for (int j = 1; j <= 5; j++) {
                    insert(shard, 10 * k + j, "new", LocalDateTime.of(TODAY.minusDays(k), LocalTime.of(j * 3, 0)));
                }
            }
        }
        warehouse = tmp.resolve("warehouse");
        metadata = MetadataDatabases.h2("backfill" + DATABASES.incrementAndGet());
        queue = new JdbcRunQueue(metadata);
        runs = new JdbcRunRepository(metadata);
        store = new JdbcBackfillStore(metadata);
        clock = new SettableClock(Instant.now());
        List<Shard> list = shards.shardIds().stream().map(s -> new Shard(s, shards.jdbcUrl(s))).toList();
        sources = new SourceConnections(List.of(
                new SourceConnection("shop", list, ZoneOffset.UTC, shards.user(), shards.password(), 2, null)));
        build(new LocalObjectStore(warehouse), List.of());
    }

    /** The engine over {@code lake}, delivering committed runs to {@code sinks}. */
    private void build(ObjectStore lake, List<TableSink> sinks) throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        closing.clear();
        EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 1000, 100, 1, tmp.resolve("work"), 3);
        JdbcPartitionGenerations generations = new JdbcPartitionGenerations(metadata);
        PartitionReplacer replacer = new PartitionReplacer(lake, generations, Clock.systemUTC());
        RunSinks runSinks = new RunSinks(sinks,
                new JdbcSinkDeliveries(metadata), runs, generations, lake.movesFolders(), Clock.systemUTC());
        runner = new PipelineRunner(sources, runs, lake, replacer, runSinks, settings, Clock.systemUTC());
        DefinitionLookup lookup = FixedDefinitions.of(orders);
        node = new RunCoordinator(queue, runner, lookup, new BackfillGate(store, runs, clock), RunListener.NONE,
                new CoordinatorSettings("node-a", Duration.ofSeconds(30), 4, 100), clock);
        closing.add(runner);
        closing.add(node);
        scheduler = new RunScheduler(queue, clock, (d, at) -> { });
        audit = new JdbcAuditLog(metadata, clock);
        pipelines = new PipelineOperations(() -> new PipelineCatalog(List.of(orders), List.of()), queue, runs,
                scheduler, () -> { }, audit, clock);
        PipelineRunner checking = runner;
        backfills = new BackfillOperations(pipelines, sources, store, queue, runs, scheduler, runner::estimateRows,
                settings.lookback(), () -> { }, audit, clock, d -> checking.checkSinks(d, true));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void aBackfillReplacesItsPartitionsWithTheSourcesRowsAndLeavesTheRestAndTheWatermarks() throws Exception {
        loadEverything();
        Map<String, Instant> watermarks = runs.watermarkInstants("orders");
        // corrections the incremental extract cannot see: same cursor, new values; a hard delete; a late row
        shards.execute("shard01", "UPDATE orders SET status = 'fixed' WHERE id = 32");
        shards.execute("shard02", "DELETE FROM orders WHERE id = 33");
        insert("shard03", 39, "late", LocalDateTime.of(TODAY.minusDays(3), LocalTime.of(23, 0)));
        shards.execute("shard01", "UPDATE orders SET status = 'unseen' WHERE id = 12"); // outside the range

        BackfillProgress done = runBackfill(input(day(-3), day(-2), null, false));

        assertThat(done.backfill().state()).isEqualTo(BackfillState.SUCCEEDED);
        assertThat(done.chunkRuns()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(r.trigger().lane().name()).isEqualTo("BACKFILL");
        });
        assertThat(statusOf("shard01", 32)).isEqualTo("fixed");
        assertThat(keysIn("dt=" + TODAY.minusDays(3))).doesNotContain("shard02/33").contains("shard03/39").hasSize(15);
        assertThat(statusOf("shard01", 12)).isEqualTo("new");
        assertThat(DuckDbLake.count(warehouse, "orders")).isEqualTo(3 * 20 - 1 + 1);
        assertThat(runs.watermarkInstants("orders")).isEqualTo(watermarks);
        assertThat(Files.exists(warehouse.resolve("orders/_generations/dt=" + TODAY.minusDays(3)))).isTrue(); // the retired one, until the grace ends
    }

    @Test
    void repeatingABackfillNeverDuplicatesRows() throws Exception {
        loadEverything();
        runBackfill(input(day(-4), day(-1), null, false));
        runBackfill(input(day(-4), day(-1), null, false));

        assertThat(DuckDbLake.count(warehouse, "orders")).isEqualTo(60);
        List<Map<String, Object>> rows = DuckDbLake.readTable(warehouse, "orders", "_shard, order_id");
        assertThat(rows.stream().map(r -> r.get("_shard") + "/" + r.get("order_id")).distinct().count()).isEqualTo(60);
    }

    @Test
    void aShardSubsetReplacesOnlyThatShardsRowsOfThePartition() throws Exception {
        loadEverything();
        shards.execute("shard01", "UPDATE orders SET status = 'fixed' WHERE id = 22");
        shards.execute("shard02", "UPDATE orders SET status = 'fixed' WHERE id = 22");

        BackfillProgress done = runBackfill(input(day(-2), day(-1), List.of("shard02"), false));

        assertThat(done.chunkRuns().get(0).shardSubset()).containsExactly("shard02");
        assertThat(statusOf("shard02", 22)).isEqualTo("fixed");
        assertThat(statusOf("shard01", 22)).isEqualTo("new");
        assertThat(keysIn("dt=" + TODAY.minusDays(2))).hasSize(15);
    }

    @Test
    void aDryRunListsChunksWithEstimatesAndChangesNothing() throws Exception {
        loadEverything();

        BackfillPlan plan = backfills.plan("orders", input(day(-4), day(-1), null, true));

        assertThat(plan.chunks()).hasSize(3);
        assertThat(plan.chunks().get(0).partitions()).containsExactly("dt=" + TODAY.minusDays(4));
        assertThat(plan.estimates()).hasSize(3).allSatisfy(perShard ->
                assertThat(perShard).containsOnlyKeys("shard01", "shard02", "shard03").allSatisfy((s, n) -> assertThat(n).isNotNegative()));
        assertThat(plan.estimateErrors()).isEmpty();
        assertThat(store.forPipeline("orders", 10)).isEmpty();
        assertThat(queue.queued(10)).isEmpty();
    }

    @Test
    void aRangeReachingPartitionsScheduledRunsStillWriteIsRefusedNamingTheField() throws Exception {
        loadEverything();
        // with a 3-day lookback, incremental runs still append to the partitions of the last 3 days
        BackfillOperations longLookback = new BackfillOperations(pipelines, sources, store, queue, runs, scheduler, runner::estimateRows,
                Duration.ofDays(3), () -> { }, AuditLog.NONE, clock);

        assertThatThrownBy(() -> longLookback.start("orders", input(day(-3), day(-1), null, false), "oncall"))
                .isInstanceOfSatisfying(InvalidBackfillException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(f -> {
                            assertThat(f.field()).isEqualTo("to");
                            assertThat(f.message()).contains("scheduled runs still write").contains("dt=" + TODAY.minusDays(3));
                        }));
        assertThat(store.forPipeline("orders", 10)).isEmpty();
        assertThat(backfills.plan("orders", input(day(-3), day(-1), null, false)).chunks()).hasSize(2); // the default lookback allows it (also just after midnight)
    }

    @Test
    void aPipelineWhoseFirstLoadHasNotRunCannotBeBackfilled() {
        assertThatThrownBy(() -> backfills.start("orders", input(day(-3), day(-2), null, false), "oncall"))
                .isInstanceOfSatisfying(InvalidBackfillException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.field()).containsOnly("shards"))
                .hasMessageContaining("has not completed its first load");
    }

    @Test
    void anOverlappingBackfillIsRefusedWhileTheFirstIsUnfinished() throws Exception {
        loadEverything();
        backfills.start("orders", input(day(-4), day(-2), null, false), "oncall");

        assertThatThrownBy(() -> backfills.start("orders", input(day(-3), day(-1), null, false), "oncall"))
                .isInstanceOfSatisfying(OperationRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(OperationRefusedException.Reason.CONFLICT))
                .hasMessageContaining("already covers part of");
        assertThat(store.forPipeline("orders", 10)).hasSize(1);
    }

    @Test
    void aPausedBackfillStartsNoChunkUntilResumedAndACancelEndsItsQueuedChunks() throws Exception {
        loadEverything();
        String id = backfills.start("orders", input(day(-4), day(-1), null, false), "oncall").backfill().id();
        assertThat(backfills.pause(id, "oncall").backfill().reason()).isEqualTo("paused by oncall");

        assertThat(node.dispatchDue()).isEmpty();
        assertThatThrownBy(() -> backfills.pause(id, "oncall")).isInstanceOf(OperationRefusedException.class);

        assertThat(backfills.resume(id, "oncall").backfill().reason()).isEqualTo("resumed by oncall");
        List<RunRecord> started = node.dispatchDue();
        assertThat(started).singleElement().satisfies(r -> assertThat(r.backfillId()).isEqualTo(id)); // one chunk at a time
        awaitEnd(started.get(0).id());

        BackfillProgress cancelled = backfills.cancel(id, "oncall");
        assertThat(cancelled.backfill().state()).isEqualTo(BackfillState.CANCELLED);
        assertThat(cancelled.chunksIn(RunState.SUCCEEDED)).isEqualTo(1);
        assertThat(cancelled.chunksIn(RunState.CANCELLED)).isEqualTo(2);
        assertThat(node.dispatchDue()).isEmpty();
        assertThatThrownBy(() -> backfills.resume(id, "oncall")).isInstanceOf(OperationRefusedException.class);
        assertThat(audit.read(new AuditQuery(null, null, "orders", null, 50)).entries())
                .as("newest first; the refused second pause and the refused resume are not recorded")
                .extracting(AuditRecord::action, AuditRecord::actor)
                .containsExactly(tuple("backfill.cancel", "oncall"), tuple("backfill.resume", "oncall"),
                        tuple("backfill.pause", "oncall"), tuple("backfill.start", "oncall"));
    }

    @Test
    void chunksWaitOutsideTheAllowedWindowAndStartWhenItOpens() throws Exception {
        loadEverything();
        clock.set(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC));
        BackfillInput windowed = new BackfillInput(day(-3), day(-2), null, null, "22:00-06:00", "UTC", null);
        String id = backfills.start("orders", windowed, "oncall").backfill().id();

        assertThat(node.dispatchDue()).isEmpty();

        clock.set(TODAY.atTime(22, 30).toInstant(ZoneOffset.UTC));
        List<RunRecord> started = node.dispatchDue();
        assertThat(started).singleElement().satisfies(r -> assertThat(r.backfillId()).isEqualTo(id));
        awaitEnd(started.get(0).id());
        assertThat(backfills.progress(id).backfill().state()).isEqualTo(BackfillState.SUCCEEDED);
    }

    @Test
    void aFailedChunkLeavesThePartitionsOldContentsAndDiscardsWhatItWrote() throws Exception {
        loadEverything();
        shards.execute("shard01", "UPDATE orders SET status = 'fixed' WHERE id = 32");
        shards.execute("shard03", "RENAME TABLE orders TO orders_gone");
        try {
            BackfillProgress done = runBackfill(input(day(-3), day(-2), null, false));

            assertThat(done.backfill().state()).isEqualTo(BackfillState.FAILED);
            assertThat(done.backfill().reason()).contains("1 chunk(s) did not succeed");
            assertThat(done.chunkRuns().get(0).error()).contains("shard03");
        } finally {
            shards.execute("shard03", "RENAME TABLE orders_gone TO orders");
        }
        assertThat(statusOf("shard01", 32)).isEqualTo("new");
        assertThat(keysIn("dt=" + TODAY.minusDays(3))).hasSize(15);
        try (Stream<Path> files = Files.walk(warehouse.resolve("orders"))) {
            assertThat(files.filter(p -> p.toString().contains("_generations")).filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    private void loadEverything() throws InterruptedException {
        loadEverythingInto(warehouse);
    }

    private void loadEverythingInto(Path lakeFolder) throws InterruptedException {
        RunRecord run = scheduler.enqueueManual(orders).run();
        assertThat(node.dispatchDue()).extracting(RunRecord::id).containsExactly(run.id());
        assertThat(awaitEnd(run.id()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(DuckDbLake.count(lakeFolder, "orders")).isEqualTo(60);
    }

    @Test
    void onS3AthenaReadsAReplacedPartitionFromItsNewGenerationAfterOneSwitch() throws Exception {
        String prefix = "backfill-" + DATABASES.get();
        S3ObjectStore lake = S3ObjectStore.create(
                new S3Settings(s3.bucket(), prefix, "us-east-1", s3.endpoint(), true, 0),
                s3.credentialsProvider());
        try (FakeAthena athena = new FakeAthena();
             AthenaQueries queries = AthenaQueries.create(
                     new AthenaSettings("us-east-1", "etl", null, "lake", null, athena.endpoint(),
                             Duration.ofMillis(1), Duration.ofSeconds(10), null),
                     StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("AKIAFAKE", "fake")),
                     Clock.systemUTC(), Sleeper.THREAD)) {
            build(lake, List.of(new AthenaSink(new AthenaCatalog(queries), lake.settings(), lake, new JdbcPartitionGenerations(metadata),
                    Clock.systemUTC())));
            loadEverythingInto(s3.bucketDirectory().resolve(prefix));
            String day = "dt=" + TODAY.minusDays(3);

            BackfillProgress done = runBackfill(input(day(-3), day(-2), null, false));

            assertThat(done.backfill().state()).isEqualTo(BackfillState.SUCCEEDED);
            String chunkRun = done.chunkRuns().get(0).id();
            assertThat(athena.statements()).last().isEqualTo("ALTER TABLE lake.orders PARTITION (dt = '" + TODAY.minusDays(3)
                    + "') SET LOCATION 's3://" + s3.bucket() + "/" + prefix + "/orders/_generations/" + day + "/" + chunkRun + "/'");
        }
    }

    @Test
    void onS3TheCurrentTableTakesABackfillsCorrectionsAndAthenaReadsItThroughItsManifest() throws Exception {
        String prefix = "backfill-current-" + DATABASES.get();
        S3ObjectStore lake = S3ObjectStore.create(new S3Settings(s3.bucket(), prefix, "us-east-1", s3.endpoint(), true, 0),
                s3.credentialsProvider());
        var t = orders.target();
        orders = new PipelineDefinition(orders.name(), orders.description(), orders.schedule(), orders.source(), orders.transform(),
                orders.partition(), new TargetSpec(t.table(), t.compression(), t.fileSizeBytes(), false, true),
                orders.quarantine(), orders.runs(), orders.alerts(), orders.version() + "-current");
        try (FakeAthena athena = new FakeAthena();
             AthenaQueries queries = AthenaQueries.create(new AthenaSettings("us-east-1", "etl", null, "lake", null, athena.endpoint(),
                             Duration.ofMillis(1), Duration.ofSeconds(10), null),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKE", "fake")), Clock.systemUTC(), Sleeper.THREAD)) {
            CurrentTableUpdater updater = new CurrentTableUpdater(lake, new JdbcCurrentTables(metadata),
                    new CurrentSettings(8, Duration.ofMinutes(1), Duration.ZERO), Files.createDirectories(tmp.resolve("current")), "node-a",
                    Clock.systemUTC());
            build(lake, List.of(new CurrentTableSink(updater), new AthenaSink(new AthenaCatalog(queries), lake.settings(), lake,
                    new JdbcPartitionGenerations(metadata), Clock.systemUTC())));
            Path lakeFolder = s3.bucketDirectory().resolve(prefix);
            loadEverythingInto(lakeFolder);
            CurrentTableFiles current = new CurrentTableFiles(lakeFolder, "orders_current");
            assertThat(Files.readString(lakeFolder.resolve("orders_current/manifest/files.txt")))
                    .startsWith("s3://" + s3.bucket() + "/" + prefix + "/orders_current/data/g");
            assertThat(athena.statements()).anySatisfy(st -> assertThat(st).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS lake.orders_current_all")
                    .contains("SymlinkTextInputFormat", "LOCATION 's3://" + s3.bucket() + "/" + prefix + "/orders_current/manifest/'"));
            assertThat(athena.statements()).anySatisfy(st -> assertThat(st).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders_current\""));
            assertThat(currentStatuses(current)).hasSize(60);
            // corrections the incremental extract cannot see: same cursor, new values; a late row
            shards.execute("shard01", "UPDATE orders SET status = 'fixed' WHERE id = 32");
            insert("shard03", 39, "late", LocalDateTime.of(TODAY.minusDays(3), LocalTime.of(23, 0)));

            BackfillProgress done = runBackfill(input(day(-3), day(-2), null, false));

            assertThat(done.backfill().state()).isEqualTo(BackfillState.SUCCEEDED);
            Map<String, String> after = currentStatuses(current);
            assertThat(after).hasSize(61).containsEntry("shard01/32", "fixed").containsEntry("shard03/39", "late")
                    .containsEntry("shard01/31", "new");
        }
    }

    /**
     * A chunk's partitions are replaced before its sinks are told: when a sink then fails, the chunk
     * stays done (run again, it would replace the files its pending delivery names, and every later
     * delivery would fail on them), and the next run delivers it from its files.
     */
    @Test
    void aChunkWhoseSinkFailsStaysDoneAndTheNextRunDeliversItFromItsFiles() throws Exception {
        List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean failNextBackfill = new java.util.concurrent.atomic.AtomicBoolean(true);
        build(new LocalObjectStore(warehouse), List.of(sink("flaky", backfill -> { }, run -> {
            if (run.backfill() && failNextBackfill.getAndSet(false)) {
                throw new IllegalStateException("the sink is down");
            }
            for (var file : run.dataFiles()) {
                assertThat(warehouse.resolve(file.key())).as("a delivered run's file").exists();
            }
            delivered.add(run.runId());
        })));
        loadEverything();

        BackfillProgress done = runBackfill(input(day(-3), day(-2), null, false));

        assertThat(done.backfill().state()).isEqualTo(BackfillState.SUCCEEDED);
        assertThat(done.chunkRuns()).as("the chunk ran once").hasSize(1);
        RunRecord chunk = runs.run(done.chunkRuns().get(0).id()).orElseThrow();
        assertThat(chunk.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(chunk.error()).contains("flaky: the sink is down", "the next run delivers them again");
        assertThat(delivered).doesNotContain(chunk.id());

        RunRecord next = scheduler.enqueueManual(orders).run();
        node.dispatchDue();
        assertThat(awaitEnd(next.id()).state()).isIn(RunState.SUCCEEDED, RunState.SKIPPED);
        assertThat(delivered).as("the chunk's delivery, made by the next run").contains(chunk.id());
    }

    private interface Delivery {
        void deliver(io.shardlake.engine.sink.CommittedRun run) throws Exception;
    }

    /** A sink of every table: {@code check} is given whether a backfill asks, {@code delivery} each run. */
    private static TableSink sink(String name, java.util.function.Consumer<Boolean> check, Delivery delivery) {
        return new TableSink() {
            public String name() {
                return name;
            }

            public boolean serves(io.shardlake.engine.sink.SinkTable table) {
                return true;
            }

            public void check(io.shardlake.engine.sink.SinkTable table, boolean backfill) {
                check.accept(backfill);
            }

            public void deliver(io.shardlake.engine.sink.SinkTable table, io.shardlake.engine.sink.CommittedRun run) throws Exception {
                delivery.deliver(run);
            }
        };
    }

    /** shard/order -> status, as the current table's manifest lists it. */
    private static Map<String, String> currentStatuses(CurrentTableFiles current) throws java.io.IOException {
        Map<String, String> rows = new java.util.TreeMap<>();
        for (Map<String, Object> r : current.liveRows("_shard, order_id, status")) {
            assertThat(rows.put(r.get("_shard") + "/" + r.get("order_id"), (String) r.get("status"))).as("a key twice").isNull();
        }
        return rows;
    }

    @Test
    void aBackfillNoSinkCouldShowIsRefusedBeforeAnythingIsQueued() throws Exception {
        loadEverything();
        // A sink that takes incremental runs but not backfills, as Athena with partition projection on S3.
        build(new LocalObjectStore(warehouse), List.of(sink("athena", backfill -> {
            if (backfill) {
                throw new io.shardlake.engine.sink.SinkRefusedException("athena", "set shardlake.athena.partitions=catalog", null);
            }
        }, run -> { })));
        int before = backfills.list("orders", 500).size();

        assertThatThrownBy(() -> backfills.start("orders", input(day(-3), day(-2), null, false), "oncall"))
                .isInstanceOfSatisfying(io.shardlake.engine.backfill.InvalidBackfillException.class, e ->
                        assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.message())
                                .startsWith("athena: ").contains("shardlake.athena.partitions=catalog")));
        assertThat(backfills.list("orders", 500)).hasSize(before);
    }

    @Test
    void onALocalLakeABackfilledPartitionIsMergedIntoRedshiftFromWhereItsFilesNowAre() throws Exception {
        String schema = "redshift_bf_" + DATABASES.get();
        PostgresServer pg = PostgresServer.shared();
        try (Connection c = pg.connect("postgres")) {
            Jdbc.execute(c, "CREATE SCHEMA " + schema);
        }
        try {
            LocalObjectStore lake = new LocalObjectStore(warehouse);
            RedshiftSettings settings = new RedshiftSettings(
                    pg.jdbcUrl("postgres"), pg.endpoint().user(), pg.endpoint().password(), null, schema,
                    RedshiftLoadMode.BATCHED_INSERT, 100, null);
            var t = orders.target();
            orders = new PipelineDefinition(orders.name(), orders.description(), orders.schedule(), orders.source(), orders.transform(),
                    orders.partition(), new TargetSpec(t.table(), t.compression(), t.fileSizeBytes(), true),
                    orders.quarantine(), orders.runs(), orders.alerts(), orders.version() + "-redshift");
            build(lake, List.of(new RedshiftSink(new RedshiftLoader(
                    pg.dataSource("postgres"), settings, new PostgreSqlDialect(), lake), lake)));
            loadEverything();
            shards.execute("shard01", "UPDATE orders SET status = 'fixed' WHERE id = 32"); // same cursor: only a backfill sees it

            BackfillProgress done = runBackfill(input(day(-3), day(-2), null, false));

            assertThat(done.backfill().state()).isEqualTo(BackfillState.SUCCEEDED);
            try (Connection c = pg.connect("postgres")) {
                assertThat(Jdbc.queryStrings(c, "SELECT status FROM " + schema
                        + ".orders WHERE _shard = 'shard01' AND order_id = 32")).containsExactly("fixed");
                assertThat(Jdbc.queryString(c, "SELECT count(*) FROM " + schema + ".orders"))
                        .isEqualTo("60");
            }
        } finally {
            try (Connection c = pg.connect("postgres")) {
                Jdbc.execute(c, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** Starts a backfill and dispatches until it ended. */
    private BackfillProgress runBackfill(BackfillInput input) throws InterruptedException {
        String id = backfills.start("orders", input, "oncall").backfill().id();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            node.dispatchDue();
            BackfillProgress p = backfills.progress(id);
            if (p.backfill().state().isFinal()) {
                assertThat(node.awaitIdle(Duration.ofSeconds(10))).isTrue();
                return p;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("backfill " + id + " did not end: " + backfills.progress(id));
    }

    private RunRecord awaitEnd(String runId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            RunRecord r = runs.run(runId).orElseThrow();
            if (r.state().isTerminal()) {
                assertThat(node.awaitIdle(Duration.ofSeconds(10))).isTrue();
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " did not end: " + runs.run(runId));
    }

    private String statusOf(String shard, int id) {
        List<Map<String, Object>> rows = DuckDbLake.readTable(warehouse, "orders", "order_id").stream()
                .filter(r -> shard.equals(r.get("_shard")) && ((Number) r.get("order_id")).intValue() == id).toList();
        assertThat(rows).as(shard + "/" + id + " exactly once in the lake").hasSize(1);
        return (String) rows.get(0).get("status");
    }

    /** shard/id of every row in one partition. */
    private List<String> keysIn(String partition) {
        return DuckDbLake.readTable(warehouse, "orders", "_shard, order_id").stream().filter(r -> partition.equals("dt=" + r.get("dt")))
                .map(r -> r.get("_shard") + "/" + r.get("order_id")).collect(Collectors.toList());
    }

    private static void insert(String shard, int id, String status, LocalDateTime updatedAt) throws Exception {
        shards.execute(shard, "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES (" + id + ", '" + status
                + "', 1.00, NULL, NULL, '" + updatedAt + "')");
    }

    private static String day(int offset) {
        return TODAY.plusDays(offset).toString();
    }

    private static BackfillInput input(String from, String to, List<String> shardIds, boolean dryRun) {
        return new BackfillInput(from, to, shardIds, null, null, null, Boolean.toString(dryRun));
    }
}
