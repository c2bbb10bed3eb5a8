package io.shardlake.web.api;

import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardRunRecord;
import java.time.Instant;

/** One attempt of one shard's task, with its window, counts, timings and error. */
record ShardTaskView(String shard, int attempt, String state, String windowFrom, String windowUntil, ShardCounts counts,
                     Instant startedAt, Instant finishedAt, Long durationMillis, String error) {

    static ShardTaskView of(ShardRunRecord s) {
        Long took = s.startedAt() == null || s.finishedAt() == null ? null : s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli();
        return new ShardTaskView(s.shard(), s.attempt(), s.state().name(), s.windowFrom(), s.windowUntil(), s.counts(), s.startedAt(),
                s.finishedAt(), took, s.error());
    }
}
