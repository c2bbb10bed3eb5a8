package io.shardlake.engine.current;

import io.shardlake.engine.sink.CommittedRun;
import io.shardlake.engine.sink.SinkTable;
import io.shardlake.engine.sink.TableSink;

/**
 * Keeps {@code <table>_current} for the pipelines with {@code target.current: true}: every run
 * that committed files (scheduled windows, backfill chunks, EVENT and RECONCILE runs) is applied
 * through the sink delivery ledger, in order and retried until it succeeds, like Athena's and
 * Redshift's deliveries. A compaction is never delivered: it changes no row.
 */
public final class CurrentTableSink implements TableSink {

    public static final String NAME = "current";

    private final CurrentTableUpdater updater;

    public CurrentTableSink(CurrentTableUpdater updater) {
        this.updater = updater;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean serves(SinkTable table) {
        return table.definition().target().current();
    }

    @Override
    public void check(SinkTable table, boolean backfill) {
        // any output the lake takes, the current table takes: its columns follow the files'
    }

    @Override
    public void deliver(SinkTable table, CommittedRun run) throws Exception {
        updater.apply(table, run);
    }

    /**
     * A rebuilt version gets its own current table ({@code <table>__v<N>_current}), built from the
     * version's files, caught-up rows included, before the metadata switch; readers do not see it yet.
     * A version switched back to kept its own, brought up to date by its runs as it was live.
     */
    @Override
    public void prepareVersion(SinkTable version, boolean fresh) throws Exception {
        if (fresh) {
            updater.build(version);
        } else {
            updater.publishOwn(version);
        }
    }

    /** After the metadata switch: readers' manifest lists the version's current table, in one publish. */
    @Override
    public void showVersion(SinkTable version, int previous) throws Exception {
        updater.show(version);
    }

    /**
     * Readers' manifest moves after Athena's names: a version 1 never rebuilt has its Athena table
     * over readers' manifest, so that table must be out of readers' way before the manifest lists
     * another version's files (every version's table after it reads the version's own manifest).
     */
    @Override
    public boolean showsLast() {
        return true;
    }

    @Override
    public void dropVersion(SinkTable version) throws Exception {
        updater.drop(version);
    }
}
