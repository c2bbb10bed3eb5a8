package io.shardlake.engine.run;

import java.time.Instant;

/** One shard's task of a run, with its window (cursor text, as stored) and counts. */
public record ShardRunRecord(String runId, String shard, String pipeline, ShardRunState state, String windowFrom,
                             String windowUntil, ShardCounts counts, Instant startedAt, Instant finishedAt, String error) {
}
