package io.shardlake.engine.run;

/**
 * Executes runs of a trigger that reads no source and so takes none of {@link PipelineRunner}'s
 * shard machinery (compaction). Kept as an interface here so that the package implementing it may
 * depend on this one, never the other way around.
 */
@FunctionalInterface
public interface RunExecutor {

    /**
     * Executes {@code run} (RUNNING, held by the caller) on the plan of its definition at the table's
     * live version; never throws for a failure of the work.
     */
    RunResult execute(RunRecord run, PipelinePlan plan, RunControl control, PipelineSinks sinks);
}
