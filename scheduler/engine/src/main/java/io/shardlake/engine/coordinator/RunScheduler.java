package io.shardlake.engine.coordinator;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.CatchupPlan;
import io.shardlake.engine.schedule.CronIntervals;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Turns schedule fires, catch-up and people's triggers into queued runs, each with its data
 * interval. A scheduled interval's identity is {@code scheduled:<interval end>}: however many
 * nodes fire it, or a catch-up computes it again, it is queued once.
 *
 * <p>The definition version recorded with a run (and its text, via {@code versionKeeper}) is the
 * one current when the run is queued; the run executes that version wherever it runs.
 */
public final class RunScheduler {

    private final RunQueue queue;
    private final Clock clock;
    private final BiConsumer<PipelineDefinition, Instant> versionKeeper;
    private final java.util.function.UnaryOperator<PipelineDefinition> forRuns;

    /** @param versionKeeper stores the text of a definition version before a run refers to it */
    public RunScheduler(RunQueue queue, Clock clock, BiConsumer<PipelineDefinition, Instant> versionKeeper) {
        this(queue, clock, versionKeeper, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param forRuns the definition runs of a pipeline use, given its current one (see {@link LiveDefinitions#forRuns}):
     *                an older version while the current one waits for a rebuild
     */
    public RunScheduler(RunQueue queue, Clock clock, BiConsumer<PipelineDefinition, Instant> versionKeeper,
                        java.util.function.UnaryOperator<PipelineDefinition> forRuns) {
        this.queue = queue;
        this.clock = clock;
        this.versionKeeper = versionKeeper;
        this.forRuns = forRuns;
    }

    /** The definition a run of {@code current}'s pipeline queued now uses: {@code current}, or an older one its table can take. */
    public PipelineDefinition forRuns(PipelineDefinition current) {
        return forRuns.apply(current);
    }

    /**
     * The run for the schedule's fire at {@code fireTime}: interval {@code [previous fire, fireTime)};
     * nothing while the pipeline is paused (resuming catches up per its policy).
     */
    public Optional<RunQueue.Enqueued> enqueueScheduled(PipelineDefinition d, Instant fireTime) {
        if (queue.isPaused(d.name())) {
            return Optional.empty();
        }
        DataInterval interval = CronIntervals.of(d.schedule()).intervalEndingAt(fireTime);
        return Optional.of(enqueue(d, TriggerKind.SCHEDULED, interval, scheduledKey(interval)));
    }

    /** A run now, for a person: interval {@code [previous fire, now)}, its own identity. */
    public RunQueue.Enqueued enqueueManual(PipelineDefinition d) {
        return enqueueManual(d, List.of());
    }

    /** A manual run of only {@code shards} (empty: every shard), e.g. those that failed in an earlier run. */
    public RunQueue.Enqueued enqueueManual(PipelineDefinition d, List<String> shards) {
        Instant now = clock.instant();
        Instant previous = CronIntervals.of(d.schedule()).previousFireBefore(now);
        DataInterval interval = new DataInterval(previous != null ? previous : now.minusMillis(1), now);
        return enqueue(d, TriggerKind.MANUAL, interval, "manual:" + UUID.randomUUID(), shards);
    }

    /**
     * The reconciliation of the current period of {@code source.reconcile.every} (periods counted
     * from the epoch, so every node computes the same one and it is queued once); nothing while the
     * pipeline is paused or does not reconcile.
     */
    public Optional<RunQueue.Enqueued> enqueueReconcile(PipelineDefinition d) {
        if (d.source().reconcile() == null || queue.isPaused(d.name())) {
            return Optional.empty();
        }
        long every = d.source().reconcile().every().toMillis();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(clock.instant().toEpochMilli(), every) * every);
        return Optional.of(enqueue(d, TriggerKind.RECONCILE, new DataInterval(start, start.plusMillis(every)), "reconcile:" + start));
    }

    /** A reconciliation now, for a person: its own identity; it still waits for the reconcile window. */
    public RunQueue.Enqueued enqueueManualReconcile(PipelineDefinition d) {
        Instant now = clock.instant();
        return enqueue(d, TriggerKind.RECONCILE, new DataInterval(now.minusMillis(1), now), "reconcile:manual:" + UUID.randomUUID());
    }

    /**
     * Queues the runs for intervals missed since the pipeline's last scheduled run (or its first
     * run if it never ran), per its catch-up policy. Safe to call on every node at start-up.
     */
    public List<RunQueue.Enqueued> catchUp(PipelineDefinition d) {
        return catchUp(d, queue.lastScheduledIntervalEnd(d.name()).orElse(null));
    }

    /**
     * {@link #catchUp(PipelineDefinition)} for many pipelines, their last intervals read in one
     * query. Each pipeline is caught up on its own: one that fails is handed to {@code onFailure}
     * and the others carry on.
     */
    public void catchUpAll(Collection<PipelineDefinition> definitions, BiConsumer<PipelineDefinition, RuntimeException> onFailure) {
        if (definitions.isEmpty()) {
            return;
        }
        Map<String, Instant> lastEnds = queue.lastScheduledIntervalEnds();
        for (PipelineDefinition d : definitions) {
            try {
                catchUp(d, lastEnds.get(d.name()));
            } catch (RuntimeException e) {
                onFailure.accept(d, e);
            }
        }
    }

    private List<RunQueue.Enqueued> catchUp(PipelineDefinition d, Instant lastEnd) {
        CatchupPlan.Planned plan = CatchupPlan.plan(CronIntervals.of(d.schedule()), lastEnd, clock.instant(), d.runs());
        List<RunQueue.Enqueued> out = new ArrayList<>();
        for (DataInterval interval : plan.intervals()) {
            out.add(enqueue(d, plan.firstRun() ? TriggerKind.FIRST_RUN : TriggerKind.CATCHUP, interval, scheduledKey(interval)));
        }
        return out;
    }

    /** Stores the text of {@code d}'s version, before a run refers to it (runs queued elsewhere, e.g. backfill chunks). */
    public void keepVersion(PipelineDefinition d) {
        versionKeeper.accept(d, clock.instant());
    }

    private RunQueue.Enqueued enqueue(PipelineDefinition current, TriggerKind kind, DataInterval interval, String runKey) {
        return enqueue(current, kind, interval, runKey, List.of());
    }

    private RunQueue.Enqueued enqueue(PipelineDefinition current, TriggerKind kind, DataInterval interval, String runKey,
                                      List<String> shards) {
        Instant now = clock.instant();
        PipelineDefinition d = forRuns.apply(current);
        if (d == current) { // an older version a run uses was stored when it first ran
            versionKeeper.accept(d, now);
        }
        return queue.enqueue(RunRecord.queued(UUID.randomUUID().toString(), d.name(), runKey, kind, d.version(), interval, now, null,
                shards));
    }

    /** Scheduled, catch-up and first runs of one interval share this identity. */
    static String scheduledKey(DataInterval interval) {
        return "scheduled:" + interval.end().toEpochMilli();
    }
}
