package io.shardlake.engine.sink;

import io.shardlake.connectors.redshift.IncompatibleTableException;
import io.shardlake.connectors.redshift.LakeFile;
import io.shardlake.connectors.redshift.RedshiftLoadResult;
import io.shardlake.connectors.redshift.RedshiftLoader;
import io.shardlake.connectors.redshift.RedshiftTarget;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads each committed run of the pipelines that opt in ({@code target.redshift: true}) into
 * the legacy Redshift table of the same name: staged, then merged by key in one transaction,
 * keeping each key's newest version by the cursor, so a run delivered twice, or an old window
 * after a newer one, never duplicates or regresses rows.
 */
public final class RedshiftSink implements TableSink {

    private static final Logger log = LoggerFactory.getLogger(RedshiftSink.class);

    private final RedshiftLoader loader;

    public RedshiftSink(RedshiftLoader loader) {
        this.loader = loader;
    }

    @Override
    public String name() {
        return "redshift";
    }

    @Override
    public boolean serves(SinkTable table) {
        return table.definition().target().redshift();
    }

    @Override
    public void check(SinkTable table, boolean backfill) {
        try {
            loader.check(target(table));
        } catch (IncompatibleTableException | IllegalArgumentException e) {
            throw new SinkRefusedException(name(), e.getMessage(), e);
        }
    }

    @Override
    public void deliver(SinkTable table, CommittedRun run) {
        List<LakeFile> files = run.dataFiles().stream().map(f -> new LakeFile(f.key(), f.bytes())).toList();
        RedshiftLoadResult result = loader.load(target(table), run.runId(), files);
        log.info("pipeline={} run={} loaded into Redshift table {}: {} staged, {} replaced, {} inserted", run.pipeline(), run.runId(),
                table.name(), result.rowsStaged(), result.rowsDeleted(), result.rowsInserted());
    }

    /** Distributed on the source key, not on the shard (a handful of values would leave most slices empty). */
    private static RedshiftTarget target(SinkTable table) {
        return new RedshiftTarget(table.name(), table.schema(), table.primaryKey(), table.cursor(), table.sourceKeyLead());
    }
}
