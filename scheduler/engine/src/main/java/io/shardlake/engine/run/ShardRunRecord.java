package io.shardlake.engine.run;

import java.time.Instant;

/**
 * One attempt of one shard's task of a run, with its window (cursor text, as stored), counts, and
 * what its read cost the replica ({@code read}: null until it has read its window).
 */
public record ShardRunRecord(String runId, String shard, int attempt, String pipeline, ShardRunState state, String windowFrom,
                             String windowUntil, ShardCounts counts, Instant startedAt, Instant finishedAt, String error,
                             ShardReadCost read) {
}
