package io.shardlake.engine.run;

import io.shardlake.connectors.source.ExtractWindow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where runs, shard tasks, their files and the watermarks are kept (the metadata database).
 *
 * <p>The rule that keeps the lake exact: {@link #commitShard} moves the watermark and marks the
 * task SUCCEEDED in one transaction, and only after its files are published; before publishing,
 * {@link #markPublishing} records which keys the task is about to write, so recovery can delete
 * them if the process dies in between.
 */
public interface RunRepository {

    void createRun(RunRecord run);

    void finishRun(String runId, RunState state, ShardCounts totals, String error, Instant finishedAt);

    /**
     * Marks every run still RUNNING as FAILED with {@code reason}; for a single node at start-up,
     * when such runs can only belong to a process that died. Their shard tasks are cleaned up by
     * the next run of each shard. Returns how many runs were closed.
     */
    int failRunningRuns(String reason, Instant at);

    void startShardRun(String runId, String pipeline, String shard, ExtractWindow window, Instant startedAt);

    /** Records the files about to be published and moves the task to PUBLISHING. */
    void markPublishing(String runId, String shard, List<PublishedFile> files);

    /**
     * Marks the task SUCCEEDED with its counts and replaces the watermark, atomically, provided
     * the watermark is still {@code expected} (null: none yet).
     *
     * @throws WatermarkConflictException when another task moved the watermark meanwhile
     */
    void commitShard(String runId, String pipeline, String shard, ShardCounts counts, Watermark expected,
                     Watermark next, Instant at);

    /** Ends a task without moving the watermark (FAILED, SKIPPED or ABANDONED). */
    void endShardRun(String runId, String shard, ShardRunState state, ShardCounts counts, String error, Instant at);

    Optional<Watermark> watermark(String pipeline, String shard);

    /** Tasks of this pipeline and shard left RUNNING or PUBLISHING, with the files they recorded. */
    List<UnfinishedShardRun> unfinishedShardRuns(String pipeline, String shard);

    Optional<RunRecord> run(String runId);

    List<ShardRunRecord> shardRuns(String runId);

    List<PublishedFile> files(String runId, String shard);

    List<RunRecord> recentRuns(String pipeline, int limit);

    /** A task a dead process left behind, and the keys it may have published. */
    record UnfinishedShardRun(String runId, String shard, ShardRunState state, List<PublishedFile> files) {
    }
}
