package io.shardlake.engine.run;

import io.shardlake.engine.schedule.DataInterval;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline run as recorded in the metadata database.
 *
 * @param runKey     the run's identity within its pipeline (unique): {@code scheduled:<interval end ms>}
 *                   for schedules and catch-up, so an interval is queued once however many nodes fire it
 * @param interval   the data interval {@code [start, end)} the run stands for (null only for runs
 *                   recorded before intervals existed)
 * @param attempt    how many times a node claimed the run; the fencing token that stops a node
 *                   whose lease was taken over from committing
 * @param cancelReason set when a cancel (or the run timeout) was asked for and not yet carried out
 * @param shardSubset  the shards this run reads, or empty for all of the source's shards
 */
public record RunRecord(String id, String pipeline, String runKey, TriggerKind trigger, String definitionVersion,
                        DataInterval interval, RunState state, Instant queuedAt, Instant startedAt, Instant finishedAt,
                        int attempt, String leaseOwner, Instant leaseUntil, String cancelReason, String backfillId,
                        List<String> shardSubset, ShardCounts totals, String error) {

    public RunRecord {
        shardSubset = shardSubset == null ? List.of() : List.copyOf(shardSubset);
    }

    /** A new run waiting in the queue. */
    public static RunRecord queued(String id, String pipeline, String runKey, TriggerKind trigger, String definitionVersion,
                                   DataInterval interval, Instant queuedAt, String backfillId, List<String> shardSubset) {
        return new RunRecord(id, pipeline, runKey, trigger, definitionVersion, interval, RunState.QUEUED, queuedAt, null, null,
                0, null, null, null, backfillId, shardSubset, ShardCounts.NONE, null);
    }

    public RunLane lane() {
        return trigger.lane();
    }
}
