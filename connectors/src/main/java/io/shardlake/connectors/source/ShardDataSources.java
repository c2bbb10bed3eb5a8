package io.shardlake.connectors.source;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * One small, read-only connection pool per shard, opened on first use and shared by every
 * pipeline reading that shard. Pools are capped so that the service alone can never open more
 * than {@code maxPerShard} connections to a replica database.
 */
public final class ShardDataSources implements AutoCloseable {

    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final String username;
    private final String password;
    private final int maxPerShard;
    private final SourceTimeouts timeouts;

    public ShardDataSources(String username, String password, int maxPerShard, SourceTimeouts timeouts) {
        this.username = username;
        this.password = password;
        this.maxPerShard = maxPerShard;
        this.timeouts = timeouts;
    }

    public DataSource forShard(Shard shard) {
        return pools.computeIfAbsent(shard.jdbcUrl(), url -> open(shard));
    }

    private HikariDataSource open(Shard shard) {
        SourceDialect dialect = SourceDialects.forUrl(shard.jdbcUrl());
        HikariConfig config = new HikariConfig();
        config.setPoolName("shard-" + shard.id());
        config.setJdbcUrl(shard.jdbcUrl());
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPerShard);
        config.setMinimumIdle(0);
        config.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        config.setConnectionTimeout(Math.max(250, timeouts.connect().toMillis()));
        config.setInitializationFailTimeout(-1); // a shard that is down must not stop the service
        config.setReadOnly(true);
        config.setAutoCommit(true);
        if (dialect.connectionInitSql() != null) {
            config.setConnectionInitSql(dialect.connectionInitSql());
        }
        if (dialect instanceof MySqlDialect) {
            config.addDataSourceProperty("characterEncoding", "UTF-8");
            config.addDataSourceProperty("connectTimeout", String.valueOf(timeouts.connect().toMillis()));
            // A read that receives nothing for this long fails: a frozen replica must not hold a task thread.
            config.addDataSourceProperty("socketTimeout", String.valueOf(timeouts.read().toMillis()));
            config.addDataSourceProperty("tcpKeepAlive", "true");
        }
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
