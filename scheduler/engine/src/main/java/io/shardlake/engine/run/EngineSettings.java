package io.shardlake.engine.run;

import io.shardlake.connectors.source.ShardReader;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Tuning of the data path, from the service configuration.
 *
 * @param lookback             how far below the watermark each window re-reads, for late commits
 * @param safetyLag            how far behind the source clock each window stops
 * @param chunkRows            rows per keyset-paged query on a shard
 * @param dedupeBatchRows      output rows deduplicated together (memory bound of dedupe)
 * @param quarantineMinRows    fewest quarantined rows that can fail a shard, so one bad row in a
 *                             tiny window does not fail a run on the fraction alone
 * @param workDirectory        where files are written before they are published
 * @param parallelism          shard tasks running at once in this process
 * @param primaryKeyScanFraction a window the replica estimates to hold at least this share of
 *                             the table's rows is read in primary-key order, not on the cursor
 *                             index (see {@link io.shardlake.connectors.source.AccessPathChoice#decide})
 * @param rebuildSlices        how much of a rebuild's shard load is committed at once (its checkpoints)
 */
public record EngineSettings(Duration lookback, Duration safetyLag, int chunkRows, int dedupeBatchRows,
                             int quarantineMinRows, Path workDirectory, int parallelism, double primaryKeyScanFraction,
                             LoadSlices rebuildSlices) {

    /**
     * Where a random clustered-index lookup per window row starts to cost the replica more than one
     * sequential pass over the table: measured on a table larger than the buffer pool, a row through
     * the cursor index cost ~12x the server CPU of a row of a primary-key scan, so the break-even
     * share is ~8%; on a table that fits in memory it is nearer 30%. 10% favours the replica.
     */
    public static final double DEFAULT_PRIMARY_KEY_SCAN_FRACTION = 0.1;

    public EngineSettings {
        if (chunkRows < 1 || dedupeBatchRows < 1 || parallelism < 1) {
            throw new IllegalArgumentException("chunk rows, dedupe batch rows and parallelism must be positive");
        }
        if (!(primaryKeyScanFraction >= 0)) {
            throw new IllegalArgumentException("primary-key-scan-fraction must be 0 or more, was " + primaryKeyScanFraction);
        }
        java.util.Objects.requireNonNull(rebuildSlices, "rebuildSlices");
    }

    /** The settings with the default {@link #rebuildSlices}. */
    public EngineSettings(Duration lookback, Duration safetyLag, int chunkRows, int dedupeBatchRows, int quarantineMinRows,
                          Path workDirectory, int parallelism, double primaryKeyScanFraction) {
        this(lookback, safetyLag, chunkRows, dedupeBatchRows, quarantineMinRows, workDirectory, parallelism, primaryKeyScanFraction,
                LoadSlices.DEFAULT);
    }

    /** These settings with rebuild loads committed in {@code slices}. */
    public EngineSettings withRebuildSlices(LoadSlices slices) {
        return new EngineSettings(lookback, safetyLag, chunkRows, dedupeBatchRows, quarantineMinRows, workDirectory, parallelism,
                primaryKeyScanFraction, slices);
    }

    /**
     * Keys of changed joined rows looked up together: the length of one {@code IN (...)} list that
     * finds the view rows depending on them, at most a page and {@link ShardReader#MAX_LOOKUP_KEYS}.
     */
    public int joinLookupKeys() {
        return Math.min(chunkRows, ShardReader.MAX_LOOKUP_KEYS);
    }

    /** Rows of a table joined from another connection a run keeps in its cache (the least recently used go first). */
    public int lookupCacheRows() {
        return 100_000;
    }

    /** The settings with the default {@link #primaryKeyScanFraction}. */
    public EngineSettings(Duration lookback, Duration safetyLag, int chunkRows, int dedupeBatchRows, int quarantineMinRows,
                          Path workDirectory, int parallelism) {
        this(lookback, safetyLag, chunkRows, dedupeBatchRows, quarantineMinRows, workDirectory, parallelism,
                DEFAULT_PRIMARY_KEY_SCAN_FRACTION);
    }
}
