package io.shardlake.engine.run;

import io.shardlake.engine.lake.KeyDelta;
import io.shardlake.connectors.source.ExtractWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where shard tasks, their files and the watermarks are kept (the metadata database), and how
 * runs are read back. Runs themselves move through {@link RunQueue}.
 *
 * <p>The rule that keeps the lake exact: {@link #commitShard} moves the watermark and marks the
 * task SUCCEEDED in one transaction, and only after its files are published; before publishing,
 * {@link #markPublishing} records which keys the task is about to write, so recovery can delete
 * them if the process dies in between. Both are fenced: they change nothing once the task's run
 * has been taken over ({@link LeaseLostException}).
 */
public interface RunRepository {

    /** The attempt number the next task of this run and shard gets (1 for the first). */
    int nextTaskAttempt(String runId, String shard);

    /**
     * The next run sequence: greater than every one allocated before by any node on this metadata
     * database. A shard task takes one when it starts reading its replica and writes it into every
     * row ({@code _run_seq}), so the later extract of a row version wins its ties in the sinks.
     */
    long nextRunSequence();

    /**
     * Records a new attempt of a shard task, RUNNING.
     *
     * @throws LeaseLostException when the task's run attempt no longer holds the run
     */
    void startShardRun(ShardTaskRef task, String pipeline, ExtractWindow window, Instant startedAt);

    /**
     * Records the files about to be published and moves the task to PUBLISHING, with how it read
     * its window and what that cost the replica (in the same statement: no extra write per task).
     *
     * @throws LeaseLostException when the task's run attempt no longer holds the run
     */
    default void markPublishing(ShardTaskRef task, List<PublishedFile> files, ShardReadCost read) {
        markPublishing(task, 0, files, read);
    }

    /**
     * Like {@link #markPublishing(ShardTaskRef, List, ShardReadCost)}, numbering the files from
     * {@code firstSeq}: a task that commits in slices records each slice's files after the last's.
     */
    void markPublishing(ShardTaskRef task, int firstSeq, List<PublishedFile> files, ShardReadCost read);

    /** Where the full load of {@code shard} on {@code stream} committed in slices stands, if it is under way. */
    Optional<LoadCheckpoint> checkpoint(String stream, String shard);

    /**
     * Commits a slice of a full load committed in slices, in one transaction: the task's published
     * files become committed (recovery no longer removes them), the checkpoint moves from
     * {@code expected} (null: none yet) to {@code next}, the slice's keys are stored, and the task's
     * record shows {@code counts} so far (RUNNING again). No watermark exists yet; the load's last
     * slice commits it through {@link #commitShard}, which drops the checkpoint.
     *
     * @throws WatermarkConflictException when the checkpoint is no longer {@code expected} or the shard has a watermark
     * @throws LeaseLostException         when the run was taken over
     */
    void commitSlice(ShardTaskRef task, String stream, LoadCheckpoint expected, LoadCheckpoint next, ShardCounts counts,
                     KeyDelta.Written keys, Instant at);

    /**
     * Marks the task SUCCEEDED with its counts and replaces the watermark, atomically, provided
     * the watermark is still {@code expected} (null: none yet) and the task's run attempt still
     * holds the run. A first load ({@code expected} null) also drops its {@link LoadCheckpoint}.
     *
     * @param nextAt the new watermark as an instant (the cursor's zone applied), for freshness
     * @throws WatermarkConflictException when another task moved the watermark meanwhile
     * @throws LeaseLostException         when the run was taken over
     */
    default void commitShard(ShardTaskRef task, String pipeline, ShardCounts counts, Watermark expected, Watermark next, Instant nextAt,
                             Instant at) {
        commitShard(task, pipeline, counts, expected, next, nextAt, KeyDelta.Written.NONE, at);
    }

    /**
     * Like {@link #commitShard(ShardTaskRef, String, ShardCounts, Watermark, Watermark, Instant, Instant)},
     * storing in the same transaction the keys the task wrote (for reconciliation's key index), unless
     * {@code keys} is empty.
     */
    void commitShard(ShardTaskRef task, String pipeline, ShardCounts counts, Watermark expected, Watermark next, Instant nextAt,
                     KeyDelta.Written keys, Instant at);

    /**
     * Marks a backfill chunk's task SUCCEEDED with its counts (its files are in the chunk's new
     * generation; no watermark moves), provided the task's run attempt still holds the run.
     *
     * @throws LeaseLostException when the run was taken over
     */
    default void commitChunkShard(ShardTaskRef task, ShardCounts counts, Instant at) {
        commitChunkShard(task, null, counts, KeyDelta.Written.NONE, at);
    }

    /** Like {@link #commitChunkShard(ShardTaskRef, ShardCounts, Instant)}, storing the keys the task wrote in the same transaction. */
    void commitChunkShard(ShardTaskRef task, String pipeline, ShardCounts counts, KeyDelta.Written keys, Instant at);

    /** Ends a task without moving the watermark (FAILED, SKIPPED or ABANDONED). */
    void endShardRun(ShardTaskRef task, ShardRunState state, ShardCounts counts, String error, Instant at);

    /**
     * Adds what a task that ended did besides its counts (a fallback it took, a table change it met)
     * to its record, shown where a failure's reason is.
     */
    void noteShardRun(ShardTaskRef task, String note);

    /** Keeps a short log excerpt (what was logged, the head of the stack) with a failed attempt, for people; clipped to fit. */
    void recordErrorExcerpt(ShardTaskRef task, String excerpt);

    Optional<Watermark> watermark(String pipeline, String shard);

    /** The committed cursor of every shard of the pipeline that has one. */
    Map<String, LocalDateTime> watermarks(String pipeline);

    /** The committed watermark of every shard of the pipeline that has one, as an instant. */
    Map<String, Instant> watermarkInstants(String pipeline);

    /** The oldest committed watermark instant of each pipeline (its freshness); one query. */
    Map<String, Instant> oldestWatermarks();

    /**
     * Tasks of this pipeline and shard left RUNNING or PUBLISHING by attempts that can no longer
     * commit: their run is not RUNNING, or was claimed again since, or it is {@code current}'s own
     * run (whose earlier attempts of the shard are over). Tasks of runs other nodes hold are never
     * listed.
     */
    List<UnfinishedShardRun> unfinishedShardRuns(String pipeline, ShardTaskRef current);

    Optional<RunRecord> run(String runId);

    /** Every attempt of every shard of the run, by shard then attempt. */
    List<ShardRunRecord> shardRuns(String runId);

    List<PublishedFile> files(ShardTaskRef task);

    /** The newest runs of the pipeline first. */
    List<RunRecord> recentRuns(String pipeline, int limit);

    /** The chunk runs of a backfill, in time order. */
    List<RunRecord> backfillRuns(String backfillId);

    /**
     * The newest run of each of {@code pipelines} (for lists): one indexed probe per pipeline,
     * so its cost does not grow with the history.
     */
    default Map<String, RunRecord> lastRuns(java.util.Collection<String> pipelines) {
        return lastRuns(pipelines, java.util.EnumSet.allOf(TriggerKind.class));
    }

    /** As {@link #lastRuns(java.util.Collection)}, the newest run of one of these trigger kinds; absent: no such run yet. */
    Map<String, RunRecord> lastRuns(java.util.Collection<String> pipelines, java.util.Set<TriggerKind> kinds);

    /** A task a dead process left behind, and the keys it may have published (not those of slices it committed). */
    record UnfinishedShardRun(ShardTaskRef task, ShardRunState state, List<PublishedFile> files) {
    }
}
