package io.shardlake.engine.run;

/**
 * What one shard task did.
 *
 * @param rowsSkipped rows read again through the lookback that were already in the lake
 */
public record ShardCounts(long rowsRead, long rowsSkipped, long rowsWritten, long rowsQuarantined, int files, long bytes) {

    public static final ShardCounts NONE = new ShardCounts(0, 0, 0, 0, 0, 0);

    public ShardCounts plus(ShardCounts o) {
        return new ShardCounts(rowsRead + o.rowsRead, rowsSkipped + o.rowsSkipped, rowsWritten + o.rowsWritten,
                rowsQuarantined + o.rowsQuarantined, files + o.files, bytes + o.bytes);
    }
}
