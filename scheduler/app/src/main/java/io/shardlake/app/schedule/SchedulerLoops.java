package io.shardlake.app.schedule;

import io.shardlake.app.config.CompactionProperties;
import io.shardlake.app.config.SchedulerProperties;
import io.shardlake.engine.compaction.CompactionScheduler;
import io.shardlake.engine.coordinator.RunCoordinator;
import io.shardlake.engine.events.EventBatcher;
import io.shardlake.engine.definition.DefinitionChanges;
import io.shardlake.engine.definition.DefinitionChangeWatcher;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.sink.RunSinks;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The node's background loops, each logging and carrying on when a round fails:
 * <ul>
 *   <li>dispatch: start queued runs, at once when this node queued one or one of its runs
 *       ended, else every {@code dispatch-interval} for runs queued elsewhere;</li>
 *   <li>heartbeat: renew leases, carry out cancels and timeouts, take over runs of dead nodes;</li>
 *   <li>definitions: reload when a folder file changed or a pipeline version was registered (on any
 *       node), and apply the changes to Quartz;</li>
 *   <li>catch-up: queue missed intervals, for each pipeline when it is loaded (so at start-up) and
 *       every {@code catchup-sweep};</li>
 *   <li>compaction: queue compaction runs every {@code shardlake.compaction.interval};</li>
 *   <li>table versions retired longer than {@code shardlake.rebuild.retention} ago: their files deleted every {@code catchup-sweep}.</li>
 * </ul>
 * Starts after the rest of the context (Quartz included) and stops first, handing its running runs
 * back to the queue.
 */
@Component
public class SchedulerLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SchedulerLoops.class);

    private final RunCoordinator coordinator;
    private final DefinitionRegistry registry;
    private final QuartzSchedules quartz;
    private final RunScheduler scheduler;
    private final SchedulerProperties properties;
    private final DefinitionChangeWatcher watcher;
    /** How often waiting entity events are looked at: well under the shortest coalescing interval (1 s). */
    private static final long EVENT_BATCH_POLL_MILLIS = 250;
    private final Semaphore wakeUp = new Semaphore(0);
    private ScheduledExecutorService loops;
    private volatile boolean running;

    private final PartitionReplacer replacer;
    private final RunSinks sinks;
    private final EventBatcher events;

    private final CompactionScheduler compaction;
    private final io.shardlake.engine.coordinator.RebuildOperations rebuilds;
    private final CompactionProperties compactionProperties;

    SchedulerLoops(RunCoordinator coordinator, DefinitionRegistry registry, QuartzSchedules quartz, RunScheduler scheduler,
                   PartitionReplacer replacer, RunSinks sinks, EventBatcher events, CompactionScheduler compaction,
                   CompactionProperties compactionProperties, io.shardlake.engine.coordinator.RebuildOperations rebuilds,
                   SchedulerProperties properties) {
        this.rebuilds = rebuilds;
        this.compaction = compaction;
        this.compactionProperties = compactionProperties;
        this.events = events;
        this.replacer = replacer;
        this.sinks = sinks;
        this.coordinator = coordinator;
        this.registry = registry;
        this.quartz = quartz;
        this.scheduler = scheduler;
        this.properties = properties;
        this.watcher = registry.changeWatcher(); // folder files and registered versions
    }

    /** A run was queued on this node: dispatch now instead of at the next poll. */
    public void wake() {
        wakeUp.release();
    }

    @Override
    public void start() {
        running = true;
        registry.addListener(this::applyQuietly);
        // A freed slot (or a pipeline's finished run) may let a held-back queued run start: dispatch then, not at the next poll.
        coordinator.onRunEnded(this::wake);
        // The first reload reports every pipeline as added: that schedules and catches each up.
        reloadDefinitions();
        loops = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "scheduler-loop");
            t.setDaemon(true);
            return t;
        });
        loops.execute(this::dispatchLoop);
        long beat = properties.lease().dividedBy(3).toMillis();
        loops.scheduleWithFixedDelay(() -> quietly("heartbeat", () -> {
            coordinator.heartbeat();
            if (!coordinator.recoverExpired().isEmpty()) {
                wake();
            }
        }), beat, beat, TimeUnit.MILLISECONDS);
        long poll = properties.definitionsPoll().toMillis();
        long sweep = properties.catchupSweep().toMillis();
        loops.scheduleWithFixedDelay(() -> quietly("definitions", this::reloadDefinitions), poll, poll, TimeUnit.MILLISECONDS);
        loops.scheduleWithFixedDelay(() -> quietly("catch-up", this::catchUpAll), sweep, sweep, TimeUnit.MILLISECONDS);
        loops.scheduleWithFixedDelay(() -> quietly("retired generations",
                () -> replacer.deleteRetired(properties.retiredGenerationGrace(), 500)), sweep, sweep, TimeUnit.MILLISECONDS);
        loops.scheduleWithFixedDelay(() -> quietly("retired table versions", rebuilds::deleteExpiredVersions), sweep, sweep,
                TimeUnit.MILLISECONDS);
        // Entity events become EVENT runs once gathered; one queued here is dispatched at once.
        loops.scheduleWithFixedDelay(() -> quietly("entity events", () -> {
            if (!events.tick().isEmpty()) {
                wake();
            }
        }), EVENT_BATCH_POLL_MILLIS, EVENT_BATCH_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (compactionProperties.enabled()) {
            long every = compactionProperties.interval().toMillis();
            loops.scheduleWithFixedDelay(() -> quietly("compaction", () -> {
                if (!compaction.tick().isEmpty()) {
                    wake();
                }
            }), every, every, TimeUnit.MILLISECONDS);
        }
        loops.scheduleWithFixedDelay(() -> quietly("sink deliveries",
                () -> sinks.forgetDelivered(properties.sinkDeliveryRetention())), sweep, sweep, TimeUnit.MILLISECONDS);
        log.info("scheduler node {} started: lease {}, up to {} runs at once", coordinator.nodeId(), properties.lease(),
                properties.maxRunsPerNode());
    }

    private void dispatchLoop() {
        while (running) {
            quietly("dispatch", coordinator::dispatchDue);
            try {
                if (wakeUp.tryAcquire(properties.dispatchInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void reloadDefinitions() {
        if (watcher.changedSinceLastCheck()) {
            registry.reload();
        }
    }

    private void applyQuietly(DefinitionChanges changes) {
        quietly("definition changes", () -> {
            quartz.apply(changes);
            scheduler.catchUpAll(changes.added(), this::catchUpFailed);
            wake();
        });
    }

    /** Missed intervals, and each reconciling pipeline's reconciliation of the current period (queued once). */
    private void catchUpAll() {
        scheduler.catchUpAll(registry.current().all(), this::catchUpFailed);
        for (PipelineDefinition d : registry.current().all()) {
            quietly("reconcile " + d.name(), () -> scheduler.enqueueReconcile(d));
        }
        wake();
    }

    private void catchUpFailed(PipelineDefinition d, RuntimeException e) {
        log.error("catch-up of {} failed; trying again next round: {}", d.name(), e.getMessage(), e);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log.error("{} failed; trying again next round: {}", what, e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (loops != null) {
            loops.shutdownNow();
        }
        coordinator.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After Quartz (which starts at Integer.MAX_VALUE - 1024 by default) so jobs can be scheduled. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 512;
    }
}
