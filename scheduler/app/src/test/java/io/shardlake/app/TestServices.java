package io.shardlake.app;

import io.shardlake.connectors.testing.MySqlShards;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings a service under test starts with when it runs on test shards rather than the
 * demo: metadata, definitions and work folders under one temp folder, the connection
 * {@code connection} reading {@code shards}, and a one-second safety lag (rows inserted by the
 * test are read by the next run).
 */
public final class TestServices {

    private TestServices() {
    }

    public static void onTestShards(DynamicPropertyRegistry registry, Path folder, String connection, MySqlShards shards) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + folder.resolve("metadata/shardlake") + ";WRITE_DELAY=0");
        registry.add("shardlake.demo.enabled", () -> "false");
        registry.add("shardlake.definitions", () -> folder.resolve("definitions").toString());
        registry.add("shardlake.extract.work-directory", () -> folder.resolve("work").toString());
        registry.add("shardlake.extract.safety-lag", () -> "1s");
        String prefix = "shardlake.sources." + connection;
        registry.add(prefix + ".username", shards::user);
        registry.add(prefix + ".password", shards::password);
        for (int i = 0; i < shards.count(); i++) {
            String shard = shards.shardIds().get(i);
            registry.add(prefix + ".shards[" + i + "].id", () -> shard);
            registry.add(prefix + ".shards[" + i + "].url", () -> shards.jdbcUrl(shard));
        }
    }
}
