package io.shardlake.app.config;

import io.shardlake.app.demo.DemoShards;
import io.shardlake.connectors.source.Shard;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.web.security.DemoUsers;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The built-in demo source ({@code shardlake.demo.enabled=true}, the default): 12 embedded shards
 * registered as the connection {@code shardlake.demo.connection} ("shop"), whose data keeps
 * changing, so the example pipelines have rows to move with no external server.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DemoEnabled.class)
class DemoConfiguration {

    @Bean(destroyMethod = "close")
    DemoShards demoShards(ShardlakeProperties properties) throws SQLException {
        return DemoShards.start(DemoShards.DEFAULT_SHARD_COUNT, properties.demo().tickInterval(),
                properties.demo().databasePrefix(), DemoShards.DEFAULT_SEED);
    }

    /** The demo's accounts (shardlake.demo.users, by default the quick start's); they log in only while no shardlake.security.users are configured. */
    @Bean
    DemoUsers demoUsers(ShardlakeProperties properties) {
        return new DemoUsers(properties.demo().users());
    }

    @Bean
    DemoSource demoSource(DemoShards shards, ShardlakeProperties properties) {
        List<Shard> list = new ArrayList<>();
        for (int i = 0; i < shards.shardIds().size(); i++) {
            list.add(new Shard(shards.shardIds().get(i), shards.jdbcUrls().get(i)));
        }
        return new DemoSource(new SourceConnection(properties.demo().connection(), list, ZoneOffset.UTC,
                shards.user(), shards.password(), 4, null));
    }
}
