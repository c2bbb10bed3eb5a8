package io.shardlake.app.config;

import io.shardlake.engine.backfill.BackfillStore;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.metadata.JdbcAuditLog;
import io.shardlake.engine.metadata.JdbcBackfillStore;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcRegisteredPipelines;
import io.shardlake.engine.lake.KeyIndexStore;
import io.shardlake.engine.run.ReconciliationStore;
import io.shardlake.engine.run.EntityEventStore;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunHistory;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.history.RunHistory;
import io.shardlake.engine.metadata.MetadataDialect;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRepository;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metadata database (H2 file by default; MariaDB/MySQL or PostgreSQL through
 * {@code spring.datasource.*}): Flyway migrations with per-database placeholders, and the run
 * repository on top.
 */
@Configuration(proxyBeanMethods = false)
class MetadataConfiguration {

    /**
     * Flyway's per-database placeholders; first, a metadata URL that would lose acknowledged
     * commits on a kill stops the start (before any migration or run).
     */
    @Bean
    FlywayConfigurationCustomizer metadataPlaceholders(DataSource dataSource, @Value("${spring.datasource.url:}") String url) {
        MetadataDialect.durabilityProblem(url).ifPresent(problem -> {
            throw new IllegalStateException("spring.datasource.url: " + problem);
        });
        return flyway -> flyway.placeholders(MetadataDialect.of(dataSource).flywayPlaceholders());
    }

    @Bean
    RunRepository runRepository(DataSource dataSource) {
        return new JdbcRunRepository(dataSource);
    }

    /** Bulk history reads of the monitoring pages (V8 index). */
    @Bean
    RunHistory runHistory(DataSource dataSource) {
        return new JdbcRunHistory(dataSource);
    }

    @Bean
    RunQueue runQueue(DataSource dataSource) {
        return new JdbcRunQueue(dataSource);
    }

    /** Replica host budgets shared by every node (V16). */
    @Bean
    io.shardlake.engine.run.HostSlots hostSlots(DataSource dataSource) {
        return new io.shardlake.engine.metadata.JdbcHostSlots(dataSource);
    }

    @Bean
    EntityEventStore entityEventStore(DataSource dataSource) {
        return new JdbcEntityEvents(dataSource);
    }

    @Bean
    KeyIndexStore keyIndexStore(DataSource dataSource) {
        return new io.shardlake.engine.metadata.JdbcKeyIndexStore(dataSource);
    }

    @Bean
    ReconciliationStore reconciliationStore(DataSource dataSource) {
        return new io.shardlake.engine.metadata.JdbcReconciliations(dataSource);
    }

    @Bean
    BackfillStore backfillStore(DataSource dataSource) {
        return new JdbcBackfillStore(dataSource);
    }

    /** Who did what: written by the engine operations and logins, read by {@code /api/audit} and {@code /audit}. */
    @Bean
    JdbcAuditLog auditLog(DataSource dataSource, Clock clock) {
        return new JdbcAuditLog(dataSource, clock);
    }

    /** Each signed-in user's choices for the pages, such as their time zone (V23). */
    @Bean
    io.shardlake.engine.preferences.ViewerPreferences viewerPreferences(DataSource dataSource) {
        return new io.shardlake.engine.metadata.JdbcViewerPreferences(dataSource);
    }

    @Bean
    PartitionGenerations partitionGenerations(DataSource dataSource) {
        return new JdbcPartitionGenerations(dataSource);
    }

    /** Pipelines registered through the form or REST, every version kept (V7). */
    @Bean
    JdbcRegisteredPipelines registeredPipelines(DataSource dataSource) {
        return new JdbcRegisteredPipelines(dataSource);
    }
}
