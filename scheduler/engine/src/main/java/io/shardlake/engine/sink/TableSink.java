package io.shardlake.engine.sink;

/**
 * Somewhere besides the lake's files where a pipeline's output must show up: the Athena
 * catalog, the legacy Redshift tables. The runner asks each sink to {@link #check} a run before
 * it writes any file, and hands it each committed run ({@link #deliver}) in order, through
 * {@link RunSinks}, which retries a delivery that failed on the next run.
 */
public interface TableSink {

    /** Short name, as errors and the delivery ledger show it: {@code athena}, {@code redshift}. */
    String name();

    /** Whether this pipeline's output goes to this sink (a sink may be opt-in per pipeline). */
    boolean serves(SinkTable table);

    /**
     * Whether this sink reads partitions from where they live, so that a compaction, which moves
     * a partition's rows to a new generation without adding any, must be delivered to it (a
     * catalog); a sink that loads rows (Redshift) must never see one: it would load them twice.
     */
    default boolean followsRelocations() {
        return false;
    }

    /**
     * Before the run writes any file: refuse (throw {@link SinkRefusedException}) when its output
     * cannot go to this sink, e.g. an incompatible schema change. Must not change anything.
     */
    void check(SinkTable table, boolean backfill);

    /**
     * The run's files are committed in the lake: make them visible here. Must be idempotent:
     * delivering a run again (after a failure half way) changes nothing more.
     *
     * @throws Exception with a message saying what the sink answered; the delivery is retried
     */
    void deliver(SinkTable table, CommittedRun run) throws Exception;
}
