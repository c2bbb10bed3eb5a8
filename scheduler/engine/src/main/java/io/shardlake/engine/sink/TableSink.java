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

    /**
     * A rebuild: before the metadata makes table version {@code version.live()} the live one, get it
     * ready here without changing what readers see (a catalog entry of its own, a loaded table).
     * Idempotent. Sinks that show the lake's folders as they are need nothing.
     *
     * @param fresh whether the version was never live (built by a rebuild, so nothing of it is here yet),
     *              rather than a retired version switched back to
     */
    default void prepareVersion(SinkTable version, boolean fresh) throws Exception {
    }

    /**
     * After the metadata switch: readers of the table's name get {@code version.live()}, in one
     * step, in place of version {@code previous}. Idempotent: a run repeats it when the switch's own
     * attempt failed.
     */
    default void showVersion(SinkTable version, int previous) throws Exception {
    }

    /**
     * Whether {@link #showVersion} must come after every other sink's: a name here that another
     * sink's readers may still read through until that sink has moved them (readers' current-table
     * manifest, read by Athena's table of a version 1 never rebuilt).
     */
    default boolean showsLast() {
        return false;
    }

    /** A retired version kept long enough, or one never switched to: what it left here goes. Idempotent. */
    default void dropVersion(SinkTable version) throws Exception {
    }
}
