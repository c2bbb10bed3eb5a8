package io.shardlake.web.api;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.ShardCounts;
import java.time.Instant;
import java.util.List;

/** A run as the API shows it: identity, data interval, state, timings, attempt, totals, error. */
record RunView(String id, String pipeline, String trigger, String lane, String state, Instant intervalStart, Instant intervalEnd,
               Instant queuedAt, Instant startedAt, Instant finishedAt, int attempt, String node, String definitionVersion,
               String backfillId, List<String> shards, ShardCounts totals, String cancelRequested, String error) {

    static RunView of(RunRecord r) {
        return new RunView(r.id(), r.pipeline(), r.trigger().name(), r.lane().name(), r.state().name(),
                r.interval() == null ? null : r.interval().start(), r.interval() == null ? null : r.interval().end(), r.queuedAt(),
                r.startedAt(), r.finishedAt(), r.attempt(), r.leaseOwner(), r.definitionVersion(), r.backfillId(), r.shardSubset(),
                r.totals(), r.cancelReason(), r.error());
    }
}
