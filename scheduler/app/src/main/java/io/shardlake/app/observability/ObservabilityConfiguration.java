package io.shardlake.app.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardlake.engine.alert.BoundedAlertQueue;
import io.shardlake.engine.alert.IncidentAlerts;
import io.shardlake.engine.alert.IncidentStore;
import io.shardlake.engine.alert.WebhookSender;
import io.shardlake.engine.coordinator.RunCoordinator;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.metadata.JdbcIncidentStore;
import io.shardlake.engine.metrics.FreshnessMonitor;
import io.shardlake.engine.metrics.RunMetrics;
import io.shardlake.engine.run.RunRepository;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics and alerts: both are run listeners (the coordinator tells every {@code RunListener} bean),
 * and both read freshness from the {@link FreshnessMonitor} that {@link FreshnessLoop} refreshes.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    @Bean
    RunMetrics runMetrics(MeterRegistry registry, RunRepository runs) {
        return new RunMetrics(registry, runs);
    }

    @Bean
    FreshnessMonitor freshnessMonitor(RunRepository runs, MeterRegistry registry, Clock clock) {
        return new FreshnessMonitor(runs, registry, clock);
    }

    @Bean
    IncidentStore incidentStore(DataSource dataSource) {
        return new JdbcIncidentStore(dataSource);
    }

    @Bean(destroyMethod = "close")
    BoundedAlertQueue alertQueue(AlertProperties properties) {
        return new BoundedAlertQueue(properties.queueCapacity());
    }

    /** The coordinator is looked up late: it is built with this listener, and only names the node. */
    @Bean
    IncidentAlerts incidentAlerts(IncidentStore incidents, AlertProperties properties, DefinitionRegistry registry,
                                  FreshnessMonitor freshness, ObjectProvider<RunCoordinator> coordinator, Clock clock,
                                  BoundedAlertQueue queue) {
        return new IncidentAlerts(incidents, new WebhookSender(properties.timeout()), properties.settings(),
                name -> registry.current().get(name), freshness, () -> coordinator.getObject().nodeId(), clock, queue);
    }
}
