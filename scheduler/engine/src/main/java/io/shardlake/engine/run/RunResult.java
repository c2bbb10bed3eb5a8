package io.shardlake.engine.run;

/**
 * How the execution of a run ended: the state to record, the totals over its shards, the error.
 *
 * @param pauseReason why the pipeline must not run again until a person resumes it (a binlog-followed
 *                    table changed incompatibly), or null
 */
public record RunResult(RunState state, ShardCounts totals, String error, String pauseReason) {

    public RunResult(RunState state, ShardCounts totals, String error) {
        this(state, totals, error, null);
    }
}
