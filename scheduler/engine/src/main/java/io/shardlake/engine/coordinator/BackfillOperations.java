package io.shardlake.engine.coordinator;

import static io.shardlake.engine.coordinator.OperationRefusedException.Reason.CONFLICT;
import static io.shardlake.engine.coordinator.OperationRefusedException.Reason.NOT_FOUND;

import io.shardlake.connectors.source.Shard;
import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.backfill.Backfill;
import io.shardlake.engine.backfill.BackfillChunk;
import io.shardlake.engine.backfill.BackfillInput;
import io.shardlake.engine.backfill.BackfillPlan;
import io.shardlake.engine.backfill.BackfillPlanner;
import io.shardlake.engine.backfill.BackfillProgress;
import io.shardlake.engine.backfill.BackfillRequest;
import io.shardlake.engine.backfill.BackfillRequestValidator;
import io.shardlake.engine.backfill.BackfillState;
import io.shardlake.engine.backfill.BackfillStore;
import io.shardlake.engine.backfill.FieldError;
import io.shardlake.engine.backfill.InvalidBackfillException;
import io.shardlake.engine.backfill.RowEstimator;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.ChunkScope;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import io.shardlake.engine.source.SourceConnections;
import io.shardlake.transforms.PartitionGranularity;
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
 * What on-call does with backfills (REST): plan one (a dry run lists chunks and row estimates),
 * start it, follow its progress, pause, resume and cancel it. Refusals change nothing:
 * {@link InvalidBackfillException} for a request that cannot be planned (every field problem),
 * {@link OperationRefusedException} for an unknown pipeline or backfill, or a conflicting action.
 * Starting, pausing, resuming and cancelling are recorded in the {@link AuditLog} once they took
 * effect, with the pipeline as subject and the backfill id in the detail.
 *
 * <p>A backfill only replaces partitions scheduled runs no longer write: its range must end at or
 * before the partition holding each shard's watermark minus the lookback (rows above it may still
 * be appended by incremental runs), and every shard must have a watermark (its first load done).
 */
public final class BackfillOperations {

    private static final int MAX_ESTIMATED_CHUNKS = 400;

    private final PipelineOperations pipelines;
    private final SourceConnections sources;
    private final BackfillStore store;
    private final RunQueue queue;
    private final RunRepository runs;
    private final RunScheduler scheduler;
    private final RowEstimator estimator;
    private final BackfillRequestValidator validator;
    private final io.shardlake.engine.window.Lookback lookback;
    private final Runnable wake;
    private final AuditLog audit;
    private final Clock clock;
    private final java.util.function.Consumer<PipelineDefinition> sinksAcceptBackfill;
    private volatile java.util.function.Function<String, Optional<String>> unfinishedRebuild = p -> Optional.empty();

    public BackfillOperations(PipelineOperations pipelines, SourceConnections sources, BackfillStore store, RunQueue queue,
                              RunRepository runs, RunScheduler scheduler, RowEstimator estimator, Duration lookback, Runnable wake,
                              AuditLog audit, Clock clock) {
        this(pipelines, sources, store, queue, runs, scheduler, estimator, lookback, wake, audit, clock, d -> { });
    }

    /**
     * @param sinksAcceptBackfill throws {@link io.shardlake.engine.sink.SinkRefusedException} when a sink of the pipeline
     *                            could not take a backfill's output (e.g. Athena partition projection on S3), so the
     *                            request is refused before anything is queued instead of every chunk failing
     */
    public BackfillOperations(PipelineOperations pipelines, SourceConnections sources, BackfillStore store, RunQueue queue,
                              RunRepository runs, RunScheduler scheduler, RowEstimator estimator, Duration lookback, Runnable wake,
                              AuditLog audit, Clock clock, java.util.function.Consumer<PipelineDefinition> sinksAcceptBackfill) {
        this.sinksAcceptBackfill = sinksAcceptBackfill;
        this.pipelines = pipelines;
        this.sources = sources;
        this.store = store;
        this.queue = queue;
        this.runs = runs;
        this.scheduler = scheduler;
        this.estimator = estimator;
        this.validator = new BackfillRequestValidator(clock);
        this.lookback = new io.shardlake.engine.window.Lookback(lookback);
        this.wake = wake;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param unfinishedRebuild the id of the pipeline's rebuild that has not ended, if any: backfills wait for it */
    public void refuseDuringRebuilds(java.util.function.Function<String, Optional<String>> unfinishedRebuild) {
        this.unfinishedRebuild = unfinishedRebuild;
    }

    /**
     * Checks and plans a request; with {@code dry_run} the plan carries the replicas' row
     * estimates per chunk and shard (EXPLAIN only: no row is read, nothing is written).
     */
    public BackfillPlan plan(String pipeline, BackfillInput input) {
        // the version runs use: a current one waiting for a rebuild must not write the live table
        PipelineDefinition d = scheduler.forRuns(pipelines.definition(pipeline));
        BackfillPlanner planner = BackfillPlanner.forPipeline(d);
        List<String> shards = sources.get(d.source().connection()).shards().stream().map(Shard::id).toList();
        BackfillRequest request = validator.validate(input, shards, planner.granularity());
        checkBelowFrontier(d, request, planner.granularity());
        try {
            sinksAcceptBackfill.accept(d);
        } catch (io.shardlake.engine.sink.SinkRefusedException e) {
            throw new InvalidBackfillException(List.of(new FieldError("", e.getMessage())));
        }
        List<BackfillChunk> chunks = planner.chunks(request);
        List<Map<String, Long>> estimates = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (request.dryRun()) {
            estimate(d, request, chunks, estimates, errors);
        }
        return new BackfillPlan(request, chunks, estimates, errors);
    }

    /** The shards of the pipeline's source, which a backfill may choose from. */
    public List<String> shards(String pipeline) {
        PipelineDefinition d = pipelines.definition(pipeline);
        return sources.get(d.source().connection()).shards().stream().map(Shard::id).toList();
    }

    /** Plans and starts a backfill: its chunk runs are queued in one transaction. */
    public BackfillProgress start(String pipeline, BackfillInput input, String by) {
        return start(pipeline, plan(pipeline, input), by);
    }

    /** Starts a backfill from the plan {@link #plan} just made for the pipeline (no second validation). */
    public BackfillProgress start(String pipeline, BackfillPlan plan, String by) {
        BackfillRequest r = plan.request();
        for (Backfill other : store.unfinished(pipeline)) {
            if (other.overlaps(r.from(), r.to())) {
                throw new OperationRefusedException(CONFLICT, "backfill " + other.id() + " of '" + pipeline + "' (" + other.state()
                        + ") already covers part of [" + r.from() + ", " + r.to() + "): [" + other.from() + ", " + other.to()
                        + "); wait for it or cancel it first");
            }
        }
        Optional<String> rebuild = unfinishedRebuild.apply(pipeline);
        if (rebuild.isPresent()) {
            throw new OperationRefusedException(CONFLICT, "rebuild " + rebuild.get() + " of '" + pipeline + "' has not ended; a backfill"
                    + " now would replace partitions of the version about to be switched out: wait for it or cancel it first");
        }
        PipelineDefinition current = pipelines.definition(pipeline);
        PipelineDefinition d = scheduler.forRuns(current);
        if (d == current) {
            scheduler.keepVersion(d);
        }
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        List<String> subset = r.shards();
        List<RunRecord> chunkRuns = new ArrayList<>();
        for (BackfillChunk c : plan.chunks()) {
            // queued one millisecond apart: the queue hands them out in time order
            chunkRuns.add(RunRecord.queued(UUID.randomUUID().toString(), pipeline, Backfill.chunkRunKey(id, c.index()),
                    TriggerKind.BACKFILL, d.version(), new DataInterval(c.start(), c.end()), now.plusMillis(c.index()), id, subset));
        }
        Backfill backfill = new Backfill(id, pipeline, r.from(), r.to(), subset, r.maxConcurrency(), r.allowedWindow(),
                chunkRuns.size(), BackfillState.ACTIVE, now, now, null);
        store.create(backfill, chunkRuns);
        wake.run();
        audit.record(new AuditEntry(by, "backfill.start", pipeline, "backfill " + id + " [" + r.from() + ", " + r.to() + "), "
                + chunkRuns.size() + " chunk(s), shards " + String.join(",", subset)));
        return progress(id);
    }

    public BackfillProgress progress(String id) {
        Backfill b = backfill(id);
        return new BackfillProgress(b, runs.backfillRuns(id));
    }

    public List<Backfill> list(String pipeline, int limit) {
        pipelines.definition(pipeline);
        return store.forPipeline(pipeline, limit);
    }

    /** Stops starting chunks; a chunk already running finishes. */
    public BackfillProgress pause(String id, String by) {
        change(id, Set.of(BackfillState.ACTIVE), BackfillState.PAUSED, "paused by " + by, "is not active");
        return audited(by, "backfill.pause", id);
    }

    public BackfillProgress resume(String id, String by) {
        // The reason says why the backfill is in its state: a resumed one no longer shows "paused by".
        change(id, Set.of(BackfillState.PAUSED), BackfillState.ACTIVE, "resumed by " + by, "is not paused");
        wake.run();
        return audited(by, "backfill.resume", id);
    }

    /**
     * Ends the backfill: queued chunks end CANCELLED, running ones stop at their next check and
     * discard what they wrote; chunks already done stay replaced.
     */
    public BackfillProgress cancel(String id, String by) {
        String reason = "backfill cancelled by " + by;
        change(id, Set.of(BackfillState.ACTIVE, BackfillState.PAUSED), BackfillState.CANCELLED, reason, "already ended");
        Instant now = clock.instant();
        for (RunRecord run : runs.backfillRuns(id)) {
            if (!run.state().isTerminal()) {
                queue.requestCancel(run.id(), reason, now);
            }
        }
        return audited(by, "backfill.cancel", id);
    }

    private BackfillProgress audited(String by, String action, String id) {
        BackfillProgress p = progress(id);
        audit.record(new AuditEntry(by, action, p.backfill().pipeline(), "backfill " + id));
        return p;
    }

    private void change(String id, Set<BackfillState> from, BackfillState to, String reason, String refusal) {
        backfill(id);
        if (!store.changeState(id, from, to, reason, clock.instant())) {
            throw new OperationRefusedException(CONFLICT, "backfill " + id + " " + refusal + " (it is " + backfill(id).state() + ")");
        }
    }

    private Backfill backfill(String id) {
        return store.byId(id).orElseThrow(() -> new OperationRefusedException(NOT_FOUND, "no backfill '" + id + "'"));
    }

    /**
     * Scheduled runs still append to partitions at or above each shard's watermark minus the
     * lookback: a backfill must end before them, or its replacement would race their appends.
     */
    private void checkBelowFrontier(PipelineDefinition d, BackfillRequest r, PartitionGranularity granularity) {
        Map<String, Instant> watermarks = runs.watermarkInstants(d.name());
        List<FieldError> errors = new ArrayList<>();
        Instant frontier = null;
        String limiting = null;
        for (String shard : r.shards()) {
            Instant w = watermarks.get(shard);
            if (w == null) {
                errors.add(new FieldError("shards", "shard " + shard + " of '" + d.name() + "' has not completed its first load;"
                        + " a backfill replaces partitions the pipeline has already loaded: wait for the first run to succeed"));
                continue;
            }
            Instant open = granularity.start(lookback.below(w));
            if (frontier == null || open.isBefore(frontier)) {
                frontier = open;
                limiting = shard;
            }
        }
        if (errors.isEmpty() && r.to().isAfter(frontier)) {
            errors.add(new FieldError("to", r.to() + " reaches partitions scheduled runs still write: shard " + limiting
                    + "'s watermark minus the lookback (" + lookback + ") is in partition " + granularity.folderOf(frontier)
                    + "; end the backfill at " + frontier + " or earlier"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidBackfillException(errors);
        }
    }

    /** Asks each shard once for all its chunks, so a dead replica costs one connect timeout, not one per chunk. */
    private void estimate(PipelineDefinition d, BackfillRequest r, List<BackfillChunk> chunks, List<Map<String, Long>> estimates,
                          List<String> errors) {
        List<ChunkScope> scopes = chunks.stream().limit(MAX_ESTIMATED_CHUNKS).map(BackfillPlanner::scope).toList();
        Map<String, List<Long>> byShard = new LinkedHashMap<>();
        for (String shard : r.shards()) {
            try {
                byShard.put(shard, estimator.estimate(d, shard, scopes));
            } catch (Exception e) {
                errors.add("shard " + shard + ": " + e.getMessage());
            }
        }
        for (BackfillChunk c : chunks) {
            Map<String, Long> perShard = new LinkedHashMap<>();
            for (String shard : r.shards()) {
                List<Long> rows = byShard.get(shard);
                perShard.put(shard, rows != null && c.index() < rows.size() ? rows.get(c.index()) : -1L);
            }
            estimates.add(perShard);
        }
        if (chunks.size() > MAX_ESTIMATED_CHUNKS) {
            errors.add("only the first " + MAX_ESTIMATED_CHUNKS + " chunks were estimated");
        }
    }
}
