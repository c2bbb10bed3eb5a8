package io.shardlake.web.api;

import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.run.ShardRunState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One attempt of one shard's task, with its window, counts, timings and error. */
@Schema(name = "ShardTask", description = "One attempt of one shard's task in a run")
record ShardTaskView(String shard,
                     @Schema(description = "1 for the first try; retries and take-overs add attempts") int attempt,
                     ShardRunState state,
                     @Schema(description = "start of the cursor window read (inclusive); null for a first full load") String windowFrom,
                     @Schema(description = "end of the cursor window read (exclusive): the new watermark on commit") String windowUntil,
                     ShardCounts counts, Instant startedAt, Instant finishedAt, Long durationMillis,
                     @Schema(description = "why this attempt failed") String error,
                     @Schema(description = "how the task read the replica and what it cost; null before it has read") SourceRead sourceRead) {

    static ShardTaskView of(ShardRunRecord s) {
        Long took = s.startedAt() == null || s.finishedAt() == null ? null : s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli();
        return new ShardTaskView(s.shard(), s.attempt(), s.state(), s.windowFrom(), s.windowUntil(), s.counts(), s.startedAt(),
                s.finishedAt(), took, s.error(), SourceRead.of(s.read(), s.counts().rowsRead()));
    }

    /** The access path a task read its window on, the replica's estimates it was chosen from, and the read's cost. */
    @Schema(name = "SourceRead", description = "How a shard task read its window from the replica, and what that cost the replica")
    record SourceRead(@Schema(description = "\"cursor index\" (keyset on (cursor, key)) or \"primary-key scan\" (keyset on the key,"
                              + " cursor bounds as a filter)") String accessPath,
                      @Schema(description = "the replica's estimate of the window's rows") long windowRowsEstimate,
                      @Schema(description = "the replica's estimate of the table's rows") long tableRowsEstimate,
                      @Schema(description = "rows the replica's storage engine read; null where the source cannot tell") Long rowsExamined,
                      @Schema(description = "rowsExamined / rows read; null when unknown") Double rowsExaminedPerRowSent,
                      @Schema(description = "time spent waiting for the replica") long queryMillis) {

        static SourceRead of(ShardReadCost r, long rowsSent) {
            return r == null ? null : new SourceRead(r.accessPath(), r.windowRowsEstimate(), r.tableRowsEstimate(), r.rowsExamined(),
                    r.examinedPerRowSent(rowsSent), r.queryMillis());
        }
    }
}
