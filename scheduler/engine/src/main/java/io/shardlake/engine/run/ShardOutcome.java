package io.shardlake.engine.run;

/**
 * How one shard task attempt ended, for the run's summary.
 *
 * @param retryable for a failure: whether another attempt could end differently
 */
public record ShardOutcome(String shard, ShardRunState state, ShardCounts counts, String error, boolean retryable,
                           boolean pausesPipeline) {

    public ShardOutcome(String shard, ShardRunState state, ShardCounts counts, String error, boolean retryable) {
        this(shard, state, counts, error, retryable, false);
    }

    static ShardOutcome succeeded(String shard, ShardCounts counts) {
        return new ShardOutcome(shard, ShardRunState.SUCCEEDED, counts, null, false);
    }
}
