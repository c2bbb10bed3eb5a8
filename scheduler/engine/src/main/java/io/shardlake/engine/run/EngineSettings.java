package io.shardlake.engine.run;

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
 */
public record EngineSettings(Duration lookback, Duration safetyLag, int chunkRows, int dedupeBatchRows,
                             int quarantineMinRows, Path workDirectory, int parallelism) {

    public EngineSettings {
        if (chunkRows < 1 || dedupeBatchRows < 1 || parallelism < 1) {
            throw new IllegalArgumentException("chunk rows, dedupe batch rows and parallelism must be positive");
        }
    }
}
