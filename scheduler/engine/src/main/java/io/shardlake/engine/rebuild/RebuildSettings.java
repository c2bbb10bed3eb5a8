package io.shardlake.engine.rebuild;

import java.time.Duration;

/**
 * @param rowsPerSecondPerShard the rate a dry run assumes for one shard's full load (measured, see README "Rebuilds")
 * @param defaultConcurrency    shards loading at once when a request does not say
 * @param retention             how long a version that stopped being live is kept for a rollback before its files are deleted
 */
public record RebuildSettings(long rowsPerSecondPerShard, int defaultConcurrency, Duration retention) {

    public RebuildSettings {
        if (rowsPerSecondPerShard < 1) {
            throw new IllegalArgumentException("shardlake.rebuild.rows-per-second-per-shard must be at least 1, was " + rowsPerSecondPerShard);
        }
        if (defaultConcurrency < 1) {
            throw new IllegalArgumentException("shardlake.rebuild.default-concurrency must be at least 1, was " + defaultConcurrency);
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("shardlake.rebuild.retention must not be negative, was " + retention);
        }
    }
}
