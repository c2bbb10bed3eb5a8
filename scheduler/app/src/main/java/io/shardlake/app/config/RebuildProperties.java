package io.shardlake.app.config;

import io.shardlake.engine.rebuild.RebuildSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rebuilds of a table into a new version ({@code shardlake.rebuild.*}); see README "Rebuilds".
 * Each default is stated here once.
 *
 * @param rowsPerSecondPerShard the rate a dry run assumes for one shard's full load
 * @param defaultConcurrency    shards loading at once when a request does not say
 * @param retention             how long a version that stopped being live is kept for a rollback
 */
@ConfigurationProperties("shardlake.rebuild")
public record RebuildProperties(Long rowsPerSecondPerShard, Integer defaultConcurrency, Duration retention) {

    public RebuildProperties {
        rowsPerSecondPerShard = rowsPerSecondPerShard == null ? 100_000L : rowsPerSecondPerShard;
        defaultConcurrency = defaultConcurrency == null ? 2 : defaultConcurrency;
        retention = retention == null ? Duration.ofDays(7) : retention;
        settings(rowsPerSecondPerShard, defaultConcurrency, retention); // refuses bad values at start-up
    }

    public RebuildSettings settings() {
        return settings(rowsPerSecondPerShard, defaultConcurrency, retention);
    }

    private static RebuildSettings settings(long rate, int concurrency, Duration retention) {
        return new RebuildSettings(rate, concurrency, retention);
    }
}
