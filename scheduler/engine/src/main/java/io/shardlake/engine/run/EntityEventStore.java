package io.shardlake.engine.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where entity events wait, durably, until an EVENT run loads them: added when received, claimed
 * by a run in the same transaction that queues it, deleted once that run succeeded, handed back
 * for the next batch if it did not.
 */
public interface EntityEventStore {

    void add(List<EntityEvent> events, Instant receivedAt);

    /** Unclaimed events of a pipeline: how many, and when the oldest arrived. */
    record Waiting(String pipeline, int events, Instant oldest) {
    }

    List<Waiting> waiting();

    /**
     * Claims every unclaimed event of {@code pipeline} for a new run and queues it, in one
     * transaction: the run is made from the shards the events name.
     *
     * @return the queued run, or null when there was nothing to claim
     */
    RunRecord claimAndQueue(String pipeline, String runId, Function<List<String>, RunRecord> run, RunQueue queue);

    /** The events a run claimed, by shard. */
    Map<String, List<EntityEvent>> claimed(String runId);

    /**
     * Deletes the events of runs that succeeded (or were skipped: no shard had its first load yet,
     * which reads the rows) and hands back those of runs that failed or were cancelled; returns how
     * many were handed back.
     */
    int settle();
}
