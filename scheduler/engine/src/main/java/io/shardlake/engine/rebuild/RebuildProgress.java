package io.shardlake.engine.rebuild;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.TriggerKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rebuild with its runs (one per shard, then the switch run), and what they add up to.
 *
 * @param committedSlices per shard still loading in slices, what its committed slices did (its load
 *                        checkpoint): rows in the lake before the shard's run ends
 */
public record RebuildProgress(Rebuild rebuild, List<RunRecord> runs, Map<String, ShardCounts> committedSlices) {

    public RebuildProgress {
        runs = List.copyOf(runs);
        committedSlices = Map.copyOf(committedSlices);
    }

    public RebuildProgress(Rebuild rebuild, List<RunRecord> runs) {
        this(rebuild, runs, Map.of());
    }

    public List<RunRecord> shardRuns() {
        return runs.stream().filter(r -> r.trigger() == TriggerKind.REBUILD).toList();
    }

    public long shardsLoaded() {
        return shardRuns().stream().filter(r -> r.state() == RunState.SUCCEEDED).count();
    }

    /**
     * Rows written: by the shards that loaded and the switch run, plus the committed slices of the
     * shards still loading (a shard's run records its rows only when it ends; its last slice drops
     * the checkpoint, so no row is counted twice).
     */
    public long rowsWritten() {
        return loadedRows() + runs.stream().filter(r -> r.trigger() != TriggerKind.REBUILD).mapToLong(r -> r.totals().rowsWritten()).sum();
    }

    /** Rows of the shard loads: the shards that loaded, and the committed slices of the others. */
    private long loadedRows() {
        Set<String> loaded = shardRuns().stream().filter(r -> r.state() == RunState.SUCCEEDED).flatMap(r -> r.shardSubset().stream())
                .collect(Collectors.toSet());
        long done = shardRuns().stream().filter(r -> r.state() == RunState.SUCCEEDED).mapToLong(r -> r.totals().rowsWritten()).sum();
        return done + committedSlices.entrySet().stream().filter(e -> !loaded.contains(e.getKey()))
                .mapToLong(e -> e.getValue().rowsWritten()).sum();
    }

    /**
     * Rows per second of the shard loads, from the first start to the last end (to now while a shard
     * loads, its committed slices counted); 0 before a shard ended or committed a slice.
     */
    public double rowsPerSecond(Instant now) {
        Instant first = shardRuns().stream().map(RunRecord::startedAt).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        boolean loading = shardRuns().stream().anyMatch(r -> r.state() == RunState.RUNNING);
        Instant last = loading ? now
                : shardRuns().stream().map(RunRecord::finishedAt).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        if (first == null || last == null || !last.isAfter(first)) {
            return 0;
        }
        return loadedRows() * 1000.0 / Duration.between(first, last).toMillis();
    }
}
