package io.shardlake.engine.run;

/** Why a run exists. Recorded with the run; {@link #BACKFILL} and {@link #RECONCILE} runs go in the backfill lane. */
public enum TriggerKind {
    /** A cron fire of the pipeline's schedule. */
    SCHEDULED,
    /** One or more intervals missed while no node was running, run after start-up. */
    CATCHUP,
    /** The first load of a pipeline that never ran, started without waiting for its first fire. */
    FIRST_RUN,
    /** Triggered by a person (REST or UI). */
    MANUAL,
    /** A chunk of an on-call backfill. */
    BACKFILL,
    /** A batch of entity events: the keys they name, read from the replica by primary key. */
    EVENT,
    /**
     * A reconciliation of keys: each shard's primary keys compared with the lake's live keys; what
     * it finds is loaded by EVENT runs (tombstones for deleted keys, reloads of missing ones). In
     * the backfill lane: a pass over an index of every shard is bulk work, with backfills' share of
     * each replica host.
     */
    RECONCILE,
    /**
     * Small files of partitions rewritten into bigger ones (no source is read). It goes through the
     * incremental lane, so no other incremental run of the pipeline writes meanwhile.
     */
    COMPACTION;

    public RunLane lane() {
        return this == BACKFILL || this == RECONCILE ? RunLane.BACKFILL : RunLane.INCREMENTAL;
    }
}
