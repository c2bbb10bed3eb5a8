package io.shardlake.engine.coordinator;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunControl;
import io.shardlake.engine.run.RunLane;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One node's part in running the shared queue. Three steps, each called by the service's loops
 * (or directly by tests, with a settable clock and no threads of their own):
 * <ul>
 *   <li>{@link #dispatchDue()} claims queued runs that may start (pipeline not paused, upstreams
 *       done, the pipeline's limits and this node's capacity allow) and executes them;</li>
 *   <li>{@link #heartbeat()} renews this node's leases, carries out cancel requests and run
 *       timeouts, and stops runs whose lease another node took over;</li>
 *   <li>{@link #recoverExpired()} puts runs whose node stopped heartbeating back in the queue, for
 *       any node to continue: their shards that committed stay committed, the others are
 *       recovered and read again.</li>
 * </ul>
 */
public final class RunCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunCoordinator.class);

    private final RunQueue queue;
    private final PipelineRunner runner;
    private final DefinitionLookup definitions;
    private final RunListener listener;
    private final CoordinatorSettings settings;
    private final Clock clock;
    private final BackfillGate backfills;
    private final ExecutorService executor;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private volatile Runnable onRunEnded = () -> { };
    // Whether the last dispatch left a queued run behind that a run's end may let start.
    private volatile boolean runsHeldBack;

    /** A run this node executes: its claimed record, its stop switch, and its deadline. */
    private record Active(RunRecord run, RunControl control, Duration timeout, Instant deadline) {
    }

    public RunCoordinator(RunQueue queue, PipelineRunner runner, DefinitionLookup definitions, RunListener listener,
                          CoordinatorSettings settings, Clock clock) {
        this(queue, runner, definitions, BackfillGate.NONE, listener, settings, clock);
    }

    public RunCoordinator(RunQueue queue, PipelineRunner runner, DefinitionLookup definitions, BackfillGate backfills,
                          RunListener listener, CoordinatorSettings settings, Clock clock) {
        this.backfills = backfills;
        this.queue = queue;
        this.runner = runner;
        this.definitions = definitions;
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(settings.maxRunsPerNode(), r -> {
            Thread t = new Thread(r, "run-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /**
     * {@code callback} runs (on the run's thread; it must be quick and not throw) when a run this
     * node executed has ended and freed its slot while the last dispatch held queued runs back (for a
     * slot, the pipeline's previous run or an upstream): they can then be dispatched at once instead
     * of at the next poll. With nothing held back it is not called, so a quiet queue costs no extra
     * dispatch per run.
     */
    public void onRunEnded(Runnable callback) {
        this.onRunEnded = callback;
    }

    /** Claims and starts every queued run that may start now; returns the runs started. */
    public synchronized List<RunRecord> dispatchDue() {
        List<RunRecord> started = new ArrayList<>();
        if (closing) {
            return started;
        }
        runsHeldBack = false;
        Set<String> paused = queue.pausedPipelines();
        // A lane refused once this round refuses the pipeline's later runs too: no claim attempt for them.
        Set<String> refusedLanes = new java.util.HashSet<>();
        for (RunRecord run : queue.queued(settings.queueScanLimit())) {
            if (active.size() >= settings.maxRunsPerNode()) {
                runsHeldBack = true;
                break;
            }
            String lane = run.pipeline() + "/" + run.lane() + "/" + run.backfillId();
            if (paused.contains(run.pipeline())) {
                continue;
            }
            // a compaction handed back must be continued before the lane's other runs: always try it
            if (refusedLanes.contains(lane) && run.trigger() != TriggerKind.COMPACTION) {
                runsHeldBack = true;
                continue;
            }
            Optional<PipelineDefinition> definition = definitions.version(run.pipeline(), run.definitionVersion());
            if (definition.isEmpty()) {
                endInQueue(run, RunState.FAILED, definitions.current(run.pipeline()).isEmpty()
                        ? "pipeline '" + run.pipeline() + "' is no longer defined"
                        : "definition version " + run.definitionVersion() + " of '" + run.pipeline() + "' is not stored or no longer"
                        + " valid here (e.g. its connection is gone); trigger a new run to use the current version");
                continue;
            }
            if (!upstreamsDone(run, definition.get())) {
                runsHeldBack = true;
                continue;
            }
            Instant now = clock.instant();
            if (run.trigger() == TriggerKind.REBUILD_SWITCH && run.queuedAt().isAfter(now)) {
                runsHeldBack = true; // a switch attempt after a failed one waits for its backoff; the lane's other runs go on
                continue;
            }
            int maxShardsAtOnce = Integer.MAX_VALUE;
            if (run.lane() == RunLane.BACKFILL) {
                // Backfills get at most half of this node's run slots: scheduled runs always find one.
                if (activeBackfills() >= Math.max(1, settings.maxRunsPerNode() / 2)) {
                    runsHeldBack = true;
                    continue;
                }
                BackfillGate.Decision decision = run.trigger() == TriggerKind.RECONCILE ? ReconcileGate.admit(definition.get(), now)
                        : backfills.admit(run, now);
                if (decision.kind() == BackfillGate.Decision.Kind.END) {
                    endInQueue(run, RunState.CANCELLED, decision.reason());
                    continue;
                }
                if (decision.kind() == BackfillGate.Decision.Kind.WAIT) {
                    refusedLanes.add(lane);
                    continue;
                }
                maxShardsAtOnce = decision.maxShardsAtOnce();
            }
            // one chunk of a backfill at a time: its concurrency is in shards, within the chunk
            // a rebuild's shards are one run each: its concurrency is in runs
            RunQueue.ClaimLimits limits = new RunQueue.ClaimLimits(definition.get().runs().maxActiveRuns(),
                    run.trigger() == TriggerKind.REBUILD ? maxShardsAtOnce : 1);
            Optional<RunRecord> claimed = queue.claim(run.id(), limits, settings.nodeId(), now, now.plus(settings.leaseDuration()));
            if (claimed.isPresent()) {
                start(claimed.get(), definition.get(), now, maxShardsAtOnce);
                started.add(claimed.get());
            } else {
                refusedLanes.add(lane);
                runsHeldBack = true;
            }
        }
        return started;
    }

    /** False while an upstream has not completed runs covering the run's interval; fails the run past the wait. */
    private boolean upstreamsDone(RunRecord run, PipelineDefinition definition) {
        List<String> upstreams = definition.runs().dependsOn();
        if (upstreams.isEmpty() || run.interval() == null || run.trigger() == TriggerKind.MANUAL
                || run.trigger() == TriggerKind.BACKFILL || run.trigger() == TriggerKind.RECONCILE
                || run.trigger() == TriggerKind.COMPACTION || run.trigger() == TriggerKind.REBUILD
                || run.trigger() == TriggerKind.REBUILD_SWITCH) {
            return true;
        }
        for (String upstream : upstreams) {
            if (definitions.current(upstream).isEmpty()) {
                endInQueue(run, RunState.FAILED, "upstream pipeline '" + upstream + "' is not defined; fix depends_on");
                return false;
            }
            Instant gap = UpstreamCoverage.firstGap(run.interval(), queue.completedEndingAfter(upstream, run.interval().start()));
            if (gap != null) {
                Duration waited = Duration.between(run.queuedAt(), clock.instant());
                if (waited.compareTo(definition.runs().upstreamTimeout()) >= 0) {
                    endInQueue(run, RunState.FAILED, "upstream '" + upstream + "' has not succeeded for " + run.interval()
                            + " within " + definition.runs().upstreamTimeout() + " (covered only until " + gap + ")");
                }
                return false;
            }
        }
        return true;
    }

    private void endInQueue(RunRecord run, RunState state, String reason) {
        if (queue.endQueued(run.id(), state, reason, clock.instant())) {
            log.warn("pipeline={} run={} {} before starting: {}", run.pipeline(), run.id(), state, reason);
            listener.runEndedInQueue(run, state, reason);
            backfills.chunkEnded(run);
        }
    }

    private long activeBackfills() {
        return active.values().stream().filter(a -> a.run().lane() == RunLane.BACKFILL).count();
    }

    private void start(RunRecord run, PipelineDefinition definition, Instant now, int maxShardsAtOnce) {
        RunControl control = new RunControl();
        Duration timeout = definition.runs().timeout();
        active.put(run.id(), new Active(run, control, timeout, now.plus(timeout)));
        Duration triggerDelay = run.trigger() == TriggerKind.SCHEDULED && run.interval() != null && run.attempt() == 1
                ? Duration.between(run.interval().end(), now) : null;
        log.info("pipeline={} run={} started on {} (attempt {}, interval {}, {})", run.pipeline(), run.id(), settings.nodeId(),
                run.attempt(), run.interval(), run.trigger());
        listener.runStarted(run, triggerDelay);
        executor.execute(() -> execute(run, definition, control, now, maxShardsAtOnce));
    }

    /** Who paused a pipeline whose binlog-followed table no longer fits its definition (as the pause records it). */
    public static final String PAUSED_BY_CONTRACT = "shardlake: the table changed incompatibly (see the run's error)";

    private void execute(RunRecord run, PipelineDefinition definition, RunControl control, Instant started, int maxShardsAtOnce) {
        // the run's own lines (start, end, settling a chunk's partitions) carry it too, not only its shard tasks' lines
        MDC.put("pipeline", run.pipeline());
        MDC.put("run", run.id());
        try {
            RunResult result = runner.execute(run, definition, control, maxShardsAtOnce);
            if (!queue.finish(run, result.state(), result.totals(), result.error(), clock.instant())) {
                log.warn("pipeline={} run={} attempt {} ended {} but another node holds the run now; not recorded", run.pipeline(),
                        run.id(), run.attempt(), result.state());
            } else if (result.state() != RunState.QUEUED) {
                if (result.pauseReason() != null) {
                    queue.setPaused(run.pipeline(), true, PAUSED_BY_CONTRACT, clock.instant());
                    log.error("pipeline={} run={}: paused until a person resumes it: {}", run.pipeline(), run.id(), result.pauseReason());
                }
                listener.runFinished(run, result, Duration.between(started, clock.instant()));
                backfills.chunkEnded(run);
            }
        } catch (RuntimeException e) {
            log.error("pipeline={} run={}: could not record the end of the run; its lease expires and another node"
                    + " continues it", run.pipeline(), run.id(), e);
        } finally {
            active.remove(run.id());
            MDC.remove("pipeline");
            MDC.remove("run");
            if (runsHeldBack) {
                onRunEnded.run();
            }
        }
    }

    /**
     * Renews the leases of the runs this node executes and carries out cancels, timeouts and lost
     * leases on them. Only runs already executing when the heartbeat starts are looked at, so a run
     * claimed meanwhile is never taken for one whose lease was lost.
     */
    public void heartbeat() {
        Instant now = clock.instant();
        List<Active> executing = List.copyOf(active.values());
        Map<String, String> held = queue.renewLeases(settings.nodeId(), executing.stream().map(a -> a.run().id()).toList(),
                now.plus(settings.leaseDuration()));
        for (Active a : executing) {
            String cancel = held.get(a.run().id());
            if (cancel == null) {
                if (!closing) {
                    a.control().stop(RunState.FAILED, "this node lost the run's lease (no heartbeat for "
                            + settings.leaseDuration().toSeconds() + "s); another node continues it");
                }
            } else if (!cancel.isEmpty()) {
                a.control().stop(RunState.CANCELLED, cancel);
            } else if (!now.isBefore(a.deadline())) {
                a.control().stop(RunState.FAILED, "timed out: still running after runs.timeout (" + a.timeout() + ")");
            }
        }
    }

    /** Puts runs whose lease expired back in the queue. */
    public List<String> recoverExpired() {
        List<String> requeued = queue.requeueExpired(clock.instant());
        requeued.forEach(id -> log.warn("run={} lost its node (lease expired): queued again to continue", id));
        return requeued;
    }

    /** Ids of the runs this node executes now. */
    public Set<String> activeRunIds() {
        return Set.copyOf(active.keySet());
    }

    /** Waits until this node executes no run (tests), at most {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!active.isEmpty()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Stops taking runs and hands the running ones back to the queue (they stop at their next
     * check, within seconds, and another node, or this one after a restart, continues them).
     */
    @Override
    public void close() {
        closing = true;
        active.values().forEach(a -> a.control().stop(RunState.QUEUED, "the node " + settings.nodeId() + " is shutting down"));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
