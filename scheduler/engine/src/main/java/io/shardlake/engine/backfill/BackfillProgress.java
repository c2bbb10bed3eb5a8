package io.shardlake.engine.backfill;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import java.util.List;

/** A backfill and its chunk runs, for progress: chunks done of total, rows so far. */
public record BackfillProgress(Backfill backfill, List<RunRecord> chunkRuns) {

    public BackfillProgress {
        chunkRuns = List.copyOf(chunkRuns);
    }

    public long chunksIn(RunState state) {
        return chunkRuns.stream().filter(r -> r.state() == state).count();
    }

    /** Chunks that ended, whatever the outcome. */
    public long chunksEnded() {
        return chunkRuns.stream().filter(r -> r.state().isTerminal()).count();
    }

    public long rowsWritten() {
        return chunkRuns.stream().mapToLong(r -> r.totals().rowsWritten()).sum();
    }

    public long rowsRead() {
        return chunkRuns.stream().mapToLong(r -> r.totals().rowsRead()).sum();
    }
}
