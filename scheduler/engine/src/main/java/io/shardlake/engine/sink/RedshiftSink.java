package io.shardlake.engine.sink;

import io.shardlake.connectors.redshift.IncompatibleTableException;
import io.shardlake.connectors.redshift.LakeFile;
import io.shardlake.connectors.redshift.RedshiftLoadResult;
import io.shardlake.connectors.redshift.RedshiftLoader;
import io.shardlake.connectors.redshift.RedshiftTarget;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.redshift.RedshiftTableVersions;
import io.shardlake.engine.lake.LakeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final RedshiftTableVersions versions;
    private final ObjectStore lake;

    /** @param lake where a rebuilt table version's files are, loaded whole before its switch */
    public RedshiftSink(RedshiftLoader loader, ObjectStore lake) {
        this.loader = loader;
        this.versions = loader.tableVersions();
        this.lake = lake;
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

    /**
     * A rebuilt version is loaded whole into a table of its own, {@code <table>__v<N>}, from every
     * file of its folder (the merge keeps each key's newest version, so loading again after a
     * failure changes nothing more); readers of {@code <table>} see none of it until
     * {@link #showVersion}. A version switched back to kept its table when it was retired.
     */
    @Override
    public void prepareVersion(SinkTable version, boolean fresh) throws java.io.IOException {
        RedshiftTarget target = target(version, ownTable(version.name(), version.live().version()));
        if (!fresh) {
            if (!versions.exists(target.table())) {
                throw new IllegalStateException("Redshift table " + target.table() + " of the version switched back to is gone;"
                        + " it cannot be shown again");
            }
            return;
        }
        List<LakeFile> files = new ArrayList<>();
        String prefix = version.folder() + "/";
        for (Map.Entry<String, Long> f : lake.sizes(prefix).entrySet()) {
            if (LakeLayout.isPartitionDataFile(version.folder(), f.getKey())) {
                files.add(new LakeFile(f.getKey(), f.getValue()));
            }
        }
        RedshiftLoadResult result = loader.load(target, "v" + version.live().version(), files);
        log.info("pipeline={} table version {} loaded into Redshift table {}: {} files, {} rows", version.pipeline(),
                version.live().version(), target.table(), files.size(), result.rowsInserted());
    }

    /** One transaction: {@code <table>} becomes {@code <table>__v<previous>}, {@code <table>__v<N>} becomes {@code <table>}. */
    @Override
    public void showVersion(SinkTable version, int previous) {
        String live = target(version).table();
        versions.swap(live, ownTable(live, previous), ownTable(live, version.live().version()));
    }

    @Override
    public void dropVersion(SinkTable version) {
        versions.drop(ownTable(target(version).table(), version.live().version()));
    }

    /** Distributed on the source key, not on the shard (a handful of values would leave most slices empty). */
    private static RedshiftTarget target(SinkTable table) {
        return target(table, table.name());
    }

    private static RedshiftTarget target(SinkTable table, String name) {
        return new RedshiftTarget(name, table.schema(), table.primaryKey(), table.cursor(), table.sourceKeyLead());
    }

    /** Where version {@code version} of the table is while readers do not see it under the table's name. */
    private static String ownTable(String table, int version) {
        return LakeLayout.versionTable(table, version);
    }
}
