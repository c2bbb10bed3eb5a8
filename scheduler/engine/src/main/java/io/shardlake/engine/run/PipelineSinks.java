package io.shardlake.engine.run;

import java.util.List;

/**
 * Where a pipeline's output goes besides the lake (Athena, Redshift tables), as the runner uses
 * it: {@link #check} before a run writes, {@link #deliver} after it committed. The run package
 * owns this contract and {@code engine.sink} implements it ({@code RunSinks}), so the sinks may
 * use run types without the run package depending on the sinks.
 */
public interface PipelineSinks {

    /** No sink: the lake's files are the whole output. */
    PipelineSinks NONE = new PipelineSinks() {
        @Override
        public void check(PipelinePlan plan, boolean backfill) {
        }

        @Override
        public List<String> deliver(PipelinePlan plan, RunRecord run, boolean committed) {
            return List.of();
        }
    };

    /**
     * Before a run writes any file: every sink of the pipeline must accept its output.
     *
     * @throws RuntimeException ({@code SinkRefusedException}) naming the sink and the problem; nothing was written or changed
     */
    void check(PipelinePlan plan, boolean backfill);

    /**
     * After a run: hands it to each sink of its pipeline (with the runs a sink still waits for).
     *
     * @param committed whether the run's files are live in the lake (a failed backfill chunk's are not)
     * @return one message per sink that failed; empty when every sink is up to date
     */
    List<String> deliver(PipelinePlan plan, RunRecord run, boolean committed);

    /**
     * After a compaction moved partitions to new generations, rows unchanged: tells the sinks that
     * read partitions where they live (a catalog), never those that load rows.
     *
     * @return one message per sink that failed; empty when every sink is up to date
     */
    default List<String> deliverRelocations(PipelinePlan plan, RunRecord compaction) {
        return List.of();
    }
}
