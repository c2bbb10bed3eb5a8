package io.shardlake.engine.run;

import java.time.Instant;

/**
 * What reconciling one shard found.
 *
 * @param sourceKeys      keys the replica holds
 * @param lakeKeys        live keys in the lake (its key index after folding the latest tasks)
 * @param ranges          key ranges holding keys on either side
 * @param rangesDiffering ranges whose count or hash differed, the only ones compared key by key
 * @param rowsExamined    rows (index entries) the replica's storage engine read, -1 where it cannot tell
 * @param deletedKeys     keys in the lake the replica no longer has: queued as delete events (tombstones)
 * @param missingKeys     keys the replica has had since before the watermark that the lake lacks:
 *                        queued as reload events (loaded whatever their version), and a sign of rows lost somewhere
 * @param sample          a few of the missing keys (or deleted, when none is missing), for people
 */
public record ShardReconciliation(String runId, String shard, String pipeline, long sourceKeys, long lakeKeys, int ranges,
                                  int rangesDiffering, long rowsExamined, long deletedKeys, long missingKeys, String sample,
                                  Instant finishedAt) {
}
