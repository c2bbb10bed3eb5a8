package io.shardlake.engine.backfill;

/**
 * Where a backfill stands. ACTIVE and PAUSED are the operator's intent while chunks remain;
 * CANCELLED is final at once (queued chunks end, running ones stop at their next check);
 * SUCCEEDED and FAILED are set when the last chunk has ended.
 */
public enum BackfillState {
    ACTIVE, PAUSED, CANCELLED, SUCCEEDED, FAILED;

    public boolean isFinal() {
        return this == CANCELLED || this == SUCCEEDED || this == FAILED;
    }
}
