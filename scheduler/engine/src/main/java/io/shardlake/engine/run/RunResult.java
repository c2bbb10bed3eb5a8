package io.shardlake.engine.run;

/** How the execution of a run ended: the state to record, the totals over its shards, the error. */
public record RunResult(RunState state, ShardCounts totals, String error) {
}
