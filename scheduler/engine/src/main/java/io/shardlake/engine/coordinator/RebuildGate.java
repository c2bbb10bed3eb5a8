package io.shardlake.engine.coordinator;

import io.shardlake.engine.rebuild.Rebuild;
import io.shardlake.engine.rebuild.RebuildState;
import io.shardlake.engine.rebuild.RebuildStore;
import io.shardlake.engine.rebuild.SwitchRetries;
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
 * is queued; when one failed for good the rebuild FAILED; a switch run that did not succeed is
 * tried again after a backoff ({@link SwitchRetries}), and only after its last attempt the rebuild
 * FAILED (the live version never changed).
 */
final class RebuildGate {

    private final RebuildStore store;
    private final RunRepository runs;
    private final SwitchRetries retries;
    private final Clock clock;

    RebuildGate(RebuildStore store, RunRepository runs, SwitchRetries retries, Clock clock) {
        this.store = store;
        this.runs = runs;
        this.retries = retries;
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
                switchFailed(r, latest(run), now);
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
        store.startSwitch(r.id(), switchRun(r, 1, now), now);
    }

    /**
     * A switch run ended before the metadata step (the live version did not change): another
     * attempt is queued for after the backoff, the rebuild staying SWITCHING with the error as its
     * reason (one transaction), until {@link SwitchRetries#attempts} failed.
     */
    private void switchFailed(Rebuild r, RunRecord run, Instant now) {
        int attempts = (int) runs.backfillRuns(r.id()).stream().filter(x -> x.trigger() == TriggerKind.REBUILD_SWITCH).count();
        String error = "switch attempt " + attempts + " of " + retries.attempts() + " (run " + run.id() + ") ended " + run.state()
                + (run.error() == null ? "" : ": " + run.error());
        if (attempts >= retries.attempts()) {
            store.changeState(r.id(), Set.of(RebuildState.SWITCHING), RebuildState.FAILED, error + "; the live version did not change:"
                    + " start a new rebuild", now);
            return;
        }
        Instant notBefore = now.plus(retries.before(attempts + 1));
        store.retrySwitch(r.id(), switchRun(r, attempts + 1, notBefore), error + "; attempt " + (attempts + 1) + " at " + notBefore, now);
    }

    /** A switch run of {@code r}, queued for {@code at}: the dispatcher starts no switch run before its queue time. */
    static RunRecord switchRun(Rebuild r, int attempt, Instant at) {
        return RunRecord.queued(UUID.randomUUID().toString(), r.pipeline(), Rebuild.switchRunKey(r.id(), attempt),
                TriggerKind.REBUILD_SWITCH, r.definitionVersion(), new DataInterval(at.minusMillis(1), at), at, r.id(), List.of());
    }

    private RunRecord latest(RunRecord run) {
        return runs.run(run.id()).orElse(run);
    }
}
