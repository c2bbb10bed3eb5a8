package io.shardlake.engine.definition;

import io.shardlake.connectors.parquet.Compression;

/** Where the Parquet files go: {@code <warehouse>/<table>/dt=.../}, compression and file size. */
public record TargetSpec(String table, Compression compression, long fileSizeBytes) {
}
