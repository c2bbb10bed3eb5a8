package io.shardlake.connectors.source;

import java.time.Duration;

/**
 * What one shard read cost the replica, measured around it on the same connection.
 *
 * @param rowsSent     rows the replica returned
 * @param rowsExamined rows the storage engine read to return them (the session's
 *                     {@code Handler_read_*} counters on MySQL/MariaDB); -1 where the source
 *                     cannot tell (the H2 demo)
 * @param queries      keyset-paged queries run
 * @param queryTime    wall time spent waiting for the replica (executing and fetching), without the
 *                     time spent handling rows
 */
public record ReadCost(AccessPath accessPath, long rowsSent, long rowsExamined, int queries, Duration queryTime) {

    /** Both reads together (on the same path); rows examined unknown if either's is. */
    public ReadCost plus(ReadCost o) {
        return new ReadCost(accessPath, rowsSent + o.rowsSent, rowsExamined < 0 || o.rowsExamined < 0 ? -1 : rowsExamined + o.rowsExamined,
                queries + o.queries, queryTime.plus(o.queryTime));
    }
}
