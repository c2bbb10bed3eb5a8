package io.shardlake.engine.coordinator;

import static io.shardlake.engine.coordinator.OperationRefusedException.Reason.CONFLICT;
import static io.shardlake.engine.coordinator.OperationRefusedException.Reason.NOT_FOUND;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.backfill.BackfillStore;
import io.shardlake.engine.backfill.FieldError;
import io.shardlake.engine.definition.AllowedWindow;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.rebuild.InvalidRebuildException;
import io.shardlake.engine.rebuild.Rebuild;
import io.shardlake.engine.rebuild.RebuildInput;
import io.shardlake.engine.rebuild.RebuildPlan;
import io.shardlake.engine.rebuild.RebuildProgress;
import io.shardlake.engine.rebuild.RebuildSettings;
import io.shardlake.engine.rebuild.RebuildState;
import io.shardlake.engine.rebuild.RebuildStore;
import io.shardlake.engine.rebuild.SchemaCompatibility;
import io.shardlake.engine.rebuild.TableVersion;
import io.shardlake.engine.rebuild.TableVersionSwitch;
import io.shardlake.engine.run.RunLane;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.source.SourceConnections;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What on-call does with rebuilds (REST, pipeline page): plan one (a dry run estimates rows and
 * time), start it, follow it, pause, resume or cancel it while its shards load, and switch back to
 * the previous table version (a rollback). Refusals change nothing: {@link InvalidRebuildException}
 * for a request that cannot be planned (every field problem), {@link OperationRefusedException}
 * for an unknown pipeline or rebuild, or an action its state does not allow. Every action that
 * took effect is recorded in the {@link AuditLog}.
 *
 * <p>A rebuild loads every shard with the chosen definition version into a new table version
 * beside the live one (one run per shard, backfill lane), then one switch run (incremental lane)
 * catches each shard up from the version's own watermarks and makes it live: see README "Rebuilds".
 */
public final class RebuildOperations {

    /** Estimates one shard's rows for a full load (EXPLAIN). */
    @FunctionalInterface
    public interface TableRowEstimator {
        long estimate(PipelineDefinition definition, String shard) throws Exception;
    }

    private final PipelineOperations pipelines;
    private final DefinitionLookup definitions;
    private final LiveDefinitions live;
    private final SourceConnections sources;
    private final RebuildStore store;
    private final BackfillStore backfills;
    private final RunQueue queue;
    private final RunRepository runs;
    private final RunScheduler scheduler;
    private final ObjectStore lake;
    private final TableVersionSwitch versionSwitch;
    private final TableRowEstimator estimator;
    private final RebuildSettings settings;
    private final Runnable wake;
    private final AuditLog audit;
    private final Clock clock;

    /** Rebuilds that switch the lake only (no catalog or Redshift table follows). */
    public RebuildOperations(PipelineOperations pipelines, DefinitionLookup definitions, LiveDefinitions live, SourceConnections sources,
                             RebuildStore store, BackfillStore backfills, RunQueue queue, RunRepository runs, RunScheduler scheduler,
                             ObjectStore lake, TableRowEstimator estimator, RebuildSettings settings, Runnable wake, AuditLog audit,
                             Clock clock) {
        this(pipelines, definitions, live, sources, store, backfills, queue, runs, scheduler, lake, new TableVersionSwitch(store, lake, clock),
                estimator, settings, wake, audit, clock);
    }

    /** @param versionSwitch the switch the runner uses too (the lake, the Athena catalog, the Redshift tables) */
    public RebuildOperations(PipelineOperations pipelines, DefinitionLookup definitions, LiveDefinitions live, SourceConnections sources,
                             RebuildStore store, BackfillStore backfills, RunQueue queue, RunRepository runs, RunScheduler scheduler,
                             ObjectStore lake, TableVersionSwitch versionSwitch, TableRowEstimator estimator, RebuildSettings settings,
                             Runnable wake, AuditLog audit, Clock clock) {
        this.pipelines = pipelines;
        this.definitions = definitions;
        this.live = live;
        this.sources = sources;
        this.store = store;
        this.backfills = backfills;
        this.queue = queue;
        this.runs = runs;
        this.scheduler = scheduler;
        this.lake = lake;
        this.versionSwitch = versionSwitch;
        this.estimator = estimator;
        this.settings = settings;
        this.wake = wake;
        this.audit = audit;
        this.clock = clock;
    }

    /** Checks and plans a request; with {@code dry_run} the plan carries the replicas' row estimates (EXPLAIN only). */
    public RebuildPlan plan(String pipeline, RebuildInput input) {
        PipelineDefinition current = pipelines.definition(pipeline);
        List<FieldError> errors = new ArrayList<>();
        PipelineDefinition target = current;
        if (input.definitionVersion() != null && !input.definitionVersion().isBlank()) {
            target = definitions.version(pipeline, input.definitionVersion().trim()).orElse(null);
            if (target == null) {
                errors.add(new FieldError("definition_version", "'" + pipeline + "' has no stored definition version '"
                        + input.definitionVersion().trim() + "'; leave it empty for the current version " + current.version()));
            }
        }
        if (target != null && !target.target().table().equals(current.target().table())) {
            errors.add(new FieldError("definition_version", "version " + target.version() + " writes table " + target.target().table()
                    + ", not " + current.target().table() + ": a rebuild keeps the table's name"));
        }
        List<String> shards = sources.get(current.source().connection()).shards().stream().map(Shard::id).toList();
        int concurrency = input.maxConcurrency() == null ? Math.min(settings.defaultConcurrency(), shards.size()) : input.maxConcurrency();
        if (concurrency < 1 || concurrency > shards.size()) {
            errors.add(new FieldError("max_concurrency", "must be between 1 and the source's " + shards.size() + " shards, was "
                    + concurrency));
        }
        AllowedWindow window = io.shardlake.engine.backfill.BackfillRequestValidator.allowedWindow(input.allowedWindow(), input.zone(),
                errors);
        if (!errors.isEmpty()) {
            throw new InvalidRebuildException(errors);
        }
        List<TableVersion> versions = store.versions(pipeline);
        int from = versions.stream().filter(v -> v.state() == TableVersion.State.LIVE).mapToInt(TableVersion::version).findFirst().orElse(1);
        int version = versions.stream().mapToInt(TableVersion::version).max().orElse(1) + 1;
        String written = live.writtenVersion(pipeline);
        PipelineDefinition writer = written == null ? null : definitions.version(pipeline, written).orElse(null);
        List<String> applies = writer == null ? List.of() : SchemaCompatibility.problems(writer, target);
        Map<String, Long> estimates = new LinkedHashMap<>();
        List<String> estimateErrors = new ArrayList<>();
        if (input.dryRun()) {
            for (String shard : shards) {
                try {
                    estimates.put(shard, estimator.estimate(target, shard));
                } catch (Exception e) {
                    estimates.put(shard, -1L);
                    estimateErrors.add("shard " + shard + ": " + e.getMessage());
                }
            }
        }
        long rows = estimates.values().stream().mapToLong(v -> Math.max(0, v)).sum();
        Duration duration = Duration.ofSeconds(rows / (settings.rowsPerSecondPerShard() * Math.min(concurrency, shards.size())));
        Instant now = clock.instant();
        Instant startsAt = window == null || window.isOpen(now) ? now : window.nextOpening(now);
        return new RebuildPlan(pipeline, version, from, target.version(), shards, concurrency, window, estimates, duration, startsAt,
                applies, estimateErrors);
    }

    /** Plans and starts a rebuild: its table version is recorded and its shard runs queued in one transaction. */
    public RebuildProgress start(String pipeline, RebuildInput input, String by) {
        RebuildPlan plan = plan(pipeline, input);
        store.unfinished(pipeline).stream().findFirst().ifPresent(other -> {
            throw new OperationRefusedException(CONFLICT, "rebuild " + other.id() + " of '" + pipeline + "' is " + other.state()
                    + "; wait for it or cancel it first");
        });
        if (!backfills.unfinished(pipeline).isEmpty()) {
            throw new OperationRefusedException(CONFLICT, "backfill " + backfills.unfinished(pipeline).get(0).id() + " of '" + pipeline
                    + "' has not ended; its partitions would be lost at the switch: wait for it or cancel it first");
        }
        PipelineDefinition target = definitions.version(pipeline, plan.definitionVersion()).orElseThrow();
        scheduler.keepVersion(target);
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        String table = target.target().table();
        List<TableVersion> added = new ArrayList<>();
        if (store.versions(pipeline).isEmpty()) {
            String written = live.writtenVersion(pipeline);
            added.add(new TableVersion(pipeline, 1, written == null ? target.version() : written, table, TableVersion.State.LIVE, null,
                    now, now, null));
        }
        added.add(new TableVersion(pipeline, plan.version(), target.version(), table, TableVersion.State.BUILDING, id, now, null, null));
        List<RunRecord> shardRuns = new ArrayList<>();
        int i = 0;
        for (String shard : plan.shards()) {
            // queued one millisecond apart: the queue hands them out in shard order
            shardRuns.add(RunRecord.queued(UUID.randomUUID().toString(), pipeline, Rebuild.shardRunKey(id, shard), TriggerKind.REBUILD,
                    target.version(), null, now.plusMillis(i++), id, List.of(shard)));
        }
        Rebuild rebuild = new Rebuild(id, pipeline, plan.version(), plan.fromVersion(), target.version(), plan.shards(),
                plan.maxConcurrency(), plan.allowedWindow(), RebuildState.ACTIVE, now, now, null);
        store.create(rebuild, added, shardRuns);
        wake.run();
        audit.record(new AuditEntry(by, "rebuild.start", pipeline, "rebuild " + id + " into table version " + plan.version()
                + " with definition version " + target.version() + ", " + shardRuns.size() + " shard(s)"));
        return progress(id);
    }

    public RebuildProgress progress(String id) {
        Rebuild r = rebuild(id);
        Map<String, io.shardlake.engine.run.ShardCounts> slices = new LinkedHashMap<>();
        String stream = io.shardlake.engine.run.TaskScope.Rebuild.streamOf(r.pipeline(), r.version());
        if (r.state().isUnfinished()) { // a shard still loading has its committed slices in its checkpoint
            for (String shard : r.shards()) {
                runs.checkpoint(stream, shard).ifPresent(c -> slices.put(shard, c.loaded()));
            }
        }
        return new RebuildProgress(r, runs.backfillRuns(id), slices);
    }

    public List<Rebuild> list(String pipeline, int limit) {
        pipelines.definition(pipeline);
        return store.forPipeline(pipeline, limit);
    }

    public List<TableVersion> versions(String pipeline) {
        pipelines.definition(pipeline);
        return store.versions(pipeline);
    }

    /** Stops starting shards; a shard already loading finishes. */
    public RebuildProgress pause(String id, String by) {
        change(id, Set.of(RebuildState.ACTIVE), RebuildState.PAUSED, "paused by " + by, "is not loading");
        return audited(by, "rebuild.pause", id);
    }

    public RebuildProgress resume(String id, String by) {
        change(id, Set.of(RebuildState.PAUSED), RebuildState.ACTIVE, "resumed by " + by, "is not paused");
        wake.run();
        return audited(by, "rebuild.resume", id);
    }

    /**
     * Ends the rebuild before its switch: queued shards end CANCELLED, loading ones stop; the live
     * version never changed. Also while SWITCHING (a switch run waiting for its next attempt, or one
     * catching up): the metadata switch only makes a SWITCHING rebuild live, in the same transaction,
     * so a cancel that got there first rolls that switch back, and one that came after is refused.
     */
    public RebuildProgress cancel(String id, String by) {
        String reason = "rebuild cancelled by " + by;
        change(id, Set.of(RebuildState.ACTIVE, RebuildState.PAUSED, RebuildState.SWITCHING), RebuildState.CANCELLED, reason,
                "cannot be cancelled: it has ended (a rebuild that went live is undone by a rollback)");
        Instant now = clock.instant();
        for (RunRecord run : runs.backfillRuns(id)) {
            if (!run.state().isTerminal()) {
                queue.requestCancel(run.id(), reason, now);
            }
        }
        return audited(by, "rebuild.cancel", id);
    }

    /**
     * Switches the pipeline back to the version that was live before the current one. The pipeline
     * must be paused with no run in progress, so no run writes either version during the switch;
     * resume it afterwards and its next run catches the old version up from its own watermarks.
     */
    public List<TableVersion> rollback(String pipeline, String by) {
        pipelines.definition(pipeline);
        List<TableVersion> versions = store.versions(pipeline);
        TableVersion current = versions.stream().filter(v -> v.state() == TableVersion.State.LIVE).findFirst()
                .orElseThrow(() -> new OperationRefusedException(CONFLICT, "'" + pipeline + "' was never rebuilt: there is no version to"
                        + " switch back to"));
        Optional<TableVersion> previous = versions.stream().filter(v -> v.state() == TableVersion.State.RETIRED && v.retiredAt() != null)
                .max(java.util.Comparator.comparing(TableVersion::retiredAt));
        if (previous.isEmpty()) {
            throw new OperationRefusedException(CONFLICT, "'" + pipeline + "' has no retired version to switch back to");
        }
        if (!store.unfinished(pipeline).isEmpty()) {
            throw new OperationRefusedException(CONFLICT, "rebuild " + store.unfinished(pipeline).get(0).id() + " of '" + pipeline
                    + "' has not ended; cancel it first");
        }
        if (!queue.isPaused(pipeline)) {
            throw new OperationRefusedException(CONFLICT, "pause '" + pipeline + "' first (POST /api/pipelines/" + pipeline
                    + "/pause), so that no run writes either version during the switch; resume it afterwards");
        }
        Optional<RunRecord> running = runs.recentRuns(pipeline, 20).stream()
                .filter(r -> r.state() == RunState.RUNNING && r.lane() == RunLane.INCREMENTAL).findFirst();
        if (running.isPresent()) {
            throw new OperationRefusedException(CONFLICT, "run " + running.get().id() + " of '" + pipeline + "' is still running;"
                    + " roll back when it has ended");
        }
        try {
            versionSwitch.switchBack(pipeline, current.version(), previous.get().version());
        } catch (IOException e) {
            throw new IllegalStateException("switching '" + pipeline + "' back to version " + previous.get().version() + " failed: "
                    + e.getMessage() + (store.versions(pipeline).stream().anyMatch(v -> v.version() == previous.get().version()
                    && v.state() == TableVersion.State.LIVE) ? "; the metadata says it is live: the pipeline's next run (resume it) points"
                    + " the lake, Athena and Redshift at it before it writes" : "; nothing changed, version " + current.version()
                    + " is still live"), e);
        }
        audit.record(new AuditEntry(by, "rebuild.rollback", pipeline, "table version " + previous.get().version() + " live again in"
                + " place of version " + current.version()));
        return store.versions(pipeline);
    }

    /**
     * Deletes table versions kept long enough: retired more than {@code retention} ago, or built by
     * a rebuild that ended without a switch. Each is first marked DISCARDED (so no rollback can pick
     * it), then its catalog entry and Redshift table are dropped and its folder emptied (on S3
     * version 1's folder is the table's own, {@code <table>/}); a crash in between leaves what no
     * reader looks at, removed by the next sweep.
     *
     * @return how many versions were swept
     */
    public int deleteExpiredVersions() throws IOException {
        int swept = 0;
        for (TableVersion v : store.expired(clock.instant().minus(settings.retention()))) {
            store.discard(v.pipeline(), v.version(), clock.instant());
            List<String> keys = lake.list(versionSwitch.folderOf(v.table(), v.version()) + "/");
            if (v.state() != TableVersion.State.DISCARDED || !keys.isEmpty()) {
                versionSwitch.dropElsewhere(v); // before the files: a version swept before has nothing left anywhere
            }
            for (String key : keys) {
                lake.delete(key);
            }
            swept++;
        }
        return swept;
    }

    private RebuildProgress audited(String by, String action, String id) {
        RebuildProgress p = progress(id);
        audit.record(new AuditEntry(by, action, p.rebuild().pipeline(), "rebuild " + id));
        return p;
    }

    private void change(String id, Set<RebuildState> from, RebuildState to, String reason, String refusal) {
        rebuild(id);
        if (!store.changeState(id, from, to, reason, clock.instant())) {
            throw new OperationRefusedException(CONFLICT, "rebuild " + id + " " + refusal + " (it is " + rebuild(id).state() + ")");
        }
    }

    private Rebuild rebuild(String id) {
        return store.byId(id).orElseThrow(() -> new OperationRefusedException(NOT_FOUND, "no rebuild '" + id + "'"));
    }
}
