package io.shardlake.engine.run;

import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Runs, shard task attempts and watermarks written straight into a metadata database through the
 * production queue and repository, for tests of what reads them back (metrics, freshness, alerts)
 * without running a pipeline.
 */
public final class RecordedRuns {

    private final RunQueue queue;
    private final RunRepository runs;

    public RecordedRuns(RunQueue queue, RunRepository runs) {
        this.queue = queue;
        this.runs = runs;
    }

    /** A scheduled run for {@code interval}, claimed (RUNNING) at {@code at}. */
    public RunRecord running(String pipeline, DataInterval interval, Instant at) {
        RunRecord queued = RunRecord.queued(UUID.randomUUID().toString(), pipeline, "scheduled:" + UUID.randomUUID(),
                TriggerKind.SCHEDULED, "v1", interval, at, null, List.of());
        queue.enqueue(queued);
        return queue.claim(queued.id(), new RunQueue.ClaimLimits(8, 8), "test-node", at, at.plusSeconds(600)).orElseThrow();
    }

    /** One attempt of a shard task of {@code run}, from {@code start} for {@code took}, ended in {@code state}. */
    public void shardAttempt(RunRecord run, String shard, ShardRunState state, Instant start, Duration took) {
        ShardTaskRef task = new ShardTaskRef(run.id(), shard, runs.nextTaskAttempt(run.id(), shard), run.attempt());
        runs.startShardRun(task, run.pipeline(), new ExtractWindow(null, LocalDateTime.ofInstant(start, ZoneOffset.UTC)), start);
        runs.endShardRun(task, state, ShardCounts.NONE, state == ShardRunState.FAILED ? "boom" : null, start.plus(took));
    }

    /** Like {@link #shardAttempt}, a SUCCEEDED attempt whose read is recorded to have cost {@code read}. */
    public void shardAttempt(RunRecord run, String shard, Instant start, Duration took, ShardReadCost read) {
        ShardTaskRef task = new ShardTaskRef(run.id(), shard, runs.nextTaskAttempt(run.id(), shard), run.attempt());
        runs.startShardRun(task, run.pipeline(), new ExtractWindow(null, LocalDateTime.ofInstant(start, ZoneOffset.UTC)), start);
        runs.markPublishing(task, List.of(), read);
        runs.endShardRun(task, ShardRunState.SUCCEEDED, ShardCounts.NONE, null, start.plus(took));
    }

    /** Moves the watermark of the pipeline's {@code shard} to {@code loadedUntil}, through a committed task of a new run. */
    public void watermark(String pipeline, String shard, Instant loadedUntil) {
        RunRecord run = running(pipeline, new DataInterval(loadedUntil.minusSeconds(900), loadedUntil), loadedUntil);
        ShardTaskRef task = new ShardTaskRef(run.id(), shard, 1, run.attempt());
        runs.startShardRun(task, pipeline, new ExtractWindow(null, LocalDateTime.ofInstant(loadedUntil, ZoneOffset.UTC)), loadedUntil);
        Watermark expected = runs.watermark(pipeline, shard).orElse(null);
        Watermark next = new Watermark(LocalDateTime.ofInstant(loadedUntil, ZoneOffset.UTC), TailDigest.empty());
        runs.commitShard(task, pipeline, ShardCounts.NONE, expected, next, loadedUntil, loadedUntil);
        queue.finish(run, RunState.SUCCEEDED, ShardCounts.NONE, null, loadedUntil);
    }
}
