package io.shardlake.web.api;

import io.shardlake.connectors.source.Shard;
import io.shardlake.engine.coordinator.BackfillOperations;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.metadata.JdbcAuditLog;
import io.shardlake.engine.metadata.JdbcRegisteredPipelines;
import io.shardlake.engine.registration.DraftValidator;
import io.shardlake.engine.registration.PipelinePreview;
import io.shardlake.engine.registration.RegistrationService;
import io.shardlake.engine.registration.SourceCatalogs;
import java.sql.SQLException;
import io.shardlake.engine.metadata.JdbcBackfillStore;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.events.EntityEventIntake;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.metadata.JdbcRunHistory;
import io.shardlake.engine.history.PipelineOverview;
import io.shardlake.engine.history.QuarantineSamples;
import io.shardlake.engine.history.RunHistory;
import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The web module's controllers over real engine parts: the run queue and repository on a migrated
 * H2 metadata database, the definitions in {@code src/test/resources/api-definitions}, and a clock
 * that moves only when a test moves it. No coordinator and no scheduler loops run, so a queued run stays QUEUED until a test
 * changes it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackages = "io.shardlake.web")
public class ApiTestApplication {

    /**
     * 10:07:30 UTC: the orders schedule (every 15 minutes) fired at 10:00 and fires next at 10:15.
     * Each test moves the clock on a second before it acts, so runs have an order.
     */
    static final Instant START = Instant.parse("2026-03-10T10:07:30Z");

    @Bean
    SettableClock clock() {
        return new SettableClock(START);
    }

    /**
     * A fresh in-memory H2 for the tests; with {@code shardlake.test.metadata-url} (PostgreSQL, user
     * postgres) the database the pages benchmark seeded (see io.shardlake.web.ui.PagesBenchmark).
     */
    @Bean
    DataSource metadata(@Value("${shardlake.test.metadata-url:}") String url) {
        if (url.isBlank()) {
            return MetadataDatabases.h2("api-" + UUID.randomUUID());
        }
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(4);
        return MetadataDatabases.migrated(pool);
    }

    @Bean
    io.shardlake.engine.preferences.ViewerPreferences viewerPreferences(DataSource metadata) {
        return new io.shardlake.engine.metadata.JdbcViewerPreferences(metadata);
    }

    @Bean
    RunQueue runQueue(DataSource metadata) {
        return new JdbcRunQueue(metadata);
    }

    /** The audit log the operations and logins record to, and the API and page read. */
    @Bean
    JdbcAuditLog auditLog(DataSource metadata, Clock clock) {
        return new JdbcAuditLog(metadata, clock);
    }

    @Bean
    RunRepository runRepository(DataSource metadata) {
        return new JdbcRunRepository(metadata);
    }

    @Bean
    JdbcRegisteredPipelines registeredPipelines(DataSource metadata) {
        return new JdbcRegisteredPipelines(metadata);
    }

    @Bean
    DefinitionRegistry definitionRegistry(JdbcRegisteredPipelines registered,
                                          @Value("${shardlake.test.definitions:src/test/resources/api-definitions}") Path folder) {
        DefinitionRegistry registry = new DefinitionRegistry(folder, Set.of("shop"), registered);
        registry.reload();
        return registry;
    }

    /** Catalog look-ups and previews read an in-memory H2 "shop" shard (see {@link RegistrationShop}). */
    @Bean(destroyMethod = "close")
    SourceCatalogs sourceCatalogs() throws SQLException {
        return new SourceCatalogs(RegistrationShop.connections(), Duration.ofSeconds(5));
    }

    @Bean
    RegistrationService registrationService(SourceCatalogs catalogs, JdbcRegisteredPipelines registered, DefinitionRegistry registry,
                                            Clock clock) {
        return new RegistrationService(new DraftValidator(new DefinitionParser(Set.of("shop")), catalogs, clock),
                new PipelinePreview(catalogs, clock), registered, registry, RegistrationShop.AUDIT::add, clock);
    }

    @Bean
    RunScheduler runScheduler(RunQueue queue, Clock clock) {
        return new RunScheduler(queue, clock, (definition, at) -> { });
    }

    @Bean
    PipelineOperations pipelineOperations(DefinitionRegistry registry, RunQueue queue, RunRepository runs, RunScheduler scheduler,
                                          AuditLog audit, Clock clock) {
        return new PipelineOperations(registry::current, queue, runs, scheduler, () -> { }, audit, clock);
    }

    /**
     * Backfills of the "shop" source's two shards. No replica is reached: the frontier comes from
     * the metadata database, and a dry run's estimate is {@link #ESTIMATED_ROWS} per chunk and shard.
     */
    @Bean
    BackfillOperations backfillOperations(PipelineOperations pipelines, RunQueue queue, RunRepository runs, RunScheduler scheduler,
                                          DataSource metadata, AuditLog audit, Clock clock) {
        List<Shard> shards = List.of(new Shard("shard01", "jdbc:mysql://127.0.0.1:9/none"), new Shard("shard02", "jdbc:mysql://127.0.0.1:9/none"));
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop", shards, ZoneOffset.UTC, "u", "p", 2, null)));
        return new BackfillOperations(pipelines, sources, new JdbcBackfillStore(metadata), queue, runs, scheduler,
                (definition, shard, chunks) -> chunks.stream().map(c -> ESTIMATED_ROWS).toList(), Duration.ofMinutes(10), () -> { }, audit, clock);
    }

    @Bean
    io.shardlake.engine.metadata.JdbcRebuildStore rebuildStore(DataSource metadata) {
        return new io.shardlake.engine.metadata.JdbcRebuildStore(metadata);
    }

    @Bean
    io.shardlake.engine.coordinator.LiveDefinitions liveDefinitions(DefinitionRegistry registry, DataSource metadata) {
        return new io.shardlake.engine.coordinator.LiveDefinitions(currentOnly(registry),
                new io.shardlake.engine.metadata.JdbcWrittenVersions(metadata));
    }

    /** Rebuilds of the "shop" source's two shards into the test lake; a dry run's estimate is {@link #ESTIMATED_ROWS} per shard. */
    @Bean
    io.shardlake.engine.coordinator.RebuildOperations rebuildOperations(DefinitionRegistry registry, PipelineOperations pipelines,
                                                                        io.shardlake.engine.coordinator.LiveDefinitions live,
                                                                        io.shardlake.engine.metadata.JdbcRebuildStore store, RunQueue queue,
                                                                        RunRepository runs, RunScheduler scheduler, DataSource metadata,
                                                                        LocalObjectStore lake, AuditLog audit, Clock clock) {
        List<Shard> shards = List.of(new Shard("shard01", "jdbc:mysql://127.0.0.1:9/none"), new Shard("shard02", "jdbc:mysql://127.0.0.1:9/none"));
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop", shards, ZoneOffset.UTC, "u", "p", 2, null)));
        return new io.shardlake.engine.coordinator.RebuildOperations(pipelines, currentOnly(registry), live, sources, store,
                new JdbcBackfillStore(metadata), queue, runs, scheduler, lake, (definition, shard) -> ESTIMATED_ROWS,
                new io.shardlake.engine.rebuild.RebuildSettings(100_000, 2, Duration.ofDays(7)), () -> { }, audit, clock);
    }

    /** The registry's current definitions, each the version of itself every run asks for. */
    private static DefinitionLookup currentOnly(DefinitionRegistry registry) {
        return new DefinitionLookup() {
            @Override
            public java.util.Optional<io.shardlake.engine.definition.PipelineDefinition> current(String pipeline) {
                return registry.current().get(pipeline);
            }

            @Override
            public java.util.Optional<io.shardlake.engine.definition.PipelineDefinition> version(String pipeline, String version) {
                return current(pipeline).filter(d -> d.version().equals(version));
            }
        };
    }

    @Bean
    io.shardlake.engine.metadata.JdbcReconciliations reconciliations(DataSource metadata) {
        return new io.shardlake.engine.metadata.JdbcReconciliations(metadata);
    }

    @Bean
    JdbcEntityEvents entityEvents(DataSource metadata) {
        return new JdbcEntityEvents(metadata);
    }

    /** Entity events for the test pipelines, over the two shards of {@link #backfillOperations}'s source. */
    @Bean
    EntityEventIntake entityEventIntake(DefinitionRegistry registry, JdbcEntityEvents events, Clock clock) {
        List<Shard> shards = List.of(new Shard("shard01", "jdbc:mysql://127.0.0.1:9/none"), new Shard("shard02", "jdbc:mysql://127.0.0.1:9/none"));
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop", shards, ZoneOffset.UTC, "u", "p", 2, null)));
        return new EntityEventIntake(currentOnly(registry), sources, events, clock);
    }

    static final long ESTIMATED_ROWS = 1_000;

    @Bean
    RunHistory runHistory(DataSource metadata) {
        return new JdbcRunHistory(metadata);
    }

    /** One pipeline a page, so the list's paging shows with the two test pipelines (the app's page holds 50, as the benchmark's). */
    @Bean
    PipelineOverview pipelineOverview(DefinitionRegistry registry, RunQueue queue, RunHistory history, Clock clock,
                                      @Value("${shardlake.test.page-size:1}") int pageSize) {
        return new PipelineOverview(registry::current, queue, history, clock, pageSize);
    }

    /** The lake the pages read quarantine files back from: a local folder, as the app's default warehouse. */
    @Bean
    LocalObjectStore objectStore() throws java.io.IOException {
        return new LocalObjectStore(java.nio.file.Files.createTempDirectory("pages-lake"));
    }

    @Bean
    QuarantineSamples quarantineSamples(LocalObjectStore store, RunHistory history) {
        return new QuarantineSamples(store, history);
    }
}
