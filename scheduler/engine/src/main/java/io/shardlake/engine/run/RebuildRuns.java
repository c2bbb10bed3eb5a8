package io.shardlake.engine.run;

import java.io.IOException;

/**
 * What the runner needs to know of rebuilds (runs of trigger {@link TriggerKind#REBUILD} and
 * {@link TriggerKind#REBUILD_SWITCH}, whose {@code backfillId} names their rebuild).
 */
public interface RebuildRuns {

    /** The table version the rebuild writes (2 or later). */
    int version(String rebuildId);

    /**
     * Makes the rebuild's version the live one, after its switch run {@code runId} caught every
     * shard up: the version's watermarks become the pipeline's in one metadata transaction, then
     * readers are pointed at its table. Idempotent: a switch run retried after a crash finishes it.
     */
    void makeLive(String rebuildId, String runId) throws IOException;

    /**
     * Before any other run of {@code pipeline} writes: the readers' name of its table points at the
     * live version (the lake's folder, the catalog's views, the Redshift table), repaired if a switch
     * or rollback recorded the live version and then failed (or the process died) before it moved
     * the pointer. Without this the run would write the live version's rows into the folder of the
     * version readers still see.
     *
     * @param table the pipeline's defined table
     * @return where the live version is, for the run to write it
     */
    LiveVersion pointAtLiveVersion(String pipeline, String table) throws IOException;
}
