package io.shardlake.engine.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.definition.RunPolicy;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes sharing one queue: dispatch under the pipeline's limits, one node per run, take-over of a
 * run whose node stopped heartbeating (with the shards it committed kept and no duplicate rows),
 * cancel, and upstream waits. The loops are called directly; leases are measured against the
 * system clock but kept short.
 */
class RunCoordinatorIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(3);

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path tmp;

    private DataSource metadata;
    private RunQueue queue;
    private JdbcRunRepository runs;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void createTables() throws Exception {
        shards.executeOnAll(OrdersPipeline.DDL);
    }

    @BeforeEach
    void freshState() throws Exception {
        shards.executeOnAll("TRUNCATE TABLE orders");
        for (String shard : shards.shardIds()) {
            for (int i = 1; i <= 30; i++) {
                shards.execute(shard, "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES (" + i
                        + ", 'new', 1.00, NULL, NULL, UTC_TIMESTAMP(3) - INTERVAL " + (i * 60) + " SECOND)");
            }
        }
        metadata = MetadataDatabases.h2("coordinator" + DATABASES.incrementAndGet());
        queue = new JdbcRunQueue(metadata);
        runs = new JdbcRunRepository(metadata);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private RunCoordinator node(String id, PipelineDefinition definition, Duration lease) {
        return node(id, List.of(definition), lease, Clock.systemUTC(), null);
    }

    /**
     * @param clock    the coordinator's clock (leases, waits); shard tasks use the system clock
     * @param lagQuery the replica-lag query, e.g. one that sleeps to keep shard tasks busy
     */
    private RunCoordinator node(String id, List<PipelineDefinition> definitions, Duration lease, Clock clock, String lagQuery) {
        List<Shard> list = shards.shardIds().stream().map(s -> new Shard(s, shards.jdbcUrl(s))).toList();
        SourceConnections sources = new SourceConnections(List.of(
                new SourceConnection("shop", list, ZoneOffset.UTC, shards.user(), shards.password(), 2, lagQuery)));
        EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 1000, 100, 1, tmp.resolve("work-" + id), 2);
        PipelineRunner runner = new PipelineRunner(sources, runs, new LocalObjectStore(tmp.resolve("warehouse")), settings,
                Clock.systemUTC());
        DefinitionLookup lookup = new FixedDefinitions(definitions);
        RunCoordinator node = new RunCoordinator(queue, runner, lookup, RunListener.NONE, new CoordinatorSettings(id, lease, 4, 100),
                clock);
        closing.add(runner);
        closing.add(node);
        return node;
    }

    private RunScheduler scheduler() {
        return new RunScheduler(queue, Clock.systemUTC(), (d, at) -> { });
    }

    private static PipelineDefinition orders() {
        return OrdersPipeline.definition("shop", 0.01);
    }

    private RunRecord awaitEnd(String runId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            RunRecord r = runs.run(runId).orElseThrow();
            if (r.state().isTerminal()) {
                return r;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " did not end: " + runs.run(runId));
    }

    @Test
    void aQueuedRunIsStartedByOneNodeOnlyAndLoadsEveryRowOnce() throws Exception {
        RunCoordinator a = node("node-a", orders(), Duration.ofSeconds(30));
        RunCoordinator b = node("node-b", orders(), Duration.ofSeconds(30));
        RunRecord run = scheduler().enqueueScheduled(orders(), Instant.parse("2026-11-30T12:00:00Z")).orElseThrow().run();
        assertThat(run.interval().start()).isEqualTo(Instant.parse("2026-11-30T11:45:00Z"));

        int started = a.dispatchDue().size() + b.dispatchDue().size();

        assertThat(started).isEqualTo(1);
        RunRecord done = awaitEnd(run.id());
        assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(DuckDbLake.count(tmp.resolve("warehouse"), "orders")).isEqualTo(90);
    }

    @Test
    void theNodeIsToldWhenARunHasEndedWhileItsPipelinesNextRunWasHeldBack() throws Exception {
        RunCoordinator a = node("node-a", orders(), Duration.ofSeconds(30));
        List<java.util.Set<String>> activeWhenTold = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(1);
        a.onRunEnded(() -> {
            activeWhenTold.add(a.activeRunIds());
            told.countDown();
        });
        RunRecord first = scheduler().enqueueScheduled(orders(), Instant.parse("2026-11-30T12:00:00Z")).orElseThrow().run();
        RunRecord second = scheduler().enqueueScheduled(orders(), Instant.parse("2026-11-30T12:15:00Z")).orElseThrow().run();
        assertThat(a.dispatchDue()).extracting(RunRecord::id).containsExactly(first.id());

        assertThat(told.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(activeWhenTold).as("told once, after the run left the node's active runs").containsExactly(java.util.Set.of());
        assertThat(a.dispatchDue()).as("the pipeline's next run may start now").extracting(RunRecord::id).containsExactly(second.id());
    }

    @Test
    void aPipelinesIncrementalRunsRunOneAfterAnother() throws Exception {
        RunCoordinator a = node("node-a", orders(), Duration.ofSeconds(30));
        RunRecord first = scheduler().enqueueScheduled(orders(), Instant.parse("2026-11-30T12:00:00Z")).orElseThrow().run();
        RunRecord second = scheduler().enqueueScheduled(orders(), Instant.parse("2026-11-30T12:15:00Z")).orElseThrow().run();

        assertThat(a.dispatchDue()).extracting(RunRecord::id).containsExactly(first.id());
        awaitEnd(first.id());
        assertThat(a.dispatchDue()).extracting(RunRecord::id).containsExactly(second.id());
        RunRecord again = awaitEnd(second.id());
        assertThat(again.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(again.totals().rowsWritten()).as("the lookback re-read only rows already loaded").isZero();
        assertThat(DuckDbLake.count(tmp.resolve("warehouse"), "orders")).isEqualTo(90);
    }

    @Test
    void aRunWhoseNodeStoppedHeartbeatingIsContinuedByAnotherNodeWithoutDuplicates() throws Exception {
        // node-a claims the run but never heartbeats or executes: a process killed right after claiming.
        SettableClock clock = new SettableClock(Instant.now());
        RunRecord run = scheduler().enqueueScheduled(orders(), Instant.parse("2026-11-30T12:00:00Z")).orElseThrow().run();
        RunRecord claimed = queue.claim(run.id(), new RunQueue.ClaimLimits(3, 3), "node-a", clock.instant(),
                clock.instant().plusSeconds(30)).orElseThrow();
        RunCoordinator b = node("node-b", List.of(orders()), Duration.ofSeconds(30), clock, null);

        clock.advance(Duration.ofSeconds(29));
        assertThat(b.recoverExpired()).isEmpty();
        assertThat(b.dispatchDue()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(b.recoverExpired()).containsExactly(run.id());
        assertThat(b.dispatchDue()).hasSize(1);

        RunRecord done = awaitEnd(run.id());
        assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(claimed.attempt() + 1);
        assertThat(done.leaseOwner()).isNull();
        assertThat(queue.finish(claimed, RunState.FAILED, done.totals(), "late", Instant.now())).as("the old attempt is fenced").isFalse();
        assertThat(DuckDbLake.count(tmp.resolve("warehouse"), "orders")).isEqualTo(90);
    }

    @Test
    void aSecondRunReadsOnlyWhatChangedSinceTheFirst() throws Exception {
        RunCoordinator a = node("node-a", orders(), Duration.ofSeconds(30));
        RunRecord first = scheduler().enqueueManual(orders()).run();
        a.dispatchDue();
        awaitEnd(first.id());
        shards.execute("shard01", "INSERT INTO orders (id, status, amount, updated_at) VALUES (100, 'new', 1, UTC_TIMESTAMP(3))");
        shards.execute("shard02", "INSERT INTO orders (id, status, amount, updated_at) VALUES (100, 'new', 1, UTC_TIMESTAMP(3))");
        RunRecord second = scheduler().enqueueManual(orders()).run();
        a.dispatchDue();
        RunRecord done = awaitEnd(second.id());

        assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(runs.shardRuns(second.id())).extracting(s -> s.state()).containsOnly(ShardRunState.SUCCEEDED);
        assertThat(DuckDbLake.count(tmp.resolve("warehouse"), "orders")).isEqualTo(92);
    }

    @Test
    void aQueuedRunCancelledBeforeItStartsNeverRuns() throws Exception {
        RunCoordinator a = node("node-a", orders(), Duration.ofSeconds(30));
        RunRecord run = scheduler().enqueueManual(orders()).run();
        queue.requestCancel(run.id(), "cancelled by alice", Instant.now());

        assertThat(a.dispatchDue()).isEmpty();
        assertThat(runs.run(run.id()).orElseThrow().state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void aRunningRunIsStoppedByACancelWithinAHeartbeatAndLeavesNoFileAndNoWatermark() throws Exception {
        // Each shard task spends a second asking for the replica's lag, so the cancel lands mid-run.
        RunCoordinator a = node("node-a", List.of(orders()), Duration.ofSeconds(30), Clock.systemUTC(), "SELECT SLEEP(1)");
        RunRecord run = scheduler().enqueueManual(orders()).run();
        queue.setPaused("orders", true, "t", Instant.now());
        assertThat(a.dispatchDue()).as("paused").isEmpty();
        queue.setPaused("orders", false, "t", Instant.now());
        assertThat(a.dispatchDue()).hasSize(1);
        queue.requestCancel(run.id(), "cancelled by bob", Instant.now());
        a.heartbeat();

        RunRecord done = awaitEnd(run.id());
        assertThat(done.state()).isEqualTo(RunState.CANCELLED);
        assertThat(done.error()).startsWith("cancelled by bob");
        assertThat(runs.shardRuns(run.id())).extracting(s -> s.state()).doesNotContain(ShardRunState.SUCCEEDED, ShardRunState.PUBLISHING);
        assertThat(runs.watermarks("orders")).isEmpty();
        try (var paths = java.nio.file.Files.walk(tmp)) {
            assertThat(paths.filter(f -> f.toString().endsWith(".parquet"))).isEmpty();
        }
    }

    @Test
    void aDownstreamRunWaitsForItsUpstreamAndFailsNamingItAfterTheWait() throws Exception {
        RunPolicy p = OrdersPipeline.NO_RETRIES;
        PipelineDefinition downstream = withPolicy(orders(), "orders_daily", new RunPolicy(p.maxActiveRuns(), p.timeout(), 1, p.retryBackoff(),
                p.maxRetryBackoff(), p.catchup(), p.catchupMaxRuns(), List.of("orders"), Duration.ofMillis(500)));
        SettableClock clock = new SettableClock(Instant.now());
        RunCoordinator a = node("node-a", List.of(orders(), downstream), Duration.ofSeconds(30), clock, null);
        RunRecord run = scheduler().enqueueScheduled(downstream, Instant.parse("2026-11-30T12:00:00Z")).orElseThrow().run();

        assertThat(a.dispatchDue()).as("upstream has no run covering the interval").isEmpty();
        assertThat(runs.run(run.id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.dispatchDue()).isEmpty();
        RunRecord failed = runs.run(run.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        assertThat(failed.error()).contains("upstream 'orders' has not succeeded for [2026-11-30T11:45:00Z, 2026-11-30T12:00:00Z)");
    }

    private static PipelineDefinition withPolicy(PipelineDefinition d, String name, RunPolicy policy) {
        return new PipelineDefinition(name, d.description(), d.schedule(), d.source(), d.transform(), d.partition(), d.target(),
                d.quarantine(), policy, d.version());
    }
}
