package io.shardlake.engine.sink;

import io.shardlake.connectors.athena.AthenaCatalog;
import io.shardlake.connectors.athena.AthenaDdl;
import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.athena.AthenaTable;
import io.shardlake.connectors.athena.IncompatibleSchemaException;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.objectstore.S3Settings;
import io.shardlake.engine.definition.TargetSpec;
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
 *
 * <p>A rebuilt table: each table version is a table of its own, {@code <table>__v<N>} over its own
 * folder, and the table's name and {@code <table>_latest} are views of the live one
 * ({@link #prepareVersion}, {@link #showVersion}); runs then keep the live version's own table.
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
        String name = table.live().catalogTable();
        if (backfill && partitions == PartitionRegistration.PROJECTION) {
            throw new SinkRefusedException(name(), "table " + name + " uses partition projection, which reads each "
                    + "partition from its dt= folder, so the partitions this backfill replaces on S3 would never become visible "
                    + "in Athena; set shardlake.athena.partitions=catalog", null);
        }
        String version = table.definition().version();
        if (version.equals(checkedVersion.get(name))) {
            return;
        }
        try {
            catalog.plan(athenaTable(table, clock.instant()));
        } catch (IncompatibleSchemaException e) {
            throw new SinkRefusedException(name(), e.getMessage(), e);
        }
        checkedVersion.put(name, version);
    }

    @Override
    public void deliver(SinkTable table, CommittedRun run) throws java.io.IOException {
        Instant first = run.partitions().isEmpty() ? clock.instant() : table.granularity().startOf(run.partitions().get(0));
        AthenaTable athena = athenaTable(table, first);
        ensure(table, athena);
        List<String> fresh = run.partitions().stream()
                .filter(p -> !run.relocated().containsKey(p) && !registered.contains(athena.name() + "/" + p)).toList();
        catalog.registerPartitions(athena, fresh);
        fresh.forEach(p -> registered.add(athena.name() + "/" + p));
        for (Map.Entry<String, String> moved : run.relocated().entrySet()) {
            catalog.relocatePartition(athena, moved.getKey(), s3Uri(moved.getValue()));
            registered.add(athena.name() + "/" + moved.getKey());
        }
    }

    /**
     * Before a rebuilt (or rolled back to) version goes live: its own table {@code <table>__v<N>}
     * over its folder, with its {@code _latest} view and every partition its folder holds. Nothing
     * readers query changes; {@link #showVersion} then switches their names to it.
     */
    @Override
    public void prepareVersion(SinkTable version, boolean fresh) throws java.io.IOException {
        java.util.TreeSet<String> folders = partitionFolders(version);
        Instant first = folders.isEmpty() ? clock.instant() : version.granularity().startOf(folders.first());
        AthenaTable athena = athenaTable(version, first);
        catalog.ensureTable(athena);
        if (partitions == PartitionRegistration.CATALOG) {
            registerAll(version, athena, folders);
        }
        if (version.definition().target().current()) {
            ensureVersionCurrentTable(version, athena);
        }
        appliedVersion.put(athena.name(), version.definition().version());
        checkedVersion.put(athena.name(), version.definition().version());
    }

    /** The names readers query ({@code <table>}, {@code <table>_latest}) become views of the version's own table. */
    @Override
    public void showVersion(SinkTable version, int previous) {
        AthenaTable athena = athenaTable(version, clock.instant());
        catalog.showVersion(athena, version.name());
        if (version.definition().target().current()) {
            // readers' manifest has not moved yet (that sink shows last): the names move off it to the version's own manifest
            catalog.showCurrentVersion(athena, version.definition().target().currentTable(), currentOf(athena));
        }
    }

    /** A version kept long enough: its own table and view go (the files are the lake's to delete). */
    @Override
    public void dropVersion(SinkTable version) {
        String name = version.live().catalogTable();
        catalog.dropVersion(name);
        if (version.definition().target().current()) {
            catalog.dropCurrentVersion(TargetSpec.currentTableOf(name));
        }
        appliedVersion.remove(name);
        checkedVersion.remove(name);
        registered.removeIf(p -> p.startsWith(name + "/"));
    }

    /** Creates or evolves the table once per definition version; a version shown under the table's name has its views replaced too. */
    private void ensure(SinkTable table, AthenaTable athena) throws java.io.IOException {
        String version = table.definition().version();
        if (version.equals(appliedVersion.get(athena.name()))) {
            return;
        }
        AthenaCatalog.TablePlan applied = catalog.ensureTable(athena);
        if (applied.action() == AthenaCatalog.Action.RECREATE && partitions == PartitionRegistration.CATALOG) {
            registerAll(table, athena, partitionFolders(table));
        }
        if (table.live().versioned()) {
            // a view's columns are fixed when it is made: after a column was added, the table's name shows it only when replaced
            catalog.showVersion(athena, table.name());
        }
        if (table.definition().target().current() && table.live().versioned()) {
            ensureVersionCurrentTable(table, athena);
            catalog.showCurrentVersion(athena, table.definition().target().currentTable(), currentOf(athena));
        } else if (table.definition().target().current()) {
            ensureCurrentTable(table, athena);
        }
        appliedVersion.put(athena.name(), version);
        checkedVersion.put(athena.name(), version);
    }

    /**
     * A table created over existing files (a re-created one after a widened column, a table version
     * about to go live) starts with no catalog partitions: registers every partition the folder
     * holds, each at its live location. Queries of a re-created table see it empty until this is
     * done: a few statements, once per such schema change.
     */
    private void registerAll(SinkTable table, AthenaTable athena, java.util.SortedSet<String> folders) {
        registered.removeIf(p -> p.startsWith(athena.name() + "/"));
        List<String> original = new java.util.ArrayList<>();
        Map<String, String> moved = new java.util.LinkedHashMap<>();
        for (String folder : folders) {
            generations.live(table.folder(), folder).ifPresentOrElse(g -> moved.put(folder, g.location()), () -> original.add(folder));
        }
        catalog.registerPartitions(athena, original);
        moved.forEach((folder, location) -> catalog.relocatePartition(athena, folder, s3Uri(location)));
        folders.forEach(f -> registered.add(athena.name() + "/" + f));
    }

    /** The {@code dt=} folders the table's lake folder holds (its partitions, and those only a generation holds). */
    private java.util.TreeSet<String> partitionFolders(SinkTable table) throws java.io.IOException {
        java.util.TreeSet<String> folders = new java.util.TreeSet<>();
        for (String key : store.list(table.folder() + "/")) {
            String partition = LakeLayout.partitionOf(key);
            if (partition != null) {
                folders.add(partition);
            }
        }
        return folders;
    }

    /**
     * The table over {@code <table>_current}'s manifest and its view; re-created when the catalog's
     * columns differ from the pipeline's (a column added): the table has no partitions, so that
     * costs two statements, and the view is replaced after it.
     */
    private void ensureCurrentTable(SinkTable table, AthenaTable athena) {
        String name = table.definition().target().currentTable();
        ensureCurrentTable(athena, name, CurrentLayout.manifestFolder(name));
    }

    /**
     * A table version's own current-state table in Athena ({@code <table>__v<N>_current_all}) over
     * the version's own manifest; readers' names become views of it ({@link AthenaCatalog#showCurrentVersion}),
     * so their columns and files change in one catalog update.
     */
    private void ensureVersionCurrentTable(SinkTable version, AthenaTable athena) {
        ensureCurrentTable(athena, currentOf(athena), CurrentLayout.ownManifestFolder(version.ownCurrentTable(),
                version.definition().target().currentTable()));
    }

    private void ensureCurrentTable(AthenaTable athena, String name, String manifestFolder) {
        boolean differs = catalog.findTable(name + AthenaDdl.CURRENT_ALL_SUFFIX)
                .map(existing -> !existing.columns().equals(athena.columns())).orElse(false);
        catalog.ensureCurrentTable(athena, name, s3Uri(manifestFolder), differs);
    }

    /** The Athena name of the current-state table of the version {@code athena} is the table of. */
    private static String currentOf(AthenaTable athena) {
        return TargetSpec.currentTableOf(athena.name());
    }

    private String s3Uri(String key) {
        return "s3://" + lake.bucket() + "/" + lake.objectKey(key);
    }

    /** The table's live version as Athena keeps it: under its catalog name, over its lake folder. */
    private AthenaTable athenaTable(SinkTable table, Instant firstPartition) {
        return new AthenaTable(table.live().catalogTable(), AthenaTable.locationOf(lake, table.folder()), table.schema(),
                table.primaryKey(), table.cursor(), table.granularity(), firstPartition);
    }
}
