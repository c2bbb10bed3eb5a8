package io.shardlake.engine.run;

/** States of a pipeline run. A run fails when any of its shards failed; the others still commit. */
public enum RunState {
    RUNNING, SUCCEEDED, FAILED
}
