package io.shardlake.engine.coordinator;

import io.shardlake.engine.rebuild.Rebuild;
import io.shardlake.engine.rebuild.RebuildState;
import io.shardlake.engine.rebuild.RebuildStore;
import io.shardlake.engine.schedule.DataInterval;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Whether a queued shard run of a rebuild may start now (its rebuild is ACTIVE and inside its
 * allowed window), and what a rebuild's run ending means: when every shard loaded, the switch run
 * is queued; when one failed for good, or the switch run did not succeed, the rebuild FAILED
 * (the live version never changed).
 */
final class RebuildGate {

    private final RebuildStore store;
    private final RunRepository runs;
    private final Clock clock;

    RebuildGate(RebuildStore store, RunRepository runs, Clock clock) {
        this.store = store;
        this.runs = runs;
        this.clock = clock;
    }

    BackfillGate.Decision admit(RunRecord run, Instant now) {
        Rebuild r = store.byId(run.backfillId()).orElse(null);
        if (r == null) {
            return BackfillGate.Decision.end("its rebuild " + run.backfillId() + " no longer exists");
        }
        if (r.state() == RebuildState.PAUSED) {
            return BackfillGate.Decision.waiting("rebuild paused");
        }
        if (r.state() != RebuildState.ACTIVE) {
            return BackfillGate.Decision.end("rebuild " + r.id() + " is " + r.state() + (r.reason() == null ? "" : ": " + r.reason()));
        }
        if (r.allowedWindow() != null && !r.allowedWindow().isOpen(now)) {
            return BackfillGate.Decision.waiting("outside the allowed window " + r.allowedWindow() + " until "
                    + r.allowedWindow().nextOpening(now));
        }
        return BackfillGate.Decision.start(r.maxConcurrency());
    }

    void runEnded(RunRecord run) {
        Rebuild r = store.byId(run.backfillId()).orElse(null);
        if (r == null) {
            return;
        }
        Instant now = clock.instant();
        if (run.trigger() == TriggerKind.REBUILD_SWITCH) {
            if (r.state() == RebuildState.SWITCHING) { // a succeeded switch made it LIVE already
                store.changeState(r.id(), Set.of(RebuildState.SWITCHING), RebuildState.FAILED, "the switch run " + run.id() + " ended "
                        + latest(run).state() + "; the live version did not change: start a new rebuild", now);
            }
            return;
        }
        List<RunRecord> shardRuns = runs.backfillRuns(r.id()).stream().filter(x -> x.trigger() == TriggerKind.REBUILD).toList();
        if (shardRuns.isEmpty() || shardRuns.stream().anyMatch(x -> !x.state().isTerminal())) {
            return;
        }
        List<String> failed = shardRuns.stream().filter(x -> x.state() != RunState.SUCCEEDED)
                .map(x -> String.join(",", x.shardSubset()) + " " + x.state()).toList();
        if (!failed.isEmpty()) {
            store.changeState(r.id(), Set.of(RebuildState.ACTIVE, RebuildState.PAUSED), RebuildState.FAILED, failed.size()
                    + " shard(s) did not load: " + String.join(", ", failed.subList(0, Math.min(10, failed.size()))), now);
            return;
        }
        store.startSwitch(r.id(), RunRecord.queued(UUID.randomUUID().toString(), r.pipeline(), Rebuild.switchRunKey(r.id()),
                TriggerKind.REBUILD_SWITCH, r.definitionVersion(), new DataInterval(now.minusMillis(1), now), now, r.id(), List.of()), now);
    }

    private RunRecord latest(RunRecord run) {
        return runs.run(run.id()).orElse(run);
    }
}
