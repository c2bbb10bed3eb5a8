package io.shardlake.engine.sink;

import io.shardlake.connectors.athena.AthenaCatalog;
import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.athena.AthenaTable;
import io.shardlake.connectors.athena.IncompatibleSchemaException;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.objectstore.S3Settings;
import io.shardlake.engine.lake.CurrentLayout;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.lake.PartitionGenerations;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each target's Athena table, its {@code _latest} view and its partitions in step with
 * the lake. Before a run writes: the table's schema change must be one Athena can carry over
 * (else the run stops, nothing written). After it committed: create or evolve the table, then
 * register the new partitions (catalog mode) and point replaced ones at their new generation.
 *
 * <p>Each statement costs an Athena query, so this process remembers which definition version
 * it has already checked and applied per table, and which partitions it has registered: a
 * pipeline running every 15 minutes issues DDL only when its schema changes or a run opens a
 * partition (after a restart, once more: every statement is idempotent).
 */
public final class AthenaSink implements TableSink {

    private final AthenaCatalog catalog;
    private final PartitionRegistration partitions;
    private final S3Settings lake;
    private final ObjectStore store;
    private final PartitionGenerations generations;
    private final Clock clock;
    private final Map<String, String> checkedVersion = new ConcurrentHashMap<>();
    private final Map<String, String> appliedVersion = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    /**
     * @param lake        where the lake's objects are: Athena reads tables from S3 only
     * @param store       the lake itself, listed to register every partition again after a re-create
     * @param generations which generation of a replaced partition is live
     */
    public AthenaSink(AthenaCatalog catalog, S3Settings lake, ObjectStore store, PartitionGenerations generations, Clock clock) {
        this.catalog = catalog;
        this.partitions = catalog.partitions();
        this.lake = lake;
        this.store = store;
        this.generations = generations;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "athena";
    }

    @Override
    public boolean serves(SinkTable table) {
        return true;
    }

    @Override
    public boolean followsRelocations() {
        return true;
    }

    @Override
    public void check(SinkTable table, boolean backfill) {
        if (backfill && partitions == PartitionRegistration.PROJECTION) {
            throw new SinkRefusedException(name(), "table " + table.name() + " uses partition projection, which reads each "
                    + "partition from its dt= folder, so the partitions this backfill replaces on S3 would never become visible "
                    + "in Athena; set shardlake.athena.partitions=catalog", null);
        }
        String version = table.definition().version();
        if (version.equals(checkedVersion.get(table.name()))) {
            return;
        }
        try {
            catalog.plan(athenaTable(table, clock.instant()));
        } catch (IncompatibleSchemaException e) {
            throw new SinkRefusedException(name(), e.getMessage(), e);
        }
        checkedVersion.put(table.name(), version);
    }

    @Override
    public void deliver(SinkTable table, CommittedRun run) throws java.io.IOException {
        Instant first = run.partitions().isEmpty() ? clock.instant() : table.granularity().startOf(run.partitions().get(0));
        AthenaTable athena = athenaTable(table, first);
        String version = table.definition().version();
        if (!version.equals(appliedVersion.get(table.name()))) {
            AthenaCatalog.TablePlan applied = catalog.ensureTable(athena);
            if (applied.action() == AthenaCatalog.Action.RECREATE && partitions == PartitionRegistration.CATALOG) {
                restorePartitions(table, athena);
            }
            if (table.definition().target().current()) {
                ensureCurrentTable(table, athena);
            }
            appliedVersion.put(table.name(), version);
            checkedVersion.put(table.name(), version);
        }
        List<String> fresh = run.partitions().stream()
                .filter(p -> !run.relocated().containsKey(p) && !registered.contains(table.name() + "/" + p)).toList();
        catalog.registerPartitions(athena, fresh);
        fresh.forEach(p -> registered.add(table.name() + "/" + p));
        for (Map.Entry<String, String> moved : run.relocated().entrySet()) {
            catalog.relocatePartition(athena, moved.getKey(), s3Uri(moved.getValue()));
            registered.add(table.name() + "/" + moved.getKey());
        }
    }

    /**
     * A re-created table (a widened column) starts with no catalog partitions: registers every
     * partition the lake holds again, each at its live location. Queries see the table empty
     * until this is done: a few statements, once per such schema change.
     */
    private void restorePartitions(SinkTable table, AthenaTable athena) throws java.io.IOException {
        java.util.TreeSet<String> folders = new java.util.TreeSet<>();
        String tablePrefix = table.name() + "/";
        for (String key : store.list(tablePrefix)) {
            String partition = LakeLayout.partitionOf(key);
            if (partition != null) {
                folders.add(partition);
            }
        }
        registered.removeIf(p -> p.startsWith(tablePrefix));
        List<String> original = new java.util.ArrayList<>();
        Map<String, String> moved = new java.util.LinkedHashMap<>();
        for (String folder : folders) {
            generations.live(table.name(), folder).ifPresentOrElse(g -> moved.put(folder, g.location()), () -> original.add(folder));
        }
        catalog.registerPartitions(athena, original);
        moved.forEach((folder, location) -> catalog.relocatePartition(athena, folder, s3Uri(location)));
        folders.forEach(f -> registered.add(tablePrefix + f));
    }

    /**
     * The table over {@code <table>_current}'s manifest and its view; re-created when the catalog's
     * columns differ from the pipeline's (a column added): the table has no partitions, so that
     * costs two statements, and the view is replaced after it.
     */
    private void ensureCurrentTable(SinkTable table, AthenaTable athena) {
        String name = table.definition().target().currentTable();
        boolean differs = catalog.findTable(name + io.shardlake.connectors.athena.AthenaDdl.CURRENT_ALL_SUFFIX)
                .map(existing -> !existing.columns().equals(athena.columns())).orElse(false);
        catalog.ensureCurrentTable(athena, name, s3Uri(CurrentLayout.manifestFolder(name)), differs);
    }

    private String s3Uri(String key) {
        return "s3://" + lake.bucket() + "/" + lake.objectKey(key);
    }

    private AthenaTable athenaTable(SinkTable table, Instant firstPartition) {
        return new AthenaTable(table.name(), AthenaTable.locationOf(lake, table.name()), table.schema(), table.primaryKey(),
                table.cursor(), table.granularity(), firstPartition);
    }
}
