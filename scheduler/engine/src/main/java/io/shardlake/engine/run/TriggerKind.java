package io.shardlake.engine.run;

/** Why a run exists. Recorded with the run; {@link #BACKFILL}, {@link #RECONCILE} and {@link #REBUILD} runs go in the backfill lane. */
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
    COMPACTION,
    /**
     * One shard's full load into a new table version (a rebuild), then nothing else: the version's
     * own watermark continues from there. In the backfill lane: bulk work within the backfill's
     * allowed window and share of each replica host, beside the pipeline's scheduled runs.
     */
    REBUILD,
    /**
     * The last step of a rebuild: every shard of the new version caught up from its own watermark,
     * then the version made live. In the incremental lane, so no scheduled run of the pipeline
     * writes meanwhile and the next one continues from the new version's watermarks.
     */
    REBUILD_SWITCH;

    public RunLane lane() {
        return this == BACKFILL || this == RECONCILE || this == REBUILD ? RunLane.BACKFILL : RunLane.INCREMENTAL;
    }
}
