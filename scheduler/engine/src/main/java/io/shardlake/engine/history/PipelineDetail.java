package io.shardlake.engine.history;

import io.shardlake.engine.run.RunRecord;
import java.util.List;

/**
 * A pipeline's page: its list line, its recent runs (newest first) and their shard grid.
 */
public record PipelineDetail(PipelineSummary summary, List<RunRecord> recentRuns, RunGrid grid) {

    public PipelineDetail {
        recentRuns = List.copyOf(recentRuns);
    }

    /** The runs not yet ended (queued or running), newest first: what a cancel button acts on. */
    public List<RunRecord> activeRuns() {
        return recentRuns.stream().filter(r -> !r.state().isTerminal()).toList();
    }
}
