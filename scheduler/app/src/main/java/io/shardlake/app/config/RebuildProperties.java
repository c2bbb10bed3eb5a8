package io.shardlake.app.config;

import io.shardlake.engine.rebuild.RebuildSettings;
import io.shardlake.engine.rebuild.SwitchRetries;
import io.shardlake.engine.run.LoadSlices;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rebuilds of a table into a new version ({@code shardlake.rebuild.*}); see README "Rebuilds".
 * Each default is stated here once.
 *
 * @param rowsPerSecondPerShard the rate a dry run assumes for one shard's full load
 * @param defaultConcurrency    shards loading at once when a request does not say
 * @param retention             how long a version that stopped being live is kept for a rollback
 * @param sliceRows             a shard's load commits (and checkpoints its key position) after each slice of this many rows
 * @param sliceSize             ... or of this much Parquet, whichever comes first
 * @param switchAttempts        switch runs at most when one fails before its metadata step (the first included)
 * @param switchBackoff         the wait before the second switch attempt, doubled for each later one
 */
@ConfigurationProperties("shardlake.rebuild")
public record RebuildProperties(Long rowsPerSecondPerShard, Integer defaultConcurrency, Duration retention, Long sliceRows,
                                DataSize sliceSize, Integer switchAttempts, Duration switchBackoff) {

    public RebuildProperties {
        rowsPerSecondPerShard = rowsPerSecondPerShard == null ? 100_000L : rowsPerSecondPerShard;
        defaultConcurrency = defaultConcurrency == null ? 2 : defaultConcurrency;
        retention = retention == null ? Duration.ofDays(7) : retention;
        sliceRows = sliceRows == null ? LoadSlices.DEFAULT.rows() : sliceRows;
        sliceSize = sliceSize == null ? DataSize.ofBytes(LoadSlices.DEFAULT.bytes()) : sliceSize;
        settings(rowsPerSecondPerShard, defaultConcurrency, retention); // refuses bad values at start-up
        new LoadSlices(sliceRows, sliceSize.toBytes());
        switchAttempts = switchAttempts == null ? SwitchRetries.DEFAULT.attempts() : switchAttempts;
        switchBackoff = switchBackoff == null ? SwitchRetries.DEFAULT.backoff() : switchBackoff;
        new SwitchRetries(switchAttempts, switchBackoff);
    }

    /** How a rebuild's switch run that failed before its metadata step is tried again. */
    public SwitchRetries switchRetries() {
        return new SwitchRetries(switchAttempts, switchBackoff);
    }

    /** How a rebuild's shard load is committed in slices. */
    public LoadSlices slices() {
        return new LoadSlices(sliceRows, sliceSize.toBytes());
    }

    public RebuildSettings settings() {
        return settings(rowsPerSecondPerShard, defaultConcurrency, retention);
    }

    private static RebuildSettings settings(long rate, int concurrency, Duration retention) {
        return new RebuildSettings(rate, concurrency, retention);
    }
}
