package io.shardlake.engine.run;

/**
 * How big a slice of a full load committed in slices grows before it is committed: whichever
 * limit is reached first, checked at page ends. Smaller slices lose less to a crash; each slice
 * writes its own files (one per partition its rows fall into), so smaller slices mean more files.
 *
 * @param rows  rows read
 * @param bytes bytes of Parquet written
 */
public record LoadSlices(long rows, long bytes) {

    /** The defaults: one metadata commit and one set of files per million rows, less for wide rows. */
    public static final LoadSlices DEFAULT = new LoadSlices(1_000_000, 512L * 1024 * 1024);

    public LoadSlices {
        if (rows < 1) {
            throw new IllegalArgumentException("shardlake.rebuild.slice-rows must be at least 1, was " + rows);
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("shardlake.rebuild.slice-bytes must be at least 1, was " + bytes);
        }
    }
}
