package io.shardlake.engine.run;

/**
 * Which lane a run goes through. Incremental runs (scheduled, catch-up, manual) continue from the
 * shards' watermarks, so a pipeline runs at most one of them at a time; backfill chunks read a
 * fixed range and replace partitions, run side by side up to the backfill's concurrency, and draw
 * on their own share of each replica host's budget so neither lane starves the other.
 */
public enum RunLane {
    INCREMENTAL, BACKFILL
}
