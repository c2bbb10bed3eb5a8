package io.shardlake.app.observability;

import io.shardlake.engine.alert.IncidentAlerts;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metrics.FreshnessMonitor;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code shardlake.metrics.freshness-refresh}: reads the watermarks once (the freshness gauge
 * of every defined pipeline follows), then checks the freshness alerts. A failed round is logged and
 * the next one tries again.
 */
@Component
class FreshnessLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FreshnessLoop.class);

    private final FreshnessMonitor monitor;
    private final IncidentAlerts alerts;
    private final DefinitionRegistry registry;
    private final MetricsProperties properties;
    private ScheduledExecutorService loop;

    FreshnessLoop(FreshnessMonitor monitor, IncidentAlerts alerts, DefinitionRegistry registry, MetricsProperties properties) {
        this.monitor = monitor;
        this.alerts = alerts;
        this.registry = registry;
        this.properties = properties;
    }

    void refresh() {
        List<PipelineDefinition> pipelines = registry.current().all();
        monitor.refresh(pipelines.stream().map(PipelineDefinition::name).toList());
        alerts.checkFreshness(pipelines);
    }

    @Override
    public void start() {
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "freshness");
            t.setDaemon(true);
            return t;
        });
        long every = properties.freshnessRefresh().toMillis();
        loop.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.error("freshness refresh failed; trying again in {}: {}", properties.freshnessRefresh(), e.getMessage(), e);
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.shutdownNow();
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /** After the scheduler loops, whose start loads the definitions. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 256;
    }
}
