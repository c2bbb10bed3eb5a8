package io.shardlake.connectors.redshift;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/**
 * The connection pool of the Redshift sink. Small, because a load holds one connection for its
 * whole transaction and Redshift queues concurrent merges of one table anyway; connections are
 * opened on first use, so a cluster that is down does not stop the service from starting.
 */
public final class RedshiftDataSources {

    /** Two loads at once; more would only wait on Redshift's table lock or its WLM queue. */
    public static final int DEFAULT_POOL_SIZE = 2;

    private RedshiftDataSources() {
    }

    /** A pool for {@code settings}; the caller closes it. The driver is found from the URL (jdbc:redshift: or jdbc:postgresql:). */
    public static HikariDataSource pool(RedshiftSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("redshift-sink");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(DEFAULT_POOL_SIZE);
        config.setMinimumIdle(0);
        config.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }
}
