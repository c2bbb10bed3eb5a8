package io.shardlake.engine.run;

import io.shardlake.connectors.source.AccessPathChoice;
import io.shardlake.connectors.source.JoinReadCost;
import io.shardlake.connectors.source.ReadCost;
import java.util.List;

/**
 * How a shard task read its window and what that cost the replica.
 *
 * @param accessPath         the path's label: "cursor index" or "primary-key scan"
 * @param windowRowsEstimate the replica's estimate of the window's rows, the path was chosen from
 * @param tableRowsEstimate  the replica's estimate of the table's rows
 * @param rowsExamined       rows the replica's storage engine read, the window's and every join's;
 *                           null where the source cannot tell
 * @param queryMillis        time spent waiting for the replica, the window's read and every join's
 * @param joins              per join of a joined view: the view rows read again because its rows changed
 */
public record ShardReadCost(String accessPath, long windowRowsEstimate, long tableRowsEstimate, Long rowsExamined,
                            long queryMillis, List<JoinRead> joins) {

    public ShardReadCost {
        joins = List.copyOf(joins);
    }

    public ShardReadCost(String accessPath, long windowRowsEstimate, long tableRowsEstimate, Long rowsExamined, long queryMillis) {
        this(accessPath, windowRowsEstimate, tableRowsEstimate, rowsExamined, queryMillis, List.of());
    }

    /**
     * The view rows of one join read again because rows of its table changed in the window.
     *
     * @param changedRows  the joined table's rows whose cursor was in the window
     * @param rowsSent     view rows read again because of them
     * @param rowsExamined rows the replica read for both; null where the source cannot tell
     */
    public record JoinRead(String join, long changedRows, long rowsSent, Long rowsExamined, long queryMillis) {

        static JoinRead of(JoinReadCost cost) {
            return new JoinRead(cost.join(), cost.changedRows(), cost.rowsSent(), cost.rowsExamined() < 0 ? null : cost.rowsExamined(),
                    cost.queryTime().toMillis());
        }

        /** Rows examined per view row read again, null when unknown or none was. */
        public Double examinedPerRowSent() {
            return rowsExamined == null || rowsSent == 0 ? null : (double) rowsExamined / rowsSent;
        }
    }

    public static ShardReadCost of(AccessPathChoice choice, ReadCost cost, List<JoinReadCost> joinCosts) {
        Long examined = cost.rowsExamined() < 0 ? null : cost.rowsExamined();
        long millis = cost.queryTime().toMillis();
        for (JoinReadCost j : joinCosts) {
            examined = examined == null || j.rowsExamined() < 0 ? null : examined + j.rowsExamined();
            millis += j.queryTime().toMillis();
        }
        return new ShardReadCost(choice.path().label(), choice.windowRows(), choice.tableRows(), examined, millis,
                joinCosts.stream().map(JoinRead::of).toList());
    }

    /** Rows examined per row sent, null when unknown or nothing was read. */
    public Double examinedPerRowSent(long rowsSent) {
        return rowsExamined == null || rowsSent == 0 ? null : (double) rowsExamined / rowsSent;
    }
}
