package io.shardlake.web.api;

import io.shardlake.engine.backfill.Backfill;
import io.shardlake.engine.backfill.BackfillProgress;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import java.time.Instant;
import java.util.List;

/**
 * A backfill as the API shows it, with its progress (chunks by state, rows) and, in detail
 * answers, each chunk run.
 */
record BackfillView(String id, String pipeline, String state, Instant from, Instant to, List<String> shards, int maxConcurrency,
                    String allowedWindow, Instant createdAt, Instant changedAt, String reason, Progress progress,
                    List<ChunkView> chunks) {

    record Progress(int chunksTotal, long chunksSucceeded, long chunksFailed, long chunksCancelled, long chunksRunning,
                    long chunksQueued, long rowsRead, long rowsWritten) {
    }

    record ChunkView(String runId, Instant intervalStart, Instant intervalEnd, String state, int attempt, long rowsWritten,
                     String error) {
        static ChunkView of(RunRecord r) {
            return new ChunkView(r.id(), r.interval().start(), r.interval().end(), r.state().name(), r.attempt(),
                    r.totals().rowsWritten(), r.error());
        }
    }

    static BackfillView of(BackfillProgress p) {
        Backfill b = p.backfill();
        Progress progress = new Progress(b.chunks(), p.chunksIn(RunState.SUCCEEDED), p.chunksIn(RunState.FAILED),
                p.chunksIn(RunState.CANCELLED), p.chunksIn(RunState.RUNNING), p.chunksIn(RunState.QUEUED), p.rowsRead(), p.rowsWritten());
        return new BackfillView(b.id(), b.pipeline(), b.state().name(), b.from(), b.to(), b.shards(), b.maxConcurrency(),
                b.allowedWindow() == null ? null : b.allowedWindow().toString(), b.createdAt(), b.changedAt(), b.reason(), progress,
                p.chunkRuns().stream().map(ChunkView::of).toList());
    }

    /** A list entry: no progress or chunks (one query for the list). */
    static BackfillView summary(Backfill b) {
        return new BackfillView(b.id(), b.pipeline(), b.state().name(), b.from(), b.to(), b.shards(), b.maxConcurrency(),
                b.allowedWindow() == null ? null : b.allowedWindow().toString(), b.createdAt(), b.changedAt(), b.reason(), null, null);
    }
}
