package io.shardlake.app.config;

import io.shardlake.engine.compaction.CompactionSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Background compaction of the small files entity events and frequent runs leave in partitions
 * ({@code shardlake.compaction.*}); see README "Compaction". Each default is stated here once.
 *
 * @param enabled        queue compaction runs at all
 * @param interval       how often each node looks for pipelines to compact
 * @param minFiles       data files written since a pipeline's last compaction (and small files
 *                       in a partition) that make a compaction worth it
 * @param targetFileSize size of the files compaction writes; a file under half of it is small
 * @param minAge         a file is compacted only once its task committed at least this long ago
 * @param maxFilesPerRun small files one compaction run rewrites at most (it holds the pipeline's
 *                       incremental lane meanwhile: entity events wait)
 * @param horizon        how far back a pipeline's first compaction looks for partitions written to
 */
@ConfigurationProperties("shardlake.compaction")
public record CompactionProperties(Boolean enabled, Duration interval, Integer minFiles, DataSize targetFileSize, Duration minAge,
                                   Integer maxFilesPerRun, Duration horizon) {

    public CompactionProperties {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofMinutes(5) : interval;
        minFiles = minFiles == null ? 50 : minFiles;
        targetFileSize = targetFileSize == null ? DataSize.ofMegabytes(128) : targetFileSize;
        minAge = minAge == null ? Duration.ofMinutes(10) : minAge;
        maxFilesPerRun = maxFilesPerRun == null ? 2000 : maxFilesPerRun;
        horizon = horizon == null ? Duration.ofDays(1) : horizon;
        settings(minFiles, targetFileSize, minAge, maxFilesPerRun, horizon); // refuses bad values at start-up
    }

    public CompactionSettings settings() {
        return settings(minFiles, targetFileSize, minAge, maxFilesPerRun, horizon);
    }

    private static CompactionSettings settings(int minFiles, DataSize target, Duration minAge, int maxFilesPerRun, Duration horizon) {
        return new CompactionSettings(minFiles, target.toBytes(), minAge, maxFilesPerRun, horizon);
    }
}
