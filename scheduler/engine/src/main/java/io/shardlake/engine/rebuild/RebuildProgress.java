package io.shardlake.engine.rebuild;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A rebuild with its runs (one per shard, then the switch run), and what they add up to. */
public record RebuildProgress(Rebuild rebuild, List<RunRecord> runs) {

    public RebuildProgress {
        runs = List.copyOf(runs);
    }

    public List<RunRecord> shardRuns() {
        return runs.stream().filter(r -> r.trigger() == TriggerKind.REBUILD).toList();
    }

    public long shardsLoaded() {
        return shardRuns().stream().filter(r -> r.state() == RunState.SUCCEEDED).count();
    }

    public long rowsWritten() {
        return runs.stream().mapToLong(r -> r.totals().rowsWritten()).sum();
    }

    /** Rows per second over the shard runs that ended, from the first start to the last end; 0 before any ended. */
    public double rowsPerSecond() {
        Instant first = shardRuns().stream().map(RunRecord::startedAt).filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(null);
        Instant last = shardRuns().stream().map(RunRecord::finishedAt).filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
        if (first == null || last == null || !last.isAfter(first)) {
            return 0;
        }
        long rows = shardRuns().stream().filter(r -> r.finishedAt() != null).mapToLong(r -> r.totals().rowsWritten()).sum();
        return rows * 1000.0 / Duration.between(first, last).toMillis();
    }
}
