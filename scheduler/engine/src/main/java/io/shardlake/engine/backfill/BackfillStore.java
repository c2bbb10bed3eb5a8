package io.shardlake.engine.backfill;

import io.shardlake.engine.run.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where backfills are kept (the metadata database). */
public interface BackfillStore {

    /** Records {@code backfill} and queues its chunk runs, all or nothing. */
    void create(Backfill backfill, List<RunRecord> chunkRuns);

    Optional<Backfill> byId(String id);

    /** The pipeline's backfills, newest first. */
    List<Backfill> forPipeline(String pipeline, int limit);

    /** Backfills of the pipeline still ACTIVE or PAUSED. */
    List<Backfill> unfinished(String pipeline);

    /**
     * Moves the backfill to {@code to} if it is in one of {@code from}; false (and nothing
     * changed) otherwise.
     */
    boolean changeState(String id, Set<BackfillState> from, BackfillState to, String reason, Instant at);
}
