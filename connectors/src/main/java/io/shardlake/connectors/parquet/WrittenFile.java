package io.shardlake.connectors.parquet;

import java.nio.file.Path;

/**
 * A complete Parquet file (footer written).
 *
 * @param partition relative partition folder, e.g. {@code dt=2026-11-23}
 * @param fileName  name within the partition folder, e.g. {@code r42-shard01-0001.parquet}
 * @param localPath where it is on local disk
 * @param rows      rows in the file
 * @param bytes     file size
 */
public record WrittenFile(String partition, String fileName, Path localPath, long rows, long bytes) {

    /** The object key below a table prefix: {@code <partition>/<fileName>}. */
    public String relativeKey() {
        return partition + "/" + fileName;
    }
}
