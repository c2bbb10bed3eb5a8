package io.shardlake.app.nodes;

import io.shardlake.app.TestLogins;
import io.shardlake.connectors.testing.MySqlShards;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration one service node starts with, given as command-line arguments so that it
 * wins over application.yml, the same way in-process and in a child JVM. Every node of a test
 * shares the metadata database, sources, definitions and lake, and the work directory too, as
 * nodes on one machine share its default; each has its own node id and Quartz instance id.
 */
public final class NodeSettings {

    private final Map<String, String> properties = new LinkedHashMap<>();

    private NodeSettings() {
    }

    /**
     * A node on the metadata database {@code metadataUrl} with a lake, definitions folder and work
     * directory under {@code folder}; no source, no demo source, random web port.
     */
    public static NodeSettings on(String metadataUrl, String user, String password, Path folder) {
        return new NodeSettings()
                .set("spring.datasource.url", metadataUrl)
                .set("spring.datasource.username", user)
                .set("spring.datasource.password", password)
                .set("shardlake.demo.enabled", false)
                .setAll(TestLogins.ADMIN_PROPERTIES)
                .set("shardlake.definitions", folder.resolve("definitions"))
                .set("shardlake.warehouse.path", folder.resolve("warehouse"))
                .set("shardlake.extract.work-directory", folder.resolve("work"))
                // Rows are inserted with the source's clock while runs read: a second covers their commit.
                .set("shardlake.extract.safety-lag", "1s")
                .set("server.port", 0);
    }

    /** {@link #on} plus the connection {@code shop} reading {@code shards}. */
    static NodeSettings shared(String metadataUrl, String user, String password, MySqlShards shards, Path folder) {
        NodeSettings s = on(metadataUrl, user, password, folder)
                .set("shardlake.sources.shop.username", shards.user())
                .set("shardlake.sources.shop.password", shards.password());
        for (int i = 0; i < shards.count(); i++) {
            String shard = shards.shardIds().get(i);
            s.set("shardlake.sources.shop.shards[" + i + "].id", shard).set("shardlake.sources.shop.shards[" + i + "].url", shards.jdbcUrl(shard));
        }
        return s;
    }

    /** {@code key=value} lines. */
    NodeSettings setAll(java.util.List<String> lines) {
        lines.forEach(l -> set(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return this;
    }

    public NodeSettings set(String key, Object value) {
        properties.put(key, String.valueOf(value));
        return this;
    }

    NodeSettings lease(Duration lease) {
        return set("shardlake.scheduler.lease", lease.toMillis() + "ms");
    }

    /** A copy for the node {@code nodeId}: its lease owner name and Quartz instance id. */
    NodeSettings forNode(String nodeId) {
        NodeSettings copy = new NodeSettings();
        copy.properties.putAll(properties);
        return copy.set("shardlake.scheduler.node-id", nodeId).set("spring.quartz.properties.org.quartz.scheduler.instanceId", nodeId);
    }

    String[] args() {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
