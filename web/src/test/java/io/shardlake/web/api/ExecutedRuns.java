package io.shardlake.web.api;

import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.ShardTaskRef;
import io.shardlake.engine.run.TailDigest;
import io.shardlake.engine.run.Watermark;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Takes a queued run through the steps a node's runner records (claim, a task per shard, commit of
 * each shard's watermark, finish) without reading any source, so the API has real shard tasks,
 * watermarks and a finished run to show.
 */
public final class ExecutedRuns {

    /** What each shard's read is recorded to have cost: a primary-key scan examining 1.5 rows per row read. */
    public static final ShardReadCost READ_COST = new ShardReadCost("primary-key scan", 1_000, 1_200, 150L, 420);

    private final RunQueue queue;
    private final RunRepository runs;

    public ExecutedRuns(RunQueue queue, RunRepository runs) {
        this.queue = queue;
        this.runs = runs;
    }

    /** Each shard commits a window ending at its watermark instant (UTC cursor). */
    public RunRecord succeed(String runId, Map<String, Instant> watermarkPerShard, ShardCounts countsPerShard, Instant at) {
        return succeed(runId, watermarkPerShard, countsPerShard, Map.of(), at);
    }

    /** As above, each shard first recording the files it publishes ({@code filesPerShard}; none for a shard not in it). */
    public RunRecord succeed(String runId, Map<String, Instant> watermarkPerShard, ShardCounts countsPerShard,
                             Map<String, List<PublishedFile>> filesPerShard, Instant at) {
        RunRecord run = queue.claim(runId, new RunQueue.ClaimLimits(8, 8), "test-node", at, at.plusSeconds(600))
                .orElseThrow(() -> new IllegalStateException("run " + runId + " could not be claimed"));
        ShardCounts totals = ShardCounts.NONE;
        for (Map.Entry<String, Instant> shard : watermarkPerShard.entrySet()) {
            String pipeline = run.pipeline();
            ShardTaskRef task = new ShardTaskRef(runId, shard.getKey(), runs.nextTaskAttempt(runId, shard.getKey()), run.attempt());
            LocalDateTime until = LocalDateTime.ofInstant(shard.getValue(), ZoneOffset.UTC);
            runs.startShardRun(task, pipeline, new ExtractWindow(null, until), at);
            runs.markPublishing(task, filesPerShard.getOrDefault(shard.getKey(), List.of()), READ_COST);
            Watermark before = runs.watermark(pipeline, shard.getKey()).orElse(null);
            runs.commitShard(task, pipeline, countsPerShard, before, new Watermark(until, TailDigest.empty()), shard.getValue(), at);
            totals = totals.plus(countsPerShard);
        }
        queue.finish(run, RunState.SUCCEEDED, totals, null, at);
        return runs.run(runId).orElseThrow();
    }

    /** The run's one shard fails with {@code error}; the run ends FAILED. */
    public RunRecord fail(String runId, String shard, String error, Instant at) {
        RunRecord run = queue.claim(runId, new RunQueue.ClaimLimits(8, 8), "test-node", at, at.plusSeconds(600))
                .orElseThrow(() -> new IllegalStateException("run " + runId + " could not be claimed"));
        ShardTaskRef task = new ShardTaskRef(runId, shard, runs.nextTaskAttempt(runId, shard), run.attempt());
        runs.startShardRun(task, run.pipeline(), null, at);
        runs.endShardRun(task, ShardRunState.FAILED, ShardCounts.NONE, error, at);
        queue.finish(run, RunState.FAILED, ShardCounts.NONE, error, at);
        return runs.run(runId).orElseThrow();
    }
}
