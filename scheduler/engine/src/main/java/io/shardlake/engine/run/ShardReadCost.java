package io.shardlake.engine.run;

import io.shardlake.connectors.source.AccessPathChoice;
import io.shardlake.connectors.source.ReadCost;

/**
 * How a shard task read its window and what that cost the replica.
 *
 * @param accessPath         the path's label: "cursor index" or "primary-key scan"
 * @param windowRowsEstimate the replica's estimate of the window's rows, the path was chosen from
 * @param tableRowsEstimate  the replica's estimate of the table's rows
 * @param rowsExamined       rows the replica's storage engine read; null where the source cannot tell
 * @param queryMillis        time spent waiting for the replica
 */
public record ShardReadCost(String accessPath, long windowRowsEstimate, long tableRowsEstimate, Long rowsExamined,
                            long queryMillis) {

    public static ShardReadCost of(AccessPathChoice choice, ReadCost cost) {
        return new ShardReadCost(choice.path().label(), choice.windowRows(), choice.tableRows(),
                cost.rowsExamined() < 0 ? null : cost.rowsExamined(), cost.queryTime().toMillis());
    }

    /** Rows examined per row sent, null when unknown or nothing was read. */
    public Double examinedPerRowSent(long rowsSent) {
        return rowsExamined == null || rowsSent == 0 ? null : (double) rowsExamined / rowsSent;
    }
}
