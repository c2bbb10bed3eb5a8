package io.shardlake.app.config;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.source.SourceTimeouts;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.backfill.BackfillStore;
import io.shardlake.engine.coordinator.BackfillGate;
import io.shardlake.engine.coordinator.BackfillOperations;
import io.shardlake.engine.coordinator.CoordinatorSettings;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.history.PipelineOverview;
import io.shardlake.engine.history.QuarantineSamples;
import io.shardlake.engine.history.RunHistory;
import io.shardlake.engine.coordinator.RunCoordinator;
import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.coordinator.RunListeners;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.metadata.JdbcRegisteredPipelines;
import io.shardlake.engine.registration.DraftValidator;
import io.shardlake.engine.registration.PipelinePreview;
import io.shardlake.engine.registration.RegistrationService;
import io.shardlake.engine.registration.SourceCatalogs;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.events.EntityEventIntake;
import io.shardlake.engine.run.EntityEventStore;
import io.shardlake.engine.events.EventBatcher;
import io.shardlake.engine.lake.KeyIndexStore;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.ReconciliationStore;
import io.shardlake.engine.run.ShardReconciler;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.WorkDirectory;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the plain-Java engine from {@link ShardlakeProperties} and {@link SchedulerProperties}. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SourceConnections sourceConnections(ShardlakeProperties properties, ObjectProvider<DemoSource> demo) {
        List<SourceConnection> connections = new ArrayList<>();
        for (Map.Entry<String, ShardlakeProperties.Source> e : properties.sources().entrySet()) {
            ShardlakeProperties.Source s = e.getValue();
            List<Shard> shards = s.shards().stream().map(u -> new Shard(u.id(), u.url())).toList();
            SourceTimeouts timeouts;
            try {
                timeouts = s.timeouts();
            } catch (IllegalArgumentException invalid) {
                throw new IllegalStateException("shardlake.sources." + e.getKey() + ": " + invalid.getMessage(), invalid);
            }
            connections.add(new SourceConnection(e.getKey(), shards, s.zone(), s.username(), s.password(),
                    s.maxConcurrentPerHost(), s.lagQuery(), timeouts));
        }
        demo.ifAvailable(d -> connections.add(d.connection()));
        return new SourceConnections(connections);
    }

    /** Empty until the scheduler's start-up reload; then kept in step with the folder and the registered pipelines. */
    @Bean
    DefinitionRegistry definitionRegistry(ShardlakeProperties properties, SourceConnections sources, JdbcRegisteredPipelines registered) {
        return new DefinitionRegistry(properties.definitionsFolder(), sources.names(), registered);
    }

    /** Catalog look-ups and previews on the sources' first shards, with their own one-connection pools. */
    @Bean(destroyMethod = "close")
    SourceCatalogs sourceCatalogs(SourceConnections sources) {
        return new SourceCatalogs(sources, Duration.ofSeconds(10));
    }

    @Bean
    RegistrationService registrationService(SourceConnections sources, SourceCatalogs catalogs, JdbcRegisteredPipelines registered,
                                            DefinitionRegistry registry, AuditLog audit, Clock clock) {
        DraftValidator validator = new DraftValidator(new DefinitionParser(sources.names()), catalogs, clock);
        return new RegistrationService(validator, new PipelinePreview(catalogs, clock), registered, registry,
                audit, clock);
    }

    @Bean
    DefinitionLookup definitionLookup(DefinitionRegistry registry, RunQueue queue, SourceConnections sources) {
        return new StoredDefinitionLookup(registry, queue, sources.names());
    }

    @Bean
    PartitionReplacer partitionReplacer(ObjectStore store, PartitionGenerations generations, Clock clock) {
        return new PartitionReplacer(store, generations, clock);
    }

    /** This process's staging folder under the work directory; folders left by processes that died are removed first. */
    @Bean(destroyMethod = "close")
    WorkDirectory workDirectory(ShardlakeProperties properties) throws IOException {
        return WorkDirectory.claim(properties.extract().workDirectoryPath());
    }

    @Bean(destroyMethod = "close")
    PipelineRunner pipelineRunner(SourceConnections sources, RunRepository runs, ObjectStore store, PartitionReplacer replacer,
                                  io.shardlake.engine.sink.RunSinks sinks, EntityEventStore events, KeyIndexStore keyIndex,
                                  ReconciliationStore reconciliations, ShardlakeProperties properties, RebuildProperties rebuild,
                                  WorkDirectory work, Clock clock) {
        ShardlakeProperties.Extract x = properties.extract();
        EngineSettings settings = new EngineSettings(x.lookback(), x.safetyLag(), x.chunkRows(), x.dedupeBatchRows(),
                x.quarantineMinRows(), work.path(), x.parallelism(), x.primaryKeyScanFraction(), rebuild.slices());
        ShardReconciler reconciler = new ShardReconciler(runs, keyIndex, events, reconciliations, x.lookback(), clock);
        return new PipelineRunner(sources, runs, store, replacer, sinks, events, reconciler, settings, clock);
    }

    @Bean
    io.shardlake.engine.compaction.CompactionLedger compactionLedger(javax.sql.DataSource dataSource) {
        return new io.shardlake.engine.metadata.JdbcCompactionLedger(dataSource);
    }

    /** Runs of trigger COMPACTION: the runner hands them to it. */
    @Bean
    io.shardlake.engine.compaction.CompactionRunner compactionRunner(PipelineRunner runner, ObjectStore store, PartitionReplacer replacer,
                                                                     PartitionGenerations generations,
                                                                     io.shardlake.engine.compaction.CompactionLedger ledger,
                                                                     CompactionProperties properties, WorkDirectory work, Clock clock) {
        io.shardlake.engine.compaction.CompactionRunner compaction = new io.shardlake.engine.compaction.CompactionRunner(store, replacer,
                generations, ledger, properties.settings(), work.path(), clock);
        runner.compactWith(compaction);
        return compaction;
    }

    @Bean
    io.shardlake.engine.compaction.CompactionScheduler compactionScheduler(io.shardlake.engine.compaction.CompactionLedger ledger,
                                                                           RunQueue queue, DefinitionRegistry registry,
                                                                           CompactionProperties properties, Clock clock) {
        return new io.shardlake.engine.compaction.CompactionScheduler(ledger, queue, () -> registry.current().all(), properties.settings(),
                properties.interval(), clock);
    }

    @Bean
    EntityEventIntake entityEventIntake(DefinitionLookup definitions, SourceConnections sources, EntityEventStore events, Clock clock) {
        return new EntityEventIntake(definitions, sources, events, clock);
    }

    @Bean
    io.shardlake.app.schedule.QueueListeners queueListeners(EventsProperties events, EntityEventIntake intake,
                                                            io.micrometer.core.instrument.MeterRegistry meters) {
        return new io.shardlake.app.schedule.QueueListeners(events, intake, meters);
    }

    @Bean
    EventBatcher eventBatcher(EntityEventStore events, RunQueue queue, DefinitionLookup definitions,
                              io.shardlake.engine.coordinator.LiveDefinitions live, Clock clock) {
        return new EventBatcher(events, queue, definitions, live::forRuns, clock);
    }

    @Bean
    RunScheduler runScheduler(RunQueue queue, DefinitionRegistry registry, io.shardlake.engine.coordinator.LiveDefinitions live,
                              Clock clock) {
        return new RunScheduler(queue, clock, (definition, at) -> registry.current().source(definition.name())
                .ifPresent(src -> queue.saveDefinitionVersion(definition.name(), definition.version(), src.fileName(), src.text(), at)),
                live::forRuns);
    }

    @Bean(destroyMethod = "close")
    RunCoordinator runCoordinator(RunQueue queue, PipelineRunner runner, DefinitionLookup definitions, BackfillStore backfills,
                                  io.shardlake.engine.rebuild.RebuildStore rebuilds, RunRepository runs,
                                  io.shardlake.engine.run.HostSlots hostSlots, ObjectProvider<RunListener> listeners,
                                  SchedulerProperties scheduler, RebuildProperties rebuild, Clock clock)
            throws Exception {
        String node = scheduler.nodeId().isBlank()
                ? InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8)
                : scheduler.nodeId();
        CoordinatorSettings settings = new CoordinatorSettings(node, scheduler.lease(), scheduler.maxRunsPerNode(),
                scheduler.queueScanLimit());
        // Replica budgets are cluster-wide: every node's reads take slots in the metadata database, renewed by this node's heartbeat.
        runner.shareHostBudgets(hostSlots, node, scheduler.lease());
        return new RunCoordinator(queue, runner, definitions, new BackfillGate(backfills, rebuilds, runs, rebuild.switchRetries(), clock),
                RunListeners.of(listeners.orderedStream().toList()), settings, clock);
    }

    @Bean
    PipelineOperations pipelineOperations(DefinitionRegistry registry, RunQueue queue, RunRepository runs, RunScheduler scheduler,
                                          ObjectProvider<io.shardlake.app.schedule.SchedulerLoops> loops, AuditLog audit, Clock clock) {
        return new PipelineOperations(registry::current, queue, runs, scheduler, () -> loops.ifAvailable(l -> l.wake()), audit, clock);
    }

    /** The pipeline list and detail pages' reads. */
    @Bean
    PipelineOverview pipelineOverview(DefinitionRegistry registry, RunQueue queue, RunHistory history, Clock clock) {
        return new PipelineOverview(registry::current, queue, history, clock);
    }

    /** Quarantined rows the pipeline page shows, read back from the lake. */
    @Bean
    QuarantineSamples quarantineSamples(ObjectStore store, RunHistory history) {
        return new QuarantineSamples(store, history);
    }

    @Bean
    BackfillOperations backfillOperations(PipelineOperations pipelines, SourceConnections sources, BackfillStore store, RunQueue queue,
                                          RunRepository runs, RunScheduler scheduler, PipelineRunner runner,
                                          ShardlakeProperties properties, ObjectProvider<io.shardlake.app.schedule.SchedulerLoops> loops,
                                          AuditLog audit, Clock clock) {
        return new BackfillOperations(pipelines, sources, store, queue, runs, scheduler, runner::estimateRows,
                properties.extract().lookback(), () -> loops.ifAvailable(l -> l.wake()), audit, clock,
                d -> runner.checkSinks(d, true));
    }
}
