package io.shardlake.web.api;

import io.shardlake.engine.run.ShardCounts;
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
                     @Schema(description = "why this attempt failed") String error) {

    static ShardTaskView of(ShardRunRecord s) {
        Long took = s.startedAt() == null || s.finishedAt() == null ? null : s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli();
        return new ShardTaskView(s.shard(), s.attempt(), s.state(), s.windowFrom(), s.windowUntil(), s.counts(), s.startedAt(),
                s.finishedAt(), took, s.error());
    }
}
