package io.shardlake.connectors.athena;

import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.athena.SchemaEvolution.SchemaChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a target's Athena table and {@code <table>_latest} view in step with its output schema.
 *
 * <p>Use: {@link #plan} before a run writes any file (it reads the catalog only and throws
 * {@link IncompatibleSchemaException} when the new schema cannot be carried over, so the run can
 * fail with nothing written); {@link #ensureTable} after the run's files are published (creates the
 * table if missing, adds new columns, widens by re-creating, moves the projection range earlier if
 * needed, replaces the view); then {@link #registerPartitions} with the partitions the run wrote
 * (a no-op with partition projection). Each call is idempotent.
 */
public final class AthenaCatalog {

    private static final Logger log = LoggerFactory.getLogger(AthenaCatalog.class);

    /**
     * What {@link #ensureTable} does to the table itself; the view is replaced in every case.
     * RECREATE drops and creates the table (a widened column): with catalog partitions the new
     * table has none, so the caller registers every existing partition again.
     */
    public enum Action { CREATE, EVOLVE, RECREATE, UNCHANGED }

    /**
     * The statements that bring a table up to date, in order.
     *
     * @param change columns added and widened (empty for a new table)
     */
    public record TablePlan(AthenaTable table, Action action, SchemaChange change, List<String> statements) {
        public TablePlan {
            statements = List.copyOf(statements);
        }
    }

    private final AthenaQueries queries;
    private final AthenaDdl ddl;
    private final PartitionRegistration partitions;

    public AthenaCatalog(AthenaQueries queries) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.ddl = new AthenaDdl(queries.settings().database());
        this.partitions = queries.settings().partitions();
    }

    /** How this catalog's tables get their partitions (the settings'). */
    public PartitionRegistration partitions() {
        return partitions;
    }

    public AthenaDdl ddl() {
        return ddl;
    }

    /**
     * Reads the existing table and works out the statements; runs none.
     *
     * @throws IncompatibleSchemaException when the schema cannot be carried over (nothing was changed)
     */
    public TablePlan plan(AthenaTable table) {
        Optional<ExistingTable> found = queries.findTable(table.name());
        List<String> statements = new ArrayList<>();
        if (found.isEmpty()) {
            statements.add(ddl.createTable(table, partitions));
            statements.add(ddl.latestView(table));
            return new TablePlan(table, Action.CREATE, new SchemaChange(List.of(), List.of()), statements);
        }
        ExistingTable existing = found.get();
        SchemaChange change = SchemaEvolution.compare(existing, table);
        String rangeStart = rangeStart(existing, table);
        Action action;
        if (!change.widenings().isEmpty()) {
            // Athena cannot ALTER a Parquet column's type: drop the catalog entry (files stay) and create it anew.
            // With catalog partitions the new table has none: the caller registers them again (see RECREATE).
            statements.add(ddl.dropTable(table));
            statements.add(ddl.createTable(table, partitions, rangeStart));
            action = Action.RECREATE;
        } else {
            if (!change.additions().isEmpty()) {
                statements.add(ddl.addColumns(table, change.additions()));
            }
            Map<String, String> properties = propertiesToSet(existing, table, rangeStart);
            if (!properties.isEmpty()) {
                statements.add(ddl.setTableProperties(table, properties));
            }
            action = statements.isEmpty() ? Action.UNCHANGED : Action.EVOLVE;
        }
        statements.add(ddl.latestView(table));
        return new TablePlan(table, action, change, statements);
    }

    /** Runs a plan's statements in order; stops at the first that fails ({@link AthenaQueryException}). */
    public TablePlan apply(TablePlan plan) {
        for (String statement : plan.statements()) {
            queries.execute(statement);
        }
        if (plan.action() != Action.UNCHANGED) {
            log.info("Athena table {}.{}: {} ({} added, {} widened)", queries.settings().database(), plan.table().name(),
                    plan.action(), plan.change().additions(), plan.change().widenings());
        }
        return plan;
    }

    /** {@link #plan} then {@link #apply}: create if missing, evolve, refuse if incompatible, replace the view. */
    public TablePlan ensureTable(AthenaTable table) {
        return apply(plan(table));
    }

    /**
     * Makes the given partitions ({@code dt=...} folders a run wrote) queryable: with
     * {@link PartitionRegistration#CATALOG}, {@code ADD IF NOT EXISTS PARTITION} statements; with
     * projection nothing, since Athena ignores catalog partitions on a projected table.
     *
     * @return the statements run
     */
    public List<String> registerPartitions(AthenaTable table, List<String> partitionFolders) {
        if (partitions == PartitionRegistration.PROJECTION) {
            return List.of();
        }
        List<String> statements = ddl.addPartitions(table, partitionFolders);
        statements.forEach(queries::execute);
        return statements;
    }

    /**
     * Points a partition at another folder of the table (a backfill's new generation on S3):
     * registers it if missing, then {@code SET LOCATION}, one atomic switch for queries.
     *
     * @throws IllegalStateException under partition projection, which reads every partition from its {@code dt=} folder
     */
    public List<String> relocatePartition(AthenaTable table, String partitionFolder, String location) {
        if (partitions == PartitionRegistration.PROJECTION) {
            throw new IllegalStateException("table " + table.name() + " uses partition projection, which reads partition "
                    + partitionFolder + " from its own folder only; a replaced generation at " + location
                    + " cannot become visible: set shardlake.athena.partitions=catalog");
        }
        List<String> statements = new ArrayList<>(ddl.addPartitions(table, List.of(partitionFolder)));
        statements.add(ddl.setPartitionLocation(table, partitionFolder, location));
        statements.forEach(queries::execute);
        return statements;
    }

    /** Where the projection should start: the table's first partition, or the existing start if that is earlier. */
    private static String rangeStart(ExistingTable existing, AthenaTable table) {
        String wanted = table.firstPartitionValue();
        String range = existing.parameter(AthenaDdl.PROJECTION_RANGE);
        if (range == null || !range.contains(",")) {
            return wanted;
        }
        String current = range.substring(0, range.indexOf(',')).strip();
        // dt values are fixed-width, most significant field first: text order is time order.
        return current.length() == wanted.length() && current.compareTo(wanted) < 0 ? current : wanted;
    }

    private Map<String, String> propertiesToSet(ExistingTable existing, AthenaTable table, String rangeStart) {
        Map<String, String> set = new LinkedHashMap<>();
        if (partitions != PartitionRegistration.PROJECTION) {
            return set;
        }
        if (!"true".equalsIgnoreCase(existing.parameter(AthenaDdl.PROJECTION_ENABLED))) {
            // A table made without projection (or by hand): turn it on, or new partitions stay invisible.
            set.putAll(AthenaDdl.tableProperties(table, partitions));
            set.put(AthenaDdl.PROJECTION_RANGE, AthenaDdl.projectionRange(table, rangeStart));
            return set;
        }
        String range = AthenaDdl.projectionRange(table, rangeStart);
        if (!range.equals(existing.parameter(AthenaDdl.PROJECTION_RANGE))) {
            set.put(AthenaDdl.PROJECTION_RANGE, range);
        }
        return set;
    }

    /**
     * Creates, or after a schema change re-creates, the table over a current-state table's
     * manifest and its view ({@link AthenaDdl#createCurrentTable}, {@link AthenaDdl#currentView}).
     * Every statement is idempotent.
     *
     * @param recreate whether the columns changed since the table was created
     * @return the statements run
     */
    public List<String> ensureCurrentTable(AthenaTable table, String name, String manifestFolder, boolean recreate) {
        List<String> statements = new java.util.ArrayList<>();
        if (recreate) {
            statements.add(ddl.dropCurrentTable(name));
        }
        statements.add(ddl.createCurrentTable(table, name, manifestFolder));
        statements.add(ddl.currentView(table, name));
        statements.forEach(queries::execute);
        return statements;
    }

    /**
     * Shows the table version {@code version} (a table of its own, {@code <table>__v<N>}, with its
     * {@code _latest} view, see {@link #ensureTable}) under the names readers query: {@code name}
     * and {@code name_latest} become views over it, each replaced in one catalog update. The first
     * time, {@code name} is still the external table of version 1: its entry is dropped (its files
     * stay) just before the view takes its name, so for that instant the name is absent, never
     * mixed. Idempotent.
     *
     * @return the statements run
     */
    public List<String> showVersion(AthenaTable version, String name) {
        List<String> statements = new ArrayList<>();
        statements.add(ddl.versionLatestView(version, name));
        if (queries.findTable(name).filter(t -> !t.isView()).isPresent()) {
            statements.add(ddl.dropTable(name));
        }
        statements.add(ddl.versionView(version, name));
        statements.forEach(queries::execute);
        return statements;
    }

    /**
     * Shows the current-state table of a table version under the names readers query: {@code name}
     * (without tombstones) and {@code name_all} become views of the version's own table
     * {@code <over>_all} (see {@link #ensureCurrentTable}), each replaced in one catalog update.
     * {@code name} moves first, so it never reads a missing table; the first time, {@code name_all}
     * is still the table of version 1: its entry is dropped (its files stay) just before the view
     * takes its name, so for that instant that name is absent, never mixed. Idempotent.
     *
     * @return the statements run
     */
    public List<String> showCurrentVersion(AthenaTable version, String name, String over) {
        List<String> statements = new ArrayList<>();
        statements.add(ddl.currentView(version, name, over));
        if (queries.findTable(name + AthenaDdl.CURRENT_ALL_SUFFIX).filter(t -> !t.isView()).isPresent()) {
            statements.add(ddl.dropCurrentTable(name));
        }
        statements.add(ddl.currentAllView(version, name, over));
        statements.forEach(queries::execute);
        return statements;
    }

    /** Drops a table version's current-state table entries (its view, then the table; the files stay). Idempotent. */
    public List<String> dropCurrentVersion(String name) {
        List<String> statements = List.of(ddl.dropView(name), ddl.dropCurrentTable(name));
        statements.forEach(queries::execute);
        return statements;
    }

    /** Drops a table version's catalog entries (its {@code _latest} view, then the table; the files stay). Idempotent. */
    public List<String> dropVersion(String versionTable) {
        List<String> statements = List.of(ddl.dropView(versionTable + AthenaTable.LATEST_VIEW_SUFFIX), ddl.dropTable(versionTable));
        statements.forEach(queries::execute);
        return statements;
    }

    /** The catalog's entry of {@code name}, if it exists. */
    public java.util.Optional<ExistingTable> findTable(String name) {
        return queries.findTable(name);
    }
}
