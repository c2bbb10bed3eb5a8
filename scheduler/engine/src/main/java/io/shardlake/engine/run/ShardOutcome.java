package io.shardlake.engine.run;

/** How one shard task ended, for the run's summary. */
public record ShardOutcome(String shard, ShardRunState state, ShardCounts counts, String error) {
}
