package io.shardlake.connectors.binlog;

import java.util.List;

/**
 * The committed transactions of a shard's binlog from one position on, as far as the read went.
 *
 * @param end         the position after the last transaction taken (the start, when none was)
 * @param ddl         a statement changing the followed table that the batch stops before (it is the
 *                    next batch's first), or null
 * @param ddlApplied  a statement changing the followed table that this batch started with and took;
 *                    the rows after it were mapped with the table's current columns
 * @param reachedHead whether the read got to the server's position as of its start (false: it
 *                    stopped at {@code maxChanges} or before a DDL, and more is waiting)
 */
public record BinlogBatch(List<BinlogChange> changes, BinlogPosition end, String ddl, String ddlApplied, boolean reachedHead) {
    public BinlogBatch {
        changes = List.copyOf(changes);
    }
}
