package io.shardlake.app.config;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the plain-Java engine from {@link ShardlakeProperties}. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SourceConnections sourceConnections(ShardlakeProperties properties, ObjectProvider<DemoSource> demo) {
        List<SourceConnection> connections = new ArrayList<>();
        for (Map.Entry<String, ShardlakeProperties.Source> e : properties.getSources().entrySet()) {
            ShardlakeProperties.Source s = e.getValue();
            List<Shard> shards = s.getShards().stream().map(u -> new Shard(u.getId(), u.getUrl())).toList();
            connections.add(new SourceConnection(e.getKey(), shards, s.getZone(), s.getUsername(), s.getPassword(),
                    s.getMaxConcurrentPerHost(), s.getLagQuery()));
        }
        demo.ifAvailable(d -> connections.add(d.connection()));
        return new SourceConnections(connections);
    }

    @Bean
    PipelineCatalog pipelineCatalog(ShardlakeProperties properties, SourceConnections sources) {
        return PipelineCatalog.load(properties.getDefinitions(), sources.names());
    }

    @Bean(destroyMethod = "close")
    PipelineRunner pipelineRunner(SourceConnections sources, RunRepository runs, ObjectStore store, ShardlakeProperties properties,
                                  Clock clock) {
        ShardlakeProperties.Extract x = properties.getExtract();
        EngineSettings settings = new EngineSettings(x.getLookback(), x.getSafetyLag(), x.getChunkRows(), x.getDedupeBatchRows(),
                x.getQuarantineMinRows(), x.getWorkDirectory(), x.getParallelism());
        return new PipelineRunner(sources, runs, store, settings, clock);
    }
}
