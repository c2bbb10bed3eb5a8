package io.shardlake.web.api;

import io.shardlake.engine.run.RunLane;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.TriggerKind;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A run as the API shows it: identity, data interval, state, timings, attempt, totals, error. */
@Schema(name = "Run", description = "One run of a pipeline")
record RunView(
        @Schema(description = "run id, for `/api/runs/{id}`") String id,
        String pipeline,
        @Schema(description = "why the run exists") TriggerKind trigger,
        @Schema(description = "incremental runs continue from the watermarks, one at a time; backfill chunks read a fixed range")
        RunLane lane,
        @Schema(description = "QUEUED waits for a slot, its upstreams or a resume; SUCCEEDED, FAILED, CANCELLED and SKIPPED are final")
        RunState state,
        @Schema(description = "start of the data interval the run stands for (inclusive)") Instant intervalStart,
        @Schema(description = "end of the data interval (exclusive); a scheduled run's is its cron fire") Instant intervalEnd,
        Instant queuedAt, Instant startedAt, Instant finishedAt,
        @Schema(description = "how many times a node claimed it (more than 1 after a take-over)") int attempt,
        @Schema(description = "the node holding (or that last held) the run") String node,
        @Schema(description = "the definition version the run executes") String definitionVersion,
        String backfillId,
        @Schema(description = "the shards this run reads; empty means every shard") List<String> shards,
        @Schema(description = "sums over the shard tasks") ShardCounts totals,
        @Schema(description = "why the run is being stopped (a cancel and who asked, or its timeout), until it ends") String cancelRequested,
        @Schema(description = "why it failed (the failing shards and their reasons)") String error) {

    static RunView of(RunRecord r) {
        return new RunView(r.id(), r.pipeline(), r.trigger(), r.lane(), r.state(),
                r.interval() == null ? null : r.interval().start(), r.interval() == null ? null : r.interval().end(), r.queuedAt(),
                r.startedAt(), r.finishedAt(), r.attempt(), r.leaseOwner(), r.definitionVersion(), r.backfillId(), r.shardSubset(),
                r.totals(), r.cancelReason(), r.error());
    }
}
