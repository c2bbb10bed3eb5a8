package io.shardlake.engine.rebuild;

import io.shardlake.engine.run.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where rebuilds and table versions are kept (the metadata database). */
public interface RebuildStore {

    /**
     * Records {@code rebuild}, the table versions it adds (its own, BUILDING, and version 1 as LIVE
     * when the pipeline had no versions yet) and queues its shard runs, all or nothing.
     *
     * @throws RebuildConflictException when another rebuild took the version number first
     */
    void create(Rebuild rebuild, List<TableVersion> versions, List<RunRecord> shardRuns);

    Optional<Rebuild> byId(String id);

    /** The pipeline's rebuilds, newest first. */
    List<Rebuild> forPipeline(String pipeline, int limit);

    /** The pipeline's rebuilds still loading or switching. */
    List<Rebuild> unfinished(String pipeline);

    /** Moves the rebuild to {@code to} if it is in one of {@code from}; false (nothing changed) otherwise. */
    boolean changeState(String id, Set<RebuildState> from, RebuildState to, String reason, Instant at);

    /** Moves an ACTIVE rebuild to SWITCHING and queues its switch run, in one transaction; false if it was not ACTIVE. */
    boolean startSwitch(String id, RunRecord switchRun, Instant at);

    /**
     * A SWITCHING rebuild whose switch run failed before its metadata step: records {@code reason}
     * (it stays SWITCHING) and queues the next attempt, in one transaction; false (nothing changed) if
     * it is no longer SWITCHING or that attempt's run (its run key) was queued already.
     */
    boolean retrySwitch(String id, RunRecord switchRun, String reason, Instant at);

    /** Every version of the pipeline's table, oldest first; empty for a pipeline never rebuilt. */
    List<TableVersion> versions(String pipeline);

    /**
     * Versions whose files may go: RETIRED before {@code retiredBefore}, and BUILDING ones whose
     * rebuild ended without a switch (FAILED, CANCELLED); also DISCARDED ones, whose files a crash
     * may have left.
     */
    List<TableVersion> expired(Instant retiredBefore);

    /** Marks the version DISCARDED and forgets its stream (watermarks, key index), in one transaction; it can no longer go live. */
    void discard(String pipeline, int version, Instant at);

    /**
     * Makes version {@code to} live in place of the live version {@code from}, in one transaction:
     * the two versions' streams (watermarks, tail digests, key index) swap names, so the pipeline's
     * own name holds {@code to}'s; {@code from} is RETIRED, {@code to} LIVE; the rebuild (if
     * given) becomes LIVE, any rebuild of {@code from} ROLLED_BACK when {@code to} is older.
     * Idempotent: nothing changes when {@code to} is already live.
     *
     * @throws RebuildConflictException when {@code from} is not the live version or {@code to} cannot become live
     */
    void makeLive(String pipeline, int from, int to, String rebuildId, Instant at);
}
