package io.shardlake.engine.history;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One line of the pipeline list.
 *
 * @param nextRun         the schedule's next fire; null while paused
 * @param lastRun         the newest run; null before the first
 * @param freshness       now minus the oldest shard watermark; null before the first commit
 * @param staleAfter      the freshness beyond which the data counts as stale: two schedule intervals
 * @param recentDurations how long the recent runs that ended took, oldest first (for a sparkline)
 */
public record PipelineSummary(PipelineDefinition definition, PipelineHealth health, Instant nextRun, RunRecord lastRun,
                              Duration freshness, Duration staleAfter, List<Duration> recentDurations) {

    public PipelineSummary {
        recentDurations = List.copyOf(recentDurations);
    }

    public boolean stale() {
        return freshness != null && freshness.compareTo(staleAfter) > 0;
    }
}
