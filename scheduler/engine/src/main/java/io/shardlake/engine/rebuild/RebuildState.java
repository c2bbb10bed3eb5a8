package io.shardlake.engine.rebuild;

/**
 * Where a rebuild is. ACTIVE and PAUSED are the operator's intent while its shards load; SWITCHING
 * once every shard loaded and its switch run (catch-up, then the switch) is queued; LIVE when its
 * version serves readers; FAILED or CANCELLED when it ended without a switch (the live version
 * never changed); ROLLED_BACK when its version was live and the previous one was switched back.
 */
public enum RebuildState {
    ACTIVE, PAUSED, SWITCHING, LIVE, FAILED, CANCELLED, ROLLED_BACK;

    /** Still loading or switching: a second rebuild, or a backfill, of the pipeline must wait. */
    public boolean isUnfinished() {
        return this == ACTIVE || this == PAUSED || this == SWITCHING;
    }
}
