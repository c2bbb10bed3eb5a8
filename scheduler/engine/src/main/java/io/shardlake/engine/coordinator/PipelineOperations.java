package io.shardlake.engine.coordinator;

import static io.shardlake.engine.coordinator.OperationRefusedException.Reason.CONFLICT;
import static io.shardlake.engine.coordinator.OperationRefusedException.Reason.NOT_FOUND;

import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.CronIntervals;
import io.shardlake.engine.coordinator.RunScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What people do to pipelines and runs (REST and UI): trigger, pause, resume, cancel, and the
 * status of each pipeline. Refusals are {@link OperationRefusedException}s that change nothing.
 * Every action that took effect is recorded in the {@link AuditLog} with who asked, here and only
 * here, so the API and the pages are audited alike; a refused action is not recorded.
 */
public final class PipelineOperations {

    private final Supplier<PipelineCatalog> catalog;
    private final RunQueue queue;
    private final RunRepository runs;
    private final RunScheduler scheduler;
    private final Runnable wake;
    private final AuditLog audit;
    private final Clock clock;

    /** @param wake tells this node's coordinator that a run was queued, so it need not wait for its next poll */
    public PipelineOperations(Supplier<PipelineCatalog> catalog, RunQueue queue, RunRepository runs, RunScheduler scheduler,
                              Runnable wake, AuditLog audit, Clock clock) {
        this.catalog = catalog;
        this.queue = queue;
        this.runs = runs;
        this.scheduler = scheduler;
        this.wake = wake;
        this.audit = audit;
        this.clock = clock;
    }

    public PipelineDefinition definition(String pipeline) {
        return catalog.get().get(pipeline).orElseThrow(() -> new OperationRefusedException(NOT_FOUND, "no pipeline '" + pipeline + "'"));
    }

    /** Queues a run now; refused while the pipeline is paused. {@code by} is who asked, as audited. */
    public RunRecord trigger(String pipeline, String by) {
        PipelineDefinition d = definition(pipeline);
        if (queue.isPaused(pipeline)) {
            throw new OperationRefusedException(CONFLICT, "pipeline '" + pipeline + "' is paused; resume it first");
        }
        RunRecord run = scheduler.enqueueManual(d).run();
        wake.run();
        audit.record(new AuditEntry(by, "pipeline.trigger", pipeline, "run " + run.id()));
        return run;
    }

    /**
     * Queues a reconciliation of the pipeline's keys now (it starts inside its reconcile window);
     * refused for a pipeline without {@code source.reconcile} or while it is paused.
     */
    public RunRecord reconcile(String pipeline, String by) {
        PipelineDefinition d = definition(pipeline);
        if (d.source().reconcile() == null) {
            throw new OperationRefusedException(CONFLICT, "pipeline '" + pipeline + "' does not reconcile its keys: add source.reconcile"
                    + " (e.g. reconcile: {every: 24h}) to its definition");
        }
        if (queue.isPaused(pipeline)) {
            throw new OperationRefusedException(CONFLICT, "pipeline '" + pipeline + "' is paused; resume it first");
        }
        RunRecord run = scheduler.enqueueManualReconcile(d).run();
        wake.run();
        audit.record(new AuditEntry(by, "pipeline.reconcile", pipeline, "run " + run.id()));
        return run;
    }

    public void pause(String pipeline, String by) {
        definition(pipeline);
        if (queue.isPaused(pipeline)) {
            throw new OperationRefusedException(CONFLICT, "pipeline '" + pipeline + "' is already paused");
        }
        queue.setPaused(pipeline, true, by, clock.instant());
        audit.record(new AuditEntry(by, "pipeline.pause", pipeline, ""));
    }

    /** Resumes the pipeline and queues what its catch-up policy says for the time it was paused. */
    public List<RunRecord> resume(String pipeline, String by) {
        PipelineDefinition d = definition(pipeline);
        if (!queue.isPaused(pipeline)) {
            throw new OperationRefusedException(CONFLICT, "pipeline '" + pipeline + "' is not paused");
        }
        queue.setPaused(pipeline, false, by, clock.instant());
        List<RunRecord> queued = scheduler.catchUp(d).stream().filter(RunQueue.Enqueued::created).map(RunQueue.Enqueued::run).toList();
        wake.run();
        audit.record(new AuditEntry(by, "pipeline.resume", pipeline, queued.size() + " catch-up run(s) queued"));
        return queued;
    }

    public RunRecord cancel(String runId, String by) {
        RunRecord run = runs.run(runId).orElseThrow(() -> new OperationRefusedException(NOT_FOUND, "no run '" + runId + "'"));
        if (run.state().isTerminal()) {
            throw new OperationRefusedException(CONFLICT, "run " + runId + " already ended " + run.state());
        }
        queue.requestCancel(runId, "cancelled by " + by, clock.instant());
        // The pipeline is the subject, so one pipeline's history shows its runs' cancels too.
        audit.record(new AuditEntry(by, "run.cancel", run.pipeline(), "run " + runId));
        return runs.run(runId).orElseThrow();
    }

    /**
     * Queues a manual run of only the shards whose last attempt in the ended run {@code runId}
     * failed: each continues from its own watermark, as in any incremental run, so nothing is read
     * twice into the lake. Only for incremental runs (a backfill chunk is retried by posting its
     * range again); refused while the pipeline is paused, and for a run that is still going or had
     * no failed shard.
     */
    public RunRecord retryFailedShards(String runId, String by) {
        RunRecord run = run(runId);
        PipelineDefinition d = definition(run.pipeline());
        if (run.lane() != io.shardlake.engine.run.RunLane.INCREMENTAL || run.trigger() == io.shardlake.engine.run.TriggerKind.EVENT
                || run.trigger() == io.shardlake.engine.run.TriggerKind.COMPACTION) {
            throw new OperationRefusedException(CONFLICT, "run " + runId + " is a " + run.trigger() + " run; only scheduled, catch-up,"
                    + " first and manual runs retry their failed shards (a backfill: post its range again)");
        }
        if (!run.state().isTerminal()) {
            throw new OperationRefusedException(CONFLICT, "run " + runId + " is still " + run.state() + "; retry its shards once it ended");
        }
        Map<String, io.shardlake.engine.run.ShardRunRecord> last = new java.util.TreeMap<>();
        runs.shardRuns(runId).forEach(t -> last.merge(t.shard(), t, (a, b) -> b.attempt() > a.attempt() ? b : a));
        List<String> failed = last.values().stream().filter(t -> t.state() == io.shardlake.engine.run.ShardRunState.FAILED)
                .map(io.shardlake.engine.run.ShardRunRecord::shard).toList();
        if (failed.isEmpty()) {
            throw new OperationRefusedException(CONFLICT, "run " + runId + " has no failed shard to retry");
        }
        if (queue.isPaused(d.name())) {
            throw new OperationRefusedException(CONFLICT, "pipeline '" + d.name() + "' is paused; resume it first");
        }
        RunRecord retry = scheduler.enqueueManual(d, failed).run();
        wake.run();
        audit.record(new AuditEntry(by, "run.retry_shards", d.name(), "run " + retry.id() + " retries " + String.join(",", failed)
                + " of run " + runId));
        return retry;
    }

    public RunRecord run(String runId) {
        return runs.run(runId).orElseThrow(() -> new OperationRefusedException(NOT_FOUND, "no run '" + runId + "'"));
    }

    /** Every pipeline's status; its last run is the newest of one of {@code lastRunKinds} (the pages' filter). */
    public List<PipelineStatus> statuses(Set<TriggerKind> lastRunKinds) {
        Set<String> paused = queue.pausedPipelines();
        List<PipelineDefinition> all = catalog.get().all();
        Map<String, RunRecord> last = runs.lastRuns(all.stream().map(PipelineDefinition::name).toList(), lastRunKinds);
        Map<String, Instant> watermarks = runs.oldestWatermarks();
        Instant now = clock.instant();
        return all.stream().map(d -> status(d, paused, last, watermarks, now)).toList();
    }

    /** As {@link #statuses}, one pipeline. */
    public PipelineStatus status(String pipeline, Set<TriggerKind> lastRunKinds) {
        PipelineDefinition d = definition(pipeline);
        Map<String, RunRecord> last = runs.lastRuns(List.of(pipeline), lastRunKinds);
        return status(d, queue.pausedPipelines(), last, runs.oldestWatermarks(), clock.instant());
    }

    private static PipelineStatus status(PipelineDefinition d, Set<String> paused, Map<String, RunRecord> last,
                                         Map<String, Instant> watermarks, Instant now) {
        boolean isPaused = paused.contains(d.name());
        Instant next = isPaused ? null : CronIntervals.of(d.schedule()).nextFireAfter(now);
        Instant oldest = watermarks.get(d.name());
        return new PipelineStatus(d, isPaused, next, last.get(d.name()), oldest == null ? null : Duration.between(oldest, now), oldest);
    }
}
