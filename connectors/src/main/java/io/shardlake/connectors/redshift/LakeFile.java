package io.shardlake.connectors.redshift;

import java.util.Objects;

/**
 * One published Parquet file of a run.
 *
 * @param key   its object-store key, such as {@code orders/dt=2026-11-23/<run>-shard01-a1-0001.parquet}
 * @param bytes its size (a COPY manifest of Parquet files must state each file's length)
 */
public record LakeFile(String key, long bytes) {
    public LakeFile {
        Objects.requireNonNull(key, "key");
        if (!key.endsWith(".parquet")) {
            throw new IllegalArgumentException("file " + key + " is not a Parquet file; pass only a run's data files, "
                    + "not its quarantine files");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("file " + key + " has size " + bytes + "; a Parquet file is never empty");
        }
    }
}
