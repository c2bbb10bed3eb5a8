package io.shardlake.connectors.source;

import java.time.Duration;

/**
 * What re-reading the view rows that depend on one join's changed rows cost: how many joined rows
 * changed in the window, how many view rows were read again because of them, and the replica's
 * work for both (rows examined is -1 where the source keeps no session counters).
 */
public record JoinReadCost(String join, long changedRows, long rowsSent, long rowsExamined, int queries, Duration queryTime) {
}
