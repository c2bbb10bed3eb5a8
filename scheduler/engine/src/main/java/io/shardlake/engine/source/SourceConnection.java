package io.shardlake.engine.source;

import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.source.SourceDialects;
import java.time.ZoneId;
import java.util.List;

/**
 * A named source from the service configuration: its shards, the zone its DATETIME values are
 * written in, credentials, and how many concurrent reads one replica host may receive.
 *
 * @param lagQuery optional SQL giving replication lag in seconds (NULL = stopped); null uses
 *                 {@code SHOW REPLICA STATUS}
 */
public record SourceConnection(String name, List<Shard> shards, ZoneId zone, String username, String password,
                               int maxConcurrentPerHost, String lagQuery) {

    public SourceConnection {
        shards = List.copyOf(shards);
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("source '" + name + "' has no shards");
        }
        for (Shard shard : shards) {
            try {
                SourceDialects.forUrl(shard.jdbcUrl());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("source '" + name + "' shard " + shard.id() + ": " + e.getMessage());
            }
        }
        if (maxConcurrentPerHost < 1) {
            throw new IllegalArgumentException("source '" + name + "': max concurrent reads per host must be at least 1");
        }
    }

    /** Never prints credentials. */
    @Override
    public String toString() {
        return "SourceConnection[" + name + ", " + shards.size() + " shards, zone " + zone + "]";
    }
}
