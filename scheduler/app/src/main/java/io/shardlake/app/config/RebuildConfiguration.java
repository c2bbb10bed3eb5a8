package io.shardlake.app.config;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.engine.audit.AuditLog;
import io.shardlake.engine.backfill.BackfillStore;
import io.shardlake.engine.coordinator.BackfillOperations;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.coordinator.LiveDefinitions;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.coordinator.RebuildOperations;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.metadata.JdbcRebuildStore;
import io.shardlake.engine.metadata.JdbcWrittenVersions;
import io.shardlake.engine.rebuild.RebuildStore;
import io.shardlake.engine.rebuild.TableVersionSwitch;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.sink.RunSinks;
import io.shardlake.engine.source.SourceConnections;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Table versions and rebuilds: their store, which definition runs use, the operations, and the runner's switch. */
@Configuration(proxyBeanMethods = false)
class RebuildConfiguration {

    @Bean
    RebuildStore rebuildStore(DataSource dataSource) {
        return new JdbcRebuildStore(dataSource);
    }

    @Bean
    LiveDefinitions liveDefinitions(DefinitionLookup definitions, DataSource dataSource) {
        return new LiveDefinitions(definitions, new JdbcWrittenVersions(dataSource));
    }

    /**
     * Runs of trigger REBUILD and REBUILD_SWITCH: the runner asks it for their version and switch;
     * the sinks (Athena catalog, Redshift tables) follow each switch.
     */
    @Bean
    TableVersionSwitch tableVersionSwitch(PipelineRunner runner, RebuildStore store, ObjectStore lake, RunSinks sinks,
                                          DefinitionLookup definitions, Clock clock) {
        TableVersionSwitch versionSwitch = new TableVersionSwitch(store, lake, sinks, definitions::version, clock);
        runner.rebuildWith(versionSwitch);
        return versionSwitch;
    }

    @Bean
    RebuildOperations rebuildOperations(PipelineOperations pipelines, DefinitionLookup definitions, LiveDefinitions live,
                                        SourceConnections sources, RebuildStore store, BackfillStore backfills, RunQueue queue,
                                        RunRepository runs, RunScheduler scheduler, ObjectStore lake, TableVersionSwitch versionSwitch,
                                        PipelineRunner runner,
                                        BackfillOperations backfillOperations, RebuildProperties properties,
                                        ObjectProvider<io.shardlake.app.schedule.SchedulerLoops> loops, AuditLog audit, Clock clock) {
        backfillOperations.refuseDuringRebuilds(p -> store.unfinished(p).stream().findFirst().map(r -> r.id()));
        return new RebuildOperations(pipelines, definitions, live, sources, store, backfills, queue, runs, scheduler, lake, versionSwitch,
                runner::estimateAllRows, properties.settings(), () -> loops.ifAvailable(l -> l.wake()), audit, clock);
    }
}
