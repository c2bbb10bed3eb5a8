package io.shardlake.web.api;

import io.shardlake.engine.rebuild.Rebuild;
import io.shardlake.engine.rebuild.RebuildPlan;
import io.shardlake.engine.rebuild.RebuildProgress;
import io.shardlake.engine.rebuild.RebuildState;
import io.shardlake.engine.rebuild.TableVersion;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.web.ui.ChunkProgress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A rebuild as the API shows it: its state, progress (shards loaded, rows, rate, ETA) and, in detail answers, each run. */
record RebuildView(String id, String pipeline, String state, int version, int fromVersion, String definitionVersion, List<String> shards,
                   int maxConcurrency, String allowedWindow, Instant createdAt, Instant changedAt, String reason, Progress progress,
                   List<RunEntry> runs) {

    /**
     * @param rowsWritten rows the shards that loaded wrote, plus the committed slices of those still loading, plus the switch run's
     * @param rowsPerSecond the shard loads' rate, from the first start to the last end (to now while a shard loads)
     * @param eta what is left, as the rebuild page says it ("about 4 min for 2 chunk(s) left", "paused: ...", "done")
     * @param etaSeconds the same in seconds; null while it is not known (no shard loaded yet) or paused
     */
    record Progress(int shardsTotal, long shardsLoaded, long rowsWritten, double rowsPerSecond, String eta, Long etaSeconds) {
    }

    /** One run of the rebuild: a shard's full load (REBUILD) or the switch run (REBUILD_SWITCH). */
    record RunEntry(String runId, String kind, List<String> shards, String state, int attempt, long rowsWritten, Instant startedAt,
                    Instant finishedAt, String error) {
        static RunEntry of(RunRecord r) {
            return new RunEntry(r.id(), r.trigger().name(), r.shardSubset(), r.state().name(), r.attempt(), r.totals().rowsWritten(),
                    r.startedAt(), r.finishedAt(), r.error());
        }
    }

    static RebuildView of(RebuildProgress p, Instant now) {
        Rebuild r = p.rebuild();
        ChunkProgress shards = ChunkProgress.of(p.shardRuns(), r.state() == RebuildState.PAUSED, now, r.maxConcurrency());
        return of(r, new Progress(r.shards().size(), p.shardsLoaded(), p.rowsWritten(), Math.round(p.rowsPerSecond(now) * 10) / 10.0,
                shards.eta(), shards.etaSeconds()), p.runs().stream().map(RunEntry::of).toList());
    }

    /** A list entry: no progress or runs (one query for the list). */
    static RebuildView summary(Rebuild r) {
        return of(r, null, null);
    }

    private static RebuildView of(Rebuild r, Progress progress, List<RunEntry> runs) {
        return new RebuildView(r.id(), r.pipeline(), r.state().name(), r.version(), r.fromVersion(), r.definitionVersion(), r.shards(),
                r.maxConcurrency(), r.allowedWindow() == null ? null : r.allowedWindow().toString(), r.createdAt(), r.changedAt(),
                r.reason(), progress, runs);
    }

    /** A dry run's answer: what the rebuild would do, and the replicas' estimates. */
    record PlanView(String pipeline, boolean dryRun, int version, int fromVersion, String definitionVersion, List<String> shards,
                    int maxConcurrency, String allowedWindow, Map<String, Long> estimatedRows, long totalEstimatedRows,
                    long estimatedSeconds, Instant startsAt, List<String> applies, List<String> errors) {
        static PlanView of(RebuildPlan p) {
            return new PlanView(p.pipeline(), true, p.version(), p.fromVersion(), p.definitionVersion(), p.shards(), p.maxConcurrency(),
                    p.allowedWindow() == null ? null : p.allowedWindow().toString(), p.estimatedRows(), p.totalEstimatedRows(),
                    p.estimatedDuration().toSeconds(), p.startsAt(), p.applies(), p.errors());
        }
    }

    /** A table version, and where readers find it. */
    record VersionView(int version, String state, String definitionVersion, String folder, String rebuildId, Instant createdAt,
                       Instant liveSince, Instant retiredAt) {
        static VersionView of(TableVersion v) {
            return new VersionView(v.version(), v.state().name(), v.definitionVersion(),
                    io.shardlake.engine.lake.LakeLayout.versionTable(v.table(), v.version()), v.rebuildId(), v.createdAt(), v.liveSince(),
                    v.retiredAt());
        }
    }
}
