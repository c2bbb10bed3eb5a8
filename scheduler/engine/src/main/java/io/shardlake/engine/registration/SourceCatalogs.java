package io.shardlake.engine.registration;

import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.source.ShardDataSources;
import io.shardlake.connectors.source.SourceCatalog;
import io.shardlake.connectors.source.SourceDialects;
import io.shardlake.connectors.source.SourceTimeouts;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog of each configured source, read from its first shard (shards of a source share one
 * schema). Pools are separate from the runs' and hold one connection per shard, so catalog look-ups
 * and previews never take a run's connection. Credentials stay inside the pools: nothing here
 * returns or prints them.
 */
public final class SourceCatalogs implements AutoCloseable {

    private final SourceConnections sources;
    private final Duration statementTimeout;
    private final Map<String, ShardDataSources> pools = new ConcurrentHashMap<>();

    /** @param statementTimeout how long any catalog or sample query may run on a replica */
    public SourceCatalogs(SourceConnections sources, Duration statementTimeout) {
        this.sources = sources;
        this.statementTimeout = statementTimeout;
    }

    /** The configured connection names, in configuration order. */
    public List<String> connections() {
        return List.copyOf(sources.names());
    }

    public boolean has(String connection) {
        return connection != null && sources.names().contains(connection);
    }

    /** The id of the shard catalogs and samples are read from. @throws IllegalArgumentException for an unknown connection */
    public String sampleShardId(String connection) {
        return sources.get(connection).shards().get(0).id();
    }

    /** The connection's table names, sorted. @throws IllegalArgumentException for an unknown connection */
    public List<String> tables(String connection) throws SQLException {
        return catalog(connection).tables();
    }

    /** @throws IllegalArgumentException for an unknown connection, naming the configured ones */
    SourceCatalog catalog(String connection) {
        SourceConnection source = sources.get(connection);
        Shard shard = source.shards().get(0);
        ShardDataSources pool = pools.computeIfAbsent(source.name(),
                n -> new ShardDataSources(source.username(), source.password(), 1,
                        new SourceTimeouts(source.timeouts().connect(), source.timeouts().read(), statementTimeout)));
        return new SourceCatalog(pool.forShard(shard), SourceDialects.forUrl(shard.jdbcUrl()), source.zone(), statementTimeout);
    }

    @Override
    public void close() {
        pools.values().forEach(ShardDataSources::close);
        pools.clear();
    }
}
