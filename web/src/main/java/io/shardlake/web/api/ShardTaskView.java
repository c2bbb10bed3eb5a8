package io.shardlake.web.api;

import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import java.util.List;
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
                      @Schema(description = "time spent waiting for the replica") long queryMillis,
                      @Schema(description = "a joined view's view rows read again because rows of a joined table changed, per join;"
                              + " their cost is part of rowsExamined and queryMillis") List<JoinRead> joins) {

        static SourceRead of(ShardReadCost r, long rowsSent) {
            return r == null ? null : new SourceRead(r.accessPath(), r.windowRowsEstimate(), r.tableRowsEstimate(), r.rowsExamined(),
                    r.examinedPerRowSent(rowsSent), r.queryMillis(), r.joins().stream().map(JoinRead::of).toList());
        }
    }

    /** The view rows one join made a task read again, and what that cost the replica. */
    @Schema(name = "JoinRead", description = "View rows read again because rows of one joined table changed in the window")
    record JoinRead(@Schema(description = "the join's name") String join,
                    @Schema(description = "rows of the joined table whose cursor was in the window") long changedRows,
                    @Schema(description = "view rows read again because of them") long rowsSent,
                    @Schema(description = "rows the replica's storage engine read for both; null where the source cannot tell")
                    Long rowsExamined,
                    @Schema(description = "rowsExamined / rowsSent; null when unknown") Double rowsExaminedPerRowSent,
                    @Schema(description = "time spent waiting for the replica") long queryMillis) {

        static JoinRead of(ShardReadCost.JoinRead j) {
            return new JoinRead(j.join(), j.changedRows(), j.rowsSent(), j.rowsExamined(), j.examinedPerRowSent(), j.queryMillis());
        }
    }
}
