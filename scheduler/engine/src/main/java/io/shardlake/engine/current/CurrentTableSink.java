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
}
