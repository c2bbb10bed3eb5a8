package io.shardlake.engine.compaction;

import java.time.Duration;

/**
 * When and how small files are compacted (the service's {@code shardlake.compaction.*}).
 *
 * @param minFiles        a partition is rewritten once it holds at least this many small files it may take
 * @param targetFileBytes size of the files written; a file under half of it counts as small
 * @param minAge          a file is taken only when the task that wrote it committed at least this long ago
 * @param maxFilesPerRun  small files one compaction run rewrites at most: it holds the pipeline's
 *                        incremental lane (entity events wait), so it must stay short
 * @param horizon         how far back a pipeline's first compaction looks for partitions runs wrote to
 */
public record CompactionSettings(int minFiles, long targetFileBytes, Duration minAge, int maxFilesPerRun, Duration horizon) {

    public CompactionSettings {
        if (minFiles < 2) {
            throw new IllegalArgumentException("compaction min-files must be at least 2, not " + minFiles);
        }
        if (targetFileBytes < 1024 * 1024) {
            throw new IllegalArgumentException("compaction target-file-size must be at least 1 MiB, not " + targetFileBytes + " bytes");
        }
        if (maxFilesPerRun < minFiles) {
            throw new IllegalArgumentException("compaction max-files-per-run (" + maxFilesPerRun + ") must be at least min-files ("
                    + minFiles + ")");
        }
        if (minAge.isNegative() || horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("compaction min-age must not be negative and horizon must be positive");
        }
    }

    /** Whether a file of this size is worth rewriting into a bigger one. */
    public boolean isSmall(long bytes) {
        return bytes < targetFileBytes / 2;
    }
}
