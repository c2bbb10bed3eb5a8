package io.shardlake.engine.run;

/**
 * One attempt of one shard's task within a run.
 *
 * @param attempt     numbered per (run, shard) from 1: retries and take-overs each get a new one,
 *                    so their files never share a name
 * @param runAttempt  the run's claim counter when this attempt started: commits are refused once
 *                    the run has been claimed again (the fence)
 */
public record ShardTaskRef(String runId, String shard, int attempt, int runAttempt) {

    @Override
    public String toString() {
        return runId + "/" + shard + "#" + attempt;
    }
}
