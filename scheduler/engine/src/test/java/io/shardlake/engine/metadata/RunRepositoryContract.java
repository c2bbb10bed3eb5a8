package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.engine.definition.AllowedWindow;
import io.shardlake.engine.backfill.Backfill;
import io.shardlake.engine.backfill.BackfillState;
import io.shardlake.engine.backfill.BackfillStore;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.run.LeaseLostException;
import io.shardlake.engine.run.LoadCheckpoint;
import io.shardlake.engine.lake.KeyDelta;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.ShardTaskRef;
import io.shardlake.engine.run.TailDigest;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.run.Watermark;
import io.shardlake.engine.run.WatermarkConflictException;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata database must do for the run queue, shard tasks and watermarks; one
 * subclass per database runs it on the production migrations.
 */
abstract class RunRepositoryContract {

    private static final ShardReadCost READ = new ShardReadCost("cursor index", 10, 1_000, 12L, 5);

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00.123Z");
    private static final LocalDateTime W1 = LocalDateTime.parse("2026-11-23T11:59:55.123456");
    private static final RunQueue.ClaimLimits LIMITS = new RunQueue.ClaimLimits(3, 2);

    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private RunRepository runs;
    private RunQueue queue;
    private DataSource dataSource;
    private String pipeline;

    /** The subclass's database; migrated with the production migrations once per class. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        DataSource ds = DATABASES.computeIfAbsent(getClass(), c -> io.shardlake.engine.run.MetadataDatabases.migrated(dataSource()));
        dataSource = ds;
        runs = new JdbcRunRepository(ds);
        queue = new JdbcRunQueue(ds);
        pipeline = "p_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private RunRecord queued(TriggerKind kind, String key, Instant end) {
        return RunRecord.queued(UUID.randomUUID().toString(), pipeline, key, kind, "v1", new DataInterval(end.minusSeconds(900), end), AT,
                kind == TriggerKind.BACKFILL ? "bf1" : null, List.of());
    }

    private RunRecord enqueue(TriggerKind kind) {
        return queue.enqueue(queued(kind, "k:" + UUID.randomUUID(), AT)).run();
    }

    private RunRecord claimed(TriggerKind kind) {
        RunRecord run = enqueue(kind);
        return queue.claim(run.id(), LIMITS, "node-a", AT, AT.plusSeconds(30)).orElseThrow();
    }

    private static ShardTaskRef task(RunRecord run, String shard) {
        return new ShardTaskRef(run.id(), shard, 1, run.attempt());
    }

    @Test
    void runSequencesRiseStrictlyAcrossNodesAllocatingAtTheSameTime() throws Exception {
        RunRepository otherNode = new JdbcRunRepository(dataSource);
        long before = runs.nextRunSequence();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                RunRepository node = t % 2 == 0 ? runs : otherNode;
                results.add(threads.submit(() -> {
                    List<Long> taken = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        taken.add(node.nextRunSequence());
                    }
                    return taken;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                List<Long> taken = result.get(1, TimeUnit.MINUTES);
                assertThat(taken).as("one thread's sequences rise").isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
                all.addAll(taken);
            }
            assertThat(all).hasSize(100).doesNotHaveDuplicates().allSatisfy(seq -> assertThat(seq).isGreaterThan(before));
            assertThat(otherNode.nextRunSequence()).isGreaterThan(all.stream().mapToLong(Long::longValue).max().orElseThrow());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRunIsQueuedClaimedAndFinishedWithItsTotalsAndInterval() {
        RunRecord run = enqueue(TriggerKind.SCHEDULED);
        assertThat(run.state()).isEqualTo(RunState.QUEUED);
        assertThat(queue.queued(10_000)).extracting(RunRecord::id).contains(run.id());

        RunRecord claimed = queue.claim(run.id(), LIMITS, "node-a", AT.plusSeconds(1), AT.plusSeconds(31)).orElseThrow();
        assertThat(claimed.state()).isEqualTo(RunState.RUNNING);
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.leaseOwner()).isEqualTo("node-a");
        assertThat(claimed.startedAt()).isEqualTo(AT.plusSeconds(1));
        assertThat(queue.finish(claimed, RunState.FAILED, new ShardCounts(10, 0, 9, 1, 2, 300), "shard02: boom", AT.plusSeconds(5))).isTrue();

        RunRecord done = runs.run(run.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(RunState.FAILED);
        assertThat(done.totals().rowsWritten()).isEqualTo(9);
        assertThat(done.totals().bytes()).isEqualTo(300);
        assertThat(done.interval()).isEqualTo(new DataInterval(AT.minusSeconds(900), AT));
        assertThat(done.finishedAt()).isEqualTo(AT.plusSeconds(5));
        assertThat(done.error()).isEqualTo("shard02: boom");
        assertThat(done.leaseOwner()).isNull();
        assertThat(runs.recentRuns(pipeline, 5)).extracting(RunRecord::id).containsExactly(run.id());
        assertThat(runs.lastRuns(List.of(pipeline, "no-such-pipeline")).get(pipeline).id()).isEqualTo(run.id());
    }

    @Test
    void anIntervalIsQueuedOnceHoweverManyNodesEnqueueIt() {
        RunQueue.Enqueued first = queue.enqueue(queued(TriggerKind.SCHEDULED, "scheduled:1", AT));
        RunQueue.Enqueued again = queue.enqueue(queued(TriggerKind.CATCHUP, "scheduled:1", AT));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.run().id()).isEqualTo(first.run().id());
        assertThat(runs.recentRuns(pipeline, 10)).hasSize(1);
        assertThat(queue.lastScheduledIntervalEnd(pipeline)).contains(AT);
    }

    @Test
    void theLastScheduledIntervalOfEveryPipelineIsReadInOneQuery() {
        queue.enqueue(queued(TriggerKind.FIRST_RUN, "scheduled:1", AT));
        queue.enqueue(queued(TriggerKind.CATCHUP, "scheduled:2", AT.plusSeconds(900)));
        queue.enqueue(queued(TriggerKind.MANUAL, "manual:1", AT.plusSeconds(1800)));
        String other = pipeline + "_b";
        queue.enqueue(RunRecord.queued(UUID.randomUUID().toString(), other, "scheduled:3", TriggerKind.SCHEDULED, "v1",
                new DataInterval(AT.minusSeconds(900), AT), AT, null, List.of()));
        String manualOnly = pipeline + "_m";
        queue.enqueue(RunRecord.queued(UUID.randomUUID().toString(), manualOnly, "manual:2", TriggerKind.MANUAL, "v1",
                new DataInterval(AT.minusSeconds(900), AT), AT, null, List.of()));

        Map<String, Instant> ends = queue.lastScheduledIntervalEnds();

        assertThat(ends).containsEntry(pipeline, AT.plusSeconds(900)).containsEntry(other, AT).doesNotContainKey(manualOnly);
        assertThat(ends.get(pipeline)).as("the same as the one-pipeline query").isEqualTo(queue.lastScheduledIntervalEnd(pipeline).orElseThrow());
    }

    @Test
    void aRunIsClaimedByOneNodeOnly() {
        RunRecord run = enqueue(TriggerKind.SCHEDULED);
        assertThat(queue.claim(run.id(), LIMITS, "node-a", AT, AT.plusSeconds(30))).isPresent();
        assertThat(queue.claim(run.id(), LIMITS, "node-b", AT, AT.plusSeconds(30))).isEmpty();
    }

    @Test
    void aPipelineRunsOneIncrementalRunAtATimeAndAtMostMaxActiveRunsInAll() {
        RunRecord running = claimed(TriggerKind.SCHEDULED);
        RunRecord next = enqueue(TriggerKind.MANUAL);
        assertThat(queue.claim(next.id(), LIMITS, "node-b", AT, AT.plusSeconds(30))).isEmpty();

        RunRecord chunk1 = claimed(TriggerKind.BACKFILL);
        RunRecord chunk2 = claimed(TriggerKind.BACKFILL);
        assertThat(chunk1.state()).isEqualTo(RunState.RUNNING);
        RunRecord chunk3 = enqueue(TriggerKind.BACKFILL);
        assertThat(queue.claim(chunk3.id(), new RunQueue.ClaimLimits(10, 2), "node-a", AT, AT.plusSeconds(30))).isEmpty();
        assertThat(queue.finish(chunk2, RunState.SUCCEEDED, ShardCounts.NONE, null, AT)).isTrue();
        assertThat(queue.claim(chunk3.id(), new RunQueue.ClaimLimits(2, 2), "node-a", AT, AT.plusSeconds(30)))
                .as("the incremental run and one chunk reach max_active 2").isEmpty();

        queue.finish(running, RunState.SUCCEEDED, ShardCounts.NONE, null, AT);
        assertThat(queue.claim(next.id(), LIMITS, "node-b", AT, AT.plusSeconds(30))).isPresent();
    }

    @Test
    void pausedPipelinesAreNotClaimedUntilResumed() {
        RunRecord run = enqueue(TriggerKind.SCHEDULED);
        queue.setPaused(pipeline, true, "alice", AT);
        assertThat(queue.pausedPipelines()).contains(pipeline);
        assertThat(queue.isPaused(pipeline)).isTrue();
        assertThat(queue.claim(run.id(), LIMITS, "node-a", AT, AT.plusSeconds(30))).isEmpty();

        queue.setPaused(pipeline, false, "alice", AT);
        assertThat(queue.pausedPipelines()).doesNotContain(pipeline);
        assertThat(queue.isPaused(pipeline)).isFalse();
        assertThat(queue.claim(run.id(), LIMITS, "node-a", AT, AT.plusSeconds(30))).isPresent();
    }

    @Test
    void anExpiredLeaseIsQueuedAgainAndTheOldAttemptCanNeitherCommitNorFinish() {
        RunRecord first = claimed(TriggerKind.SCHEDULED);
        runs.startShardRun(task(first, "shard01"), pipeline, new ExtractWindow(null, W1), AT);
        assertThat(queue.renewLeases("node-a", List.of(first.id()), AT.plusSeconds(40))).containsEntry(first.id(), "");

        assertThat(queue.requeueExpired(AT.plusSeconds(39))).doesNotContain(first.id());
        assertThat(queue.requeueExpired(AT.plusSeconds(41))).contains(first.id());
        assertThat(queue.renewLeases("node-a", List.of(first.id()), AT.plusSeconds(60))).doesNotContainKey(first.id());
        RunRecord second = queue.claim(first.id(), LIMITS, "node-b", AT.plusSeconds(42), AT.plusSeconds(72)).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);

        assertThatThrownBy(() -> runs.commitShard(task(first, "shard01"), pipeline, ShardCounts.NONE, null,
                new Watermark(W1, TailDigest.empty()), AT, AT)).isInstanceOf(LeaseLostException.class);
        assertThat(runs.watermark(pipeline, "shard01")).isEmpty();
        assertThat(queue.finish(first, RunState.SUCCEEDED, ShardCounts.NONE, null, AT)).isFalse();
        assertThat(queue.finish(second, RunState.SUCCEEDED, ShardCounts.NONE, null, AT)).isTrue();
    }

    @Test
    void onlyTheRunsANodeStillExecutesAreRenewedSoAnOrphanedRunExpires() {
        RunRecord executing = claimed(TriggerKind.SCHEDULED);
        RunRecord orphaned = claimed(TriggerKind.BACKFILL);

        assertThat(queue.renewLeases("node-a", List.of(executing.id()), AT.plusSeconds(90))).containsOnlyKeys(executing.id());
        assertThat(queue.renewLeases("node-b", List.of(executing.id()), AT.plusSeconds(90))).as("not node-b's").isEmpty();

        assertThat(queue.requeueExpired(AT.plusSeconds(60))).contains(orphaned.id()).doesNotContain(executing.id());
    }

    @Test
    void onlyTasksThatCanNoLongerCommitAreListedForRecovery() {
        RunRecord first = claimed(TriggerKind.SCHEDULED);
        ShardTaskRef dead = task(first, "shard03");
        runs.startShardRun(dead, pipeline, new ExtractWindow(null, W1), AT);
        List<PublishedFile> files = List.of(new PublishedFile("orders/dt=2026-11-23/a.parquet", PublishedFile.Kind.DATA, 5, 50),
                new PublishedFile("_quarantine/orders/dt=2026-11-23/a.jsonl", PublishedFile.Kind.QUARANTINE, 1, 10));
        runs.markPublishing(dead, files, READ);
        ShardTaskRef other = new ShardTaskRef(UUID.randomUUID().toString(), "shard03", 1, 1);

        assertThat(runs.unfinishedShardRuns(pipeline, other)).as("its run is held by a live node").isEmpty();

        queue.requeueExpired(AT.plusSeconds(31));
        assertThat(runs.unfinishedShardRuns(pipeline, other)).singleElement().satisfies(u -> {
            assertThat(u.task()).isEqualTo(dead);
            assertThat(u.state()).isEqualTo(ShardRunState.PUBLISHING);
            assertThat(u.files()).isEqualTo(files);
        });

        runs.endShardRun(dead, ShardRunState.ABANDONED, ShardCounts.NONE, "recovered", AT);
        assertThat(runs.unfinishedShardRuns(pipeline, other)).isEmpty();
    }

    @Test
    void aNodeThatLostTheRunCannotStartShardAttemptsThatWouldTakeTheNewHoldersNumbers() {
        RunRecord first = claimed(TriggerKind.SCHEDULED);
        runs.startShardRun(task(first, "shard01"), pipeline, new ExtractWindow(null, W1), AT);
        queue.requeueExpired(AT.plusSeconds(41));
        RunRecord second = queue.claim(first.id(), LIMITS, "node-b", AT.plusSeconds(42), AT.plusSeconds(72)).orElseThrow();
        int next = runs.nextTaskAttempt(second.id(), "shard01");

        assertThatThrownBy(() -> runs.startShardRun(new ShardTaskRef(first.id(), "shard01", next, first.attempt()), pipeline,
                new ExtractWindow(null, W1), AT)).isInstanceOf(LeaseLostException.class);
        runs.startShardRun(new ShardTaskRef(second.id(), "shard01", next, second.attempt()), pipeline, new ExtractWindow(null, W1), AT);

        assertThat(runs.shardRuns(first.id())).extracting(ShardRunRecord::attempt).containsExactly(1, next);
    }

    @Test
    void aSliceCommitsItsFilesAndCheckpointTogetherSoRecoveryKeepsThemAndTheLastSliceDropsTheCheckpoint() {
        String stream = pipeline + "@v2";
        RunRecord first = claimed(TriggerKind.REBUILD);
        ShardTaskRef dying = task(first, "shard01");
        runs.startShardRun(dying, stream, new ExtractWindow(null, W1), AT);
        PublishedFile slice1 = new PublishedFile("orders__v2/dt=2026-11-23/a-0001.parquet", PublishedFile.Kind.DATA, 100, 1_000);
        PublishedFile slice2 = new PublishedFile("orders__v2/dt=2026-11-23/a-s1-0001.parquet", PublishedFile.Kind.DATA, 100, 1_000);
        TailDigest.Builder tail = TailDigest.empty().next(W1.minusMinutes(10));
        tail.add(W1.minusSeconds(1), new Object[] {42L});
        LoadCheckpoint afterSlice1 = new LoadCheckpoint(W1, List.of(100L, "b"), tail.build(), new ShardCounts(100, 0, 100, 0, 1, 1_000));
        assertThat(runs.checkpoint(stream, "shard01")).isEmpty();

        runs.markPublishing(dying, 0, List.of(slice1), READ);
        runs.commitSlice(dying, stream, null, afterSlice1, new ShardCounts(100, 0, 100, 0, 1, 1_000), KeyDelta.Written.NONE, AT);
        runs.markPublishing(dying, 1, List.of(slice2), READ); // then the process dies

        assertThat(runs.checkpoint(stream, "shard01")).hasValueSatisfying(c -> {
            assertThat(c.until()).isEqualTo(W1);
            assertThat(c.after()).containsExactly(100L, "b");
            assertThat(c.tail().from()).isEqualTo(W1.minusMinutes(10));
            assertThat(c.tail().contains(W1.minusSeconds(1), new Object[] {42L})).isTrue();
            assertThat(c.loaded().rowsWritten()).isEqualTo(100);
        });
        assertThat(runs.shardRuns(first.id())).singleElement().satisfies(s -> assertThat(s.counts().rowsRead()).isEqualTo(100));
        assertThat(runs.files(dying)).containsExactly(slice1, slice2);
        queue.requeueExpired(AT.plusSeconds(31));
        RunRecord second = queue.claim(first.id(), LIMITS, "node-b", AT.plusSeconds(32), AT.plusSeconds(62)).orElseThrow();
        ShardTaskRef next = new ShardTaskRef(second.id(), "shard01", 2, second.attempt());
        assertThat(runs.unfinishedShardRuns(stream, next)).singleElement()
                .satisfies(u -> assertThat(u.files()).as("only the uncommitted slice's").containsExactly(slice2));

        assertThatThrownBy(() -> runs.commitSlice(dying, stream, afterSlice1, afterSlice1, ShardCounts.NONE, KeyDelta.Written.NONE, AT))
                .isInstanceOf(LeaseLostException.class);
        runs.startShardRun(next, stream, new ExtractWindow(null, W1), AT);
        LoadCheckpoint stale = new LoadCheckpoint(W1, List.of(7L, "a"), tail.build(), ShardCounts.NONE);
        assertThatThrownBy(() -> runs.commitSlice(next, stream, stale, afterSlice1, ShardCounts.NONE, KeyDelta.Written.NONE, AT))
                .isInstanceOf(WatermarkConflictException.class);
        assertThatThrownBy(() -> runs.commitSlice(next, stream, null, afterSlice1, ShardCounts.NONE, KeyDelta.Written.NONE, AT))
                .as("a second first slice").isInstanceOf(WatermarkConflictException.class);
        LoadCheckpoint afterSlice2 = new LoadCheckpoint(W1, List.of(200L, "a"), tail.build(), new ShardCounts(200, 0, 200, 0, 2, 2_000));
        runs.commitSlice(next, stream, afterSlice1, afterSlice2, new ShardCounts(100, 0, 100, 0, 1, 1_000), KeyDelta.Written.NONE, AT);
        assertThat(runs.checkpoint(stream, "shard01")).hasValueSatisfying(c -> assertThat(c.after()).containsExactly(200L, "a"));

        runs.commitShard(next, stream, new ShardCounts(150, 0, 150, 0, 2, 1_500), null, new Watermark(W1, tail.build()), AT, AT);

        assertThat(runs.checkpoint(stream, "shard01")).as("dropped with the watermark's commit").isEmpty();
        assertThat(runs.watermark(stream, "shard01")).hasValueSatisfying(w -> assertThat(w.cursor()).isEqualTo(W1));
        assertThatThrownBy(() -> runs.commitSlice(next, stream, null, afterSlice1, ShardCounts.NONE, KeyDelta.Written.NONE, AT))
                .as("the load has committed").isInstanceOf(WatermarkConflictException.class);
    }

    @Test
    void aRunsOwnEarlierAttemptOfAShardIsListedForRecovery() {
        RunRecord run = claimed(TriggerKind.SCHEDULED);
        runs.startShardRun(task(run, "shard02"), pipeline, new ExtractWindow(null, W1), AT);
        runs.markPublishing(task(run, "shard02"), List.of(), READ);

        assertThat(runs.nextTaskAttempt(run.id(), "shard02")).isEqualTo(2);
        assertThat(runs.unfinishedShardRuns(pipeline, new ShardTaskRef(run.id(), "shard02", 2, run.attempt())))
                .extracting(u -> u.task().attempt()).containsExactly(1);
    }

    @Test
    void theReadCostIsRecordedWithThePublishingStateAndReadBack() {
        RunRecord run = claimed(TriggerKind.SCHEDULED);
        runs.startShardRun(task(run, "shard03"), pipeline, new ExtractWindow(null, W1), AT);
        assertThat(runs.shardRuns(run.id())).singleElement().extracting(ShardRunRecord::read).as("nothing read yet").isNull();

        runs.markPublishing(task(run, "shard03"), List.of(), new ShardReadCost("primary-key scan", 900, 1_000, null, 1_234));

        assertThat(runs.shardRuns(run.id())).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(ShardRunState.PUBLISHING);
            assertThat(s.read()).isEqualTo(new ShardReadCost("primary-key scan", 900, 1_000, null, 1_234));
        });
        runs.markPublishing(task(run, "shard03"), List.of(), READ);
        assertThat(runs.shardRuns(run.id()).get(0).read().rowsExamined()).isEqualTo(READ.rowsExamined());
    }

    @Test
    void aCommittedShardMovesTheWatermarkWithItsTailDigestExactly() {
        RunRecord run = claimed(TriggerKind.SCHEDULED);
        runs.startShardRun(task(run, "shard01"), pipeline, new ExtractWindow(null, W1), AT);
        TailDigest.Builder tail = TailDigest.empty().next(W1.minusMinutes(10));
        tail.add(W1.minusSeconds(1), new Object[] {7L});

        runs.commitShard(task(run, "shard01"), pipeline, new ShardCounts(3, 1, 2, 0, 1, 100), null, new Watermark(W1, tail.build()), AT, AT);

        Watermark w = runs.watermark(pipeline, "shard01").orElseThrow();
        assertThat(w.cursor()).isEqualTo(W1);
        assertThat(w.tail().from()).isEqualTo(W1.minusMinutes(10));
        assertThat(w.tail().contains(W1.minusSeconds(1), new Object[] {7L})).isTrue();
        assertThat(runs.watermarks(pipeline)).containsExactly(Map.entry("shard01", W1));
        assertThat(runs.oldestWatermarks()).containsEntry(pipeline, AT);
        assertThat(runs.shardRuns(run.id())).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(ShardRunState.SUCCEEDED);
            assertThat(s.attempt()).isEqualTo(1);
            assertThat(s.windowFrom()).isNull();
            assertThat(s.windowUntil()).isEqualTo("2026-11-23 11:59:55.123456");
            assertThat(s.counts().rowsSkipped()).isEqualTo(1);
        });
    }

    @Test
    void aBinlogPositionIsCommittedWithTheWatermarkAndAStaleOneIsRefusedEvenWhenTheCursorStayed() {
        RunRecord first = claimed(TriggerKind.SCHEDULED);
        runs.startShardRun(task(first, "shard01"), pipeline, new ExtractWindow(null, W1), AT);
        runs.commitShard(task(first, "shard01"), pipeline, ShardCounts.NONE, null,
                new Watermark(W1, TailDigest.empty(), "binlog.000001:400;gtid=0-1-7;server=1"), AT, AT);
        queue.finish(first, RunState.SUCCEEDED, ShardCounts.NONE, null, AT);
        RunRecord second = claimed(TriggerKind.SCHEDULED);
        runs.startShardRun(task(second, "shard01"), pipeline, null, AT);
        Watermark committed = runs.watermark(pipeline, "shard01").orElseThrow();
        assertThat(committed.binlog()).isEqualTo("binlog.000001:400;gtid=0-1-7;server=1");

        // a batch that did not see the committed position (same cursor, older position) must not overwrite it
        assertThatThrownBy(() -> runs.commitShard(task(second, "shard01"), pipeline, ShardCounts.NONE,
                new Watermark(W1, TailDigest.empty(), "binlog.000001:4;server=1"),
                new Watermark(W1, TailDigest.empty(), "binlog.000001:900;server=1"), AT, AT))
                .isInstanceOf(WatermarkConflictException.class);
        runs.commitShard(task(second, "shard01"), pipeline, ShardCounts.NONE, committed,
                new Watermark(W1, TailDigest.empty(), "binlog.000002:120;gtid=0-1-9;server=1"), AT, AT);
        assertThat(runs.watermark(pipeline, "shard01").orElseThrow().binlog()).isEqualTo("binlog.000002:120;gtid=0-1-9;server=1");
    }

    @Test
    void aCommitOnAWatermarkSomeoneElseMovedIsRefusedAndChangesNothing() {
        RunRecord first = claimed(TriggerKind.SCHEDULED);
        runs.startShardRun(task(first, "shard01"), pipeline, new ExtractWindow(null, W1), AT);
        runs.commitShard(task(first, "shard01"), pipeline, ShardCounts.NONE, null, new Watermark(W1, TailDigest.empty()), AT, AT);
        queue.finish(first, RunState.SUCCEEDED, ShardCounts.NONE, null, AT);
        RunRecord second = claimed(TriggerKind.SCHEDULED);
        runs.startShardRun(task(second, "shard01"), pipeline, new ExtractWindow(W1, W1.plusMinutes(1)), AT);
        Watermark stale = new Watermark(W1.minusMinutes(1), TailDigest.empty());

        assertThatThrownBy(() -> runs.commitShard(task(second, "shard01"), pipeline, ShardCounts.NONE, stale,
                new Watermark(W1.plusMinutes(1), TailDigest.empty()), AT, AT))
                .isInstanceOf(WatermarkConflictException.class);
        assertThat(runs.watermark(pipeline, "shard01").orElseThrow().cursor()).isEqualTo(W1);
        assertThat(runs.shardRuns(second.id())).singleElement().extracting(s -> s.state()).isEqualTo(ShardRunState.RUNNING);
    }

    @Test
    void aQueuedRunIsCancelledAtOnceAndARunningOneIsAskedToStop() {
        RunRecord waiting = enqueue(TriggerKind.MANUAL);
        assertThat(queue.requestCancel(waiting.id(), "cancelled by alice", AT)).contains(RunState.CANCELLED);
        assertThat(runs.run(waiting.id()).orElseThrow().error()).isEqualTo("cancelled by alice");

        RunRecord running = claimed(TriggerKind.SCHEDULED);
        assertThat(queue.requestCancel(running.id(), "cancelled by bob", AT)).contains(RunState.RUNNING);
        assertThat(queue.renewLeases("node-a", List.of(running.id()), AT.plusSeconds(30))).containsEntry(running.id(), "cancelled by bob");
        assertThat(queue.requestCancel(UUID.randomUUID().toString(), "x", AT)).isEmpty();
    }

    @Test
    void completedRunsEndingAfterAnInstantAreListedByIntervalStart() {
        RunRecord a = queue.enqueue(queued(TriggerKind.SCHEDULED, "scheduled:a", AT)).run();
        RunRecord b = queue.enqueue(queued(TriggerKind.SCHEDULED, "scheduled:b", AT.plusSeconds(900))).run();
        RunRecord claimedA = queue.claim(a.id(), LIMITS, "n", AT, AT.plusSeconds(30)).orElseThrow();
        queue.finish(claimedA, RunState.SUCCEEDED, ShardCounts.NONE, null, AT);
        RunRecord claimedB = queue.claim(b.id(), LIMITS, "n", AT, AT.plusSeconds(30)).orElseThrow();
        queue.finish(claimedB, RunState.SKIPPED, ShardCounts.NONE, null, AT);

        assertThat(queue.completedEndingAfter(pipeline, AT.minusSeconds(1))).extracting(RunRecord::id).containsExactly(a.id(), b.id());
        assertThat(queue.completedEndingAfter(pipeline, AT)).extracting(RunRecord::id).containsExactly(b.id());
    }

    @Test
    void aDefinitionVersionIsStoredOnceWithItsExactText() {
        queue.saveDefinitionVersion(pipeline, "abc", pipeline + ".yaml", "name: x # ünï", AT);
        queue.saveDefinitionVersion(pipeline, "abc", pipeline + ".yaml", "other text", AT);

        assertThat(queue.definitionText(pipeline, "abc")).contains("name: x # ünï");
        assertThat(queue.definitionText(pipeline, "nope")).isEmpty();
    }

    @Test
    void longErrorsAreClippedInsteadOfFailingTheRecord() {
        RunRecord run = claimed(TriggerKind.SCHEDULED);
        queue.finish(run, RunState.FAILED, ShardCounts.NONE, "x".repeat(10_000), AT);

        assertThat(runs.run(run.id()).orElseThrow().error()).hasSize(4000).endsWith("...");
    }

    @Test
    void aBackfillAndItsChunkRunsAreCreatedTogetherOrNotAtAll() {
        Backfill b = backfill("bf-" + UUID.randomUUID());
        RunRecord chunk = chunkRun(b.id(), 0);
        store().create(b, List.of(chunk));

        assertThat(store().byId(b.id())).hasValueSatisfying(read -> {
            assertThat(read).usingRecursiveComparison().isEqualTo(b);
            assertThat(read.allowedWindow().toString()).isEqualTo("22:00-06:00 Europe/Berlin");
        });
        assertThat(runs.backfillRuns(b.id())).extracting(RunRecord::id).containsExactly(chunk.id());
        assertThat(store().unfinished(pipeline)).extracting(Backfill::id).containsExactly(b.id());

        Backfill second = backfill("bf-" + UUID.randomUUID());
        RunRecord clash = RunRecord.queued(UUID.randomUUID().toString(), pipeline, chunk.runKey(), TriggerKind.BACKFILL, "v1",
                chunk.interval(), AT, second.id(), List.of());
        assertThatThrownBy(() -> store().create(second, List.of(chunkRun(second.id(), 0), clash)))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        assertThat(store().byId(second.id())).isEmpty();
        assertThat(runs.backfillRuns(second.id())).isEmpty();
    }

    @Test
    void aBackfillStateChangesOnlyFromTheStatesGiven() {
        Backfill b = backfill("bf-" + UUID.randomUUID());
        store().create(b, List.of());

        assertThat(store().changeState(b.id(), java.util.Set.of(BackfillState.PAUSED), BackfillState.ACTIVE, null, AT)).isFalse();
        assertThat(store().changeState(b.id(), java.util.Set.of(BackfillState.ACTIVE), BackfillState.PAUSED, "by oncall", AT)).isTrue();
        assertThat(store().unfinished(pipeline)).singleElement().satisfies(read -> assertThat(read.state()).isEqualTo(BackfillState.PAUSED));
        assertThat(store().changeState(b.id(), java.util.Set.of(BackfillState.ACTIVE, BackfillState.PAUSED), BackfillState.CANCELLED,
                null, AT.plusSeconds(1))).isTrue();
        assertThat(store().byId(b.id())).hasValueSatisfying(read -> {
            assertThat(read.state()).isEqualTo(BackfillState.CANCELLED);
            assertThat(read.reason()).isEqualTo("by oncall");
            assertThat(read.changedAt()).isEqualTo(AT.plusSeconds(1));
        });
        assertThat(store().unfinished(pipeline)).isEmpty();
    }

    @Test
    void aChunkTaskCommitsWithoutAWatermarkAndOnlyWhileItsRunIsHeld() {
        RunRecord run = claimed(TriggerKind.BACKFILL);
        ShardTaskRef t = task(run, "s1");
        runs.startShardRun(t, pipeline, new ExtractWindow(W1.minusDays(1), W1), AT);
        runs.commitChunkShard(t, new ShardCounts(5, 0, 5, 0, 1, 100), AT);

        assertThat(runs.shardRuns(run.id())).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(ShardRunState.SUCCEEDED));
        assertThat(runs.watermarkInstants(pipeline)).isEmpty();

        ShardTaskRef stale = new ShardTaskRef(run.id(), "s2", 1, run.attempt());
        runs.startShardRun(stale, pipeline, null, AT);
        queue.requeueExpired(AT.plusSeconds(31));
        assertThatThrownBy(() -> runs.commitChunkShard(stale, ShardCounts.NONE, AT)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aPartitionGenerationBecomesLiveOnlyOverTheOneItReplaces() {
        PartitionGenerations g = new JdbcPartitionGenerations(dataSource);
        String table = "t_" + pipeline;

        assertThat(g.replace(table, "dt=2026-11-01", PartitionGenerations.ORIGINAL, "r1", "t/dt=2026-11-01/", "t/_g/retired-by-r1/", AT))
                .isTrue();
        // a second "first" replacement, or one over a generation no longer live, changes nothing
        assertThat(g.replace(table, "dt=2026-11-01", PartitionGenerations.ORIGINAL, "r2", "x/", null, AT)).isFalse();
        assertThat(g.replace(table, "dt=2026-11-01", "r0", "r2", "x/", null, AT)).isFalse();
        assertThat(g.live(table, "dt=2026-11-01")).hasValueSatisfying(live -> assertThat(live.runId()).isEqualTo("r1"));

        assertThat(g.replace(table, "dt=2026-11-01", "r1", "r2", "t/dt=2026-11-01/", "t/_g/retired-by-r2/", AT.plusSeconds(60))).isTrue();
        assertThat(g.live(table, "dt=2026-11-01")).hasValueSatisfying(live -> assertThat(live.runId()).isEqualTo("r2"));
        List<PartitionGenerations.Generation> retired = g.retiredBefore(AT.plusSeconds(61), 10).stream()
                .filter(r -> r.table().equals(table)).toList();
        assertThat(retired).extracting(PartitionGenerations.Generation::runId).containsExactly(PartitionGenerations.ORIGINAL, "r1");
        assertThat(retired).extracting(PartitionGenerations.Generation::location).containsExactly("t/_g/retired-by-r1/", "t/_g/retired-by-r2/");

        retired.forEach(g::forget);
        assertThat(g.retiredBefore(AT.plusSeconds(61), 10)).noneMatch(r -> r.table().equals(table));
        // the original's row stays as the guard: a "first" replacement is still refused
        assertThat(g.replace(table, "dt=2026-11-01", PartitionGenerations.ORIGINAL, "r3", "x/", null, AT)).isFalse();
        assertThat(g.live(table, "dt=2026-11-01")).hasValueSatisfying(live -> assertThat(live.runId()).isEqualTo("r2"));
    }

    private BackfillStore store() {
        return new JdbcBackfillStore(dataSource);
    }

    private Backfill backfill(String id) {
        return new Backfill(id, pipeline, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"),
                List.of("s1", "s2"), 2, new AllowedWindow(java.time.LocalTime.of(22, 0), java.time.LocalTime.of(6, 0),
                java.time.ZoneId.of("Europe/Berlin")), 1, BackfillState.ACTIVE, AT, AT, null);
    }

    private RunRecord chunkRun(String backfillId, int index) {
        return RunRecord.queued(UUID.randomUUID().toString(), pipeline, Backfill.chunkRunKey(backfillId, index), TriggerKind.BACKFILL, "v1",
                new DataInterval(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z")), AT, backfillId,
                List.of("s1"));
    }
}
