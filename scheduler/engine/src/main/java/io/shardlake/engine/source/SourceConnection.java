package io.shardlake.engine.source;

import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.source.SourceTimeouts;
import io.shardlake.connectors.source.SourceDialects;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A named source from the service configuration: its shards, the zone its DATETIME values are
 * written in, credentials, and how many concurrent reads one replica host may receive.
 *
 * @param lagQuery optional SQL giving replication lag in seconds (NULL = stopped); null uses
 *                 {@code SHOW REPLICA STATUS}
 * @param timeouts how long to wait for a replica: to connect, for each byte of a read, per statement
 */
public record SourceConnection(String name, List<Shard> shards, ZoneId zone, String username, String password,
                               int maxConcurrentPerHost, String lagQuery, SourceTimeouts timeouts) {

    /** A connection with the {@link SourceTimeouts#DEFAULTS default timeouts}. */
    public SourceConnection(String name, List<Shard> shards, ZoneId zone, String username, String password, int maxConcurrentPerHost,
                            String lagQuery) {
        this(name, shards, zone, username, password, maxConcurrentPerHost, lagQuery, SourceTimeouts.DEFAULTS);
    }

    public SourceConnection {
        shards = List.copyOf(shards);
        Objects.requireNonNull(timeouts, "timeouts");
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
