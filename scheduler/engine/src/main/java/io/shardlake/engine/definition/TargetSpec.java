package io.shardlake.engine.definition;

import io.shardlake.connectors.parquet.Compression;

/**
 * Where the Parquet files go: {@code <warehouse>/<table>/dt=.../}, compression and file size.
 *
 * @param redshift whether each committed run is also loaded into the legacy Redshift table of the same name
 */
public record TargetSpec(String table, Compression compression, long fileSizeBytes, boolean redshift) {

    /** A target only in the lake. */
    public TargetSpec(String table, Compression compression, long fileSizeBytes) {
        this(table, compression, fileSizeBytes, false);
    }
}
