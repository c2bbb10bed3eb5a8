package io.shardlake.engine.definition;

import io.shardlake.connectors.parquet.Compression;

/**
 * Where the Parquet files go: {@code <warehouse>/<table>/dt=.../}, compression and file size.
 *
 * @param redshift whether each committed run is also loaded into the legacy Redshift table of the same name
 * @param current  whether {@code <table>_current} is kept: one row per (shard, primary key), its newest
 *                 version, updated by every run that writes (see {@code io.shardlake.engine.current})
 */
public record TargetSpec(String table, Compression compression, long fileSizeBytes, boolean redshift, boolean current) {

    /** Suffix of the current-state table's name. */
    public static final String CURRENT_SUFFIX = "_current";

    /** A target only in the lake. */
    public TargetSpec(String table, Compression compression, long fileSizeBytes) {
        this(table, compression, fileSizeBytes, false, false);
    }

    public TargetSpec(String table, Compression compression, long fileSizeBytes, boolean redshift) {
        this(table, compression, fileSizeBytes, redshift, false);
    }

    /** The current-state table's name: {@code <table>_current}. */
    public String currentTable() {
        return currentTableOf(table);
    }

    /** The current-state table's name of a table named {@code table} (a table version's too: {@code <table>__v<N>_current}). */
    public static String currentTableOf(String table) {
        return table + CURRENT_SUFFIX;
    }
}
