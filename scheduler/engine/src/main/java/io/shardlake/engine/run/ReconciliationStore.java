package io.shardlake.engine.run;

import java.util.List;

/** Where the findings of reconciliations are kept (the metadata database), per run and shard. */
public interface ReconciliationStore {

    void record(ShardReconciliation found);

    /** The pipeline's latest findings, newest first. */
    List<ShardReconciliation> recent(String pipeline, int limit);

    /** The findings of one run, by shard. */
    List<ShardReconciliation> ofRun(String runId);
}
