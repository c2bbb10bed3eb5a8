package io.shardlake.app.crash;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.engine.coordinator.BackfillGate;
import io.shardlake.engine.coordinator.CoordinatorSettings;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.coordinator.LiveDefinitions;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.coordinator.RebuildOperations;
import io.shardlake.engine.coordinator.RunCoordinator;
import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.definition.TargetSpec;
import io.shardlake.engine.current.CurrentSettings;
import io.shardlake.engine.current.CurrentTableSink;
import io.shardlake.engine.current.CurrentTableUpdater;
import io.shardlake.engine.metadata.JdbcCurrentTables;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcSinkDeliveries;
import io.shardlake.engine.sink.RunSinks;
import java.nio.file.Files;
import java.nio.file.Path;
import io.shardlake.engine.metadata.JdbcAuditLog;
import io.shardlake.engine.metadata.JdbcBackfillStore;
import io.shardlake.engine.metadata.JdbcRebuildStore;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.metadata.JdbcWrittenVersions;
import io.shardlake.engine.rebuild.RebuildInput;
import io.shardlake.engine.rebuild.RebuildSettings;
import io.shardlake.engine.rebuild.TableVersionSwitch;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.source.SourceConnections;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The rebuild of {@link CrashLoopNode}'s {@code rebuild} mode: the engine's rebuild parts on the
 * node's metadata database, its runner writing table versions, and one rebuild of the pipeline
 * started by whichever node comes first.
 */
final class RebuildOnce {

    private final Clock clock = Clock.systemUTC();
    private final DataSource metadata;
    private final JdbcRunRepository runs;
    private final JdbcRunQueue queue;
    private final PipelineRunner runner;
    private final PipelineDefinition pipeline;
    private final JdbcRebuildStore store;
    private final DefinitionLookup lookup;
    private final RebuildOperations rebuilds;
    private boolean started;

    /** @param sinks the runner's sinks, which show each table version (null: none, the lake's link only) */
    RebuildOnce(DataSource metadata, JdbcRunRepository runs, JdbcRunQueue queue, SourceConnections sources, LocalObjectStore lake,
                PipelineRunner runner, PipelineDefinition pipeline, RunSinks sinks) {
        this.metadata = metadata;
        this.runs = runs;
        this.queue = queue;
        this.runner = runner;
        this.pipeline = pipeline;
        this.store = new JdbcRebuildStore(metadata);
        this.lookup = DefinitionLookup.of(pipeline);
        runner.rebuildWith(sinks == null ? new TableVersionSwitch(store, lake, clock)
                : new TableVersionSwitch(store, lake, sinks, lookup::version, clock));
        LiveDefinitions live = new LiveDefinitions(lookup, new JdbcWrittenVersions(metadata));
        RunScheduler scheduler = new RunScheduler(queue, clock, (d, at) -> { }, live::forRuns);
        JdbcAuditLog audit = new JdbcAuditLog(metadata, clock);
        PipelineOperations pipelines = new PipelineOperations(() -> new PipelineCatalog(List.of(pipeline), List.of()), queue, runs,
                scheduler, () -> { }, audit, clock);
        this.rebuilds = new RebuildOperations(pipelines, lookup, live, sources, store, new JdbcBackfillStore(metadata), queue, runs,
                scheduler, lake, runner::estimateAllRows, new RebuildSettings(100_000, 2, Duration.ofDays(7)), () -> { }, audit, clock);
    }

    /** {@code pipeline} with {@code target.current} on: its runs keep {@code <table>_current}, and a rebuild builds and switches it. */
    static PipelineDefinition withCurrentTable(PipelineDefinition pipeline) {
        TargetSpec t = pipeline.target();
        return new PipelineDefinition(pipeline.name(), pipeline.description(), pipeline.schedule(), pipeline.source(), pipeline.transform(),
                pipeline.partition(), new TargetSpec(t.table(), t.compression(), t.fileSizeBytes(), t.redshift(), true), pipeline.quarantine(),
                pipeline.runs(), pipeline.version() + "-current");
    }

    /**
     * A killed node may die holding the current table's lease; the next one takes the table over once
     * it has expired. Far shorter than the last node's wait, so the loop ends on a table brought up to
     * date whenever the kills land (with 10 minutes it could not, and the check failed).
     */
    static final Duration CURRENT_TABLE_LEASE = Duration.ofSeconds(15);

    /** The current-state table's sink, as the service wires it: deliveries through the metadata's ledger, updates under its lease. */
    static RunSinks currentTableSinks(DataSource metadata, JdbcRunRepository runs, LocalObjectStore lake, Path work, String node)
            throws java.io.IOException {
        CurrentTableUpdater updater = new CurrentTableUpdater(lake, new JdbcCurrentTables(metadata), new CurrentSettings(8,
                CURRENT_TABLE_LEASE, Duration.ZERO), Files.createDirectories(work.resolve("current")), node, Clock.systemUTC());
        return new RunSinks(List.of(new CurrentTableSink(updater)), new JdbcSinkDeliveries(metadata), runs,
                new JdbcPartitionGenerations(metadata), lake.movesFolders(), Clock.systemUTC());
    }

    /** The node's coordinator, with the backfill lane rebuild shard runs take (4 runs at once: the lane gets 2). */
    RunCoordinator node(String id, Duration lease, RunListener listener) {
        return new RunCoordinator(queue, runner, lookup, new BackfillGate(new JdbcBackfillStore(metadata), store, runs, clock), listener,
                new CoordinatorSettings(id, lease, 4, 100), clock);
    }

    /** Whether the rebuild is loading or switching. */
    boolean underway() {
        return !store.unfinished(pipeline.name()).isEmpty();
    }

    /** Starts the rebuild if none was: at once, so that the kills land in its loads (beside the pipeline's own first load). */
    void startOnce() {
        if (started) {
            return;
        }
        if (!store.forPipeline(pipeline.name(), 1).isEmpty()) {
            started = true;
            return;
        }
        String id = rebuilds.start(pipeline.name(), new RebuildInput(null, 1, null, null, false), "crash-loop").rebuild().id();
        System.out.println("rebuild " + id);
        started = true;
    }
}
