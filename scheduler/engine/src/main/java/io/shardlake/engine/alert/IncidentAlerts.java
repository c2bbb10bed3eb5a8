package io.shardlake.engine.alert;

import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.definition.AlertSpec;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metrics.FreshnessMonitor;
import io.shardlake.engine.run.RunLane;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Sends an alert when an incident opens, and only then, whichever node sees it:
 * <ul>
 *   <li>{@link AlertKind#RUN_FAILED}: a run of the pipeline failed (while running or in the queue);
 *       it lasts until the pipeline's next SUCCEEDED or SKIPPED run, so consecutive failures alert
 *       once;</li>
 *   <li>{@link AlertKind#FRESHNESS_BREACH}: the pipeline's freshness is over its threshold; it lasts
 *       until freshness is back at or under it.</li>
 * </ul>
 * Open incidents live in the {@link IncidentStore}, where opening one succeeds for one caller only.
 * All work, database and webhook alike, runs on {@code executor} (a {@link BoundedAlertQueue} in the
 * service), so the run and scheduler threads never wait for it. Pipelines with no webhook, their
 * own or the service's, are not tracked.
 */
public final class IncidentAlerts implements RunListener {

    private final IncidentStore incidents;
    private final AlertSender sender;
    private final AlertSettings settings;
    private final Function<String, Optional<PipelineDefinition>> definitions;
    private final FreshnessMonitor freshness;
    private final Supplier<String> nodeId;
    private final Clock clock;
    private final Executor executor;

    /**
     * @param definitions the current definition of a pipeline, by name
     * @param nodeId      this node's name, recorded with the incidents it opens
     */
    public IncidentAlerts(IncidentStore incidents, AlertSender sender, AlertSettings settings,
                          Function<String, Optional<PipelineDefinition>> definitions, FreshnessMonitor freshness,
                          Supplier<String> nodeId, Clock clock, Executor executor) {
        this.incidents = incidents;
        this.sender = sender;
        this.settings = settings;
        this.definitions = definitions;
        this.freshness = freshness;
        this.nodeId = nodeId;
        this.clock = clock;
        this.executor = executor;
    }

    @Override
    public void runFinished(RunRecord run, RunResult result, Duration took) {
        runEnded(run, result.state(), result.error());
    }

    @Override
    public void runEndedInQueue(RunRecord run, RunState state, String reason) {
        runEnded(run, state, reason);
    }

    private void runEnded(RunRecord run, RunState state, String error) {
        if (run.trigger() == TriggerKind.RECONCILE) {
            switch (state) {
                case FAILED -> executor.execute(() -> runFailed(run, error, AlertKind.RECONCILIATION_FAILED));
                case SUCCEEDED -> executor.execute(() -> incidents.close(run.pipeline(), AlertKind.RECONCILIATION_FAILED));
                default -> {
                }
            }
            return;
        }
        if (run.lane() == RunLane.BACKFILL) {
            return; // on-call follows its backfill through its progress; a chunk says nothing of scheduled loading
        }
        switch (state) {
            case FAILED -> executor.execute(() -> runFailed(run, error, AlertKind.RUN_FAILED));
            case SUCCEEDED, SKIPPED -> executor.execute(() -> incidents.close(run.pipeline(), AlertKind.RUN_FAILED));
            default -> {
                // A cancel neither starts nor ends a failure incident.
            }
        }
    }

    private void runFailed(RunRecord run, String error, AlertKind kind) {
        URI webhook = settings.webhookFor(ownSettings(run.pipeline()));
        if (webhook == null) {
            return;
        }
        Instant now = clock.instant();
        String reason = error == null ? "no reason recorded" : error;
        if (incidents.open(new IncidentStore.Incident(run.pipeline(), kind, run.id(), reason, now, nodeId.get()))) {
            sender.send(webhook, new Alert(run.pipeline(), kind, run.id(), run.interval(), reason,
                    freshness.freshness(run.pipeline()).orElse(null), null, now));
        }
    }

    /**
     * Compares each pipeline's freshness (as {@link FreshnessMonitor} last read it) with its
     * threshold: opens breaches, alerting, and closes the ones that recovered. A pipeline that never
     * committed has no freshness yet and is left alone.
     */
    public void checkFreshness(Collection<PipelineDefinition> pipelines) {
        List<PipelineDefinition> snapshot = List.copyOf(pipelines);
        executor.execute(() -> checkFreshnessNow(snapshot));
    }

    private void checkFreshnessNow(List<PipelineDefinition> pipelines) {
        List<PipelineDefinition> watched = pipelines.stream()
                .filter(d -> settings.webhookFor(d.alerts()) != null && settings.freshnessThresholdFor(d.alerts()) != null).toList();
        if (watched.isEmpty()) {
            return;
        }
        Set<String> breached = incidents.openIncidents().stream().filter(i -> i.kind() == AlertKind.FRESHNESS_BREACH)
                .map(IncidentStore.Incident::pipeline).collect(Collectors.toSet());
        for (PipelineDefinition d : watched) {
            Duration threshold = settings.freshnessThresholdFor(d.alerts());
            Optional<Duration> now = freshness.freshness(d.name());
            if (now.isEmpty()) {
                continue;
            }
            boolean over = now.get().compareTo(threshold) > 0;
            if (over && !breached.contains(d.name())) {
                openFreshnessBreach(d.name(), settings.webhookFor(d.alerts()), now.get(), threshold);
            } else if (!over && breached.contains(d.name())) {
                incidents.close(d.name(), AlertKind.FRESHNESS_BREACH);
            }
        }
    }

    private void openFreshnessBreach(String pipeline, URI webhook, Duration fresh, Duration threshold) {
        Instant at = clock.instant();
        String reason = "freshness " + readable(fresh) + " is over the threshold of " + readable(threshold)
                + ": some shard has loaded nothing newer than " + at.minus(fresh);
        if (incidents.open(new IncidentStore.Incident(pipeline, AlertKind.FRESHNESS_BREACH, null, reason, at, nodeId.get()))) {
            sender.send(webhook, new Alert(pipeline, AlertKind.FRESHNESS_BREACH, null, null, reason, fresh, threshold, at));
        }
    }

    private AlertSpec ownSettings(String pipeline) {
        // A pipeline that is no longer defined (its queued run failed for that) alerts to the service's webhook.
        return definitions.apply(pipeline).map(PipelineDefinition::alerts).orElse(AlertSpec.NONE);
    }

    /** 2h 14m, 2h, 45m 3s, 12s. */
    static String readable(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        return s < 3600 ? twoUnits(s / 60, "m", s % 60, "s") : twoUnits(s / 3600, "h", s % 3600 / 60, "m");
    }

    private static String twoUnits(long big, String bigUnit, long small, String smallUnit) {
        return big + bigUnit + (small == 0 ? "" : " " + small + smallUnit);
    }
}
