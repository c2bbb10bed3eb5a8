package io.shardlake.engine.coordinator;

import io.shardlake.engine.backfill.Backfill;
import io.shardlake.engine.backfill.BackfillState;
import io.shardlake.engine.backfill.BackfillStore;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Whether a queued backfill chunk may start now: its backfill is active (not paused, not
 * cancelled) and inside its allowed time-of-day window. Told when a chunk ends, so the backfill
 * ends with its last chunk.
 */
public final class BackfillGate {

    /** What to do with a queued chunk. */
    public record Decision(Kind kind, int maxShardsAtOnce, String reason) {
        public enum Kind { START, WAIT, END }

        static Decision start(int maxShardsAtOnce) {
            return new Decision(Kind.START, maxShardsAtOnce, null);
        }

        static Decision waiting(String reason) {
            return new Decision(Kind.WAIT, 0, reason);
        }

        static Decision end(String reason) {
            return new Decision(Kind.END, 0, reason);
        }
    }

    /** For nodes that run no backfills (tests of incremental runs): every chunk waits. */
    public static final BackfillGate NONE = new BackfillGate(null, null, null);

    private final BackfillStore store;
    private final RunRepository runs;
    private final Clock clock;
    private final RebuildGate rebuilds;

    public BackfillGate(BackfillStore store, RunRepository runs, Clock clock) {
        this(store, null, runs, clock);
    }

    /** @param rebuilds the rebuilds whose shard runs (trigger REBUILD) go through the backfill lane too; null where none run */
    public BackfillGate(BackfillStore store, io.shardlake.engine.rebuild.RebuildStore rebuilds, RunRepository runs, Clock clock) {
        this(store, rebuilds, runs, io.shardlake.engine.rebuild.SwitchRetries.DEFAULT, clock);
    }

    /** @param switchRetries how a rebuild's failed switch run is tried again */
    public BackfillGate(BackfillStore store, io.shardlake.engine.rebuild.RebuildStore rebuilds, RunRepository runs,
                        io.shardlake.engine.rebuild.SwitchRetries switchRetries, Clock clock) {
        this.store = store;
        this.runs = runs;
        this.clock = clock;
        this.rebuilds = rebuilds == null ? null : new RebuildGate(rebuilds, runs, switchRetries, clock);
    }

    public Decision admit(RunRecord chunk, Instant now) {
        if (isRebuilds(chunk)) {
            return rebuilds == null ? Decision.waiting("this node runs no rebuilds") : rebuilds.admit(chunk, now);
        }
        if (store == null || chunk.backfillId() == null) {
            return Decision.waiting("this node runs no backfills");
        }
        Backfill b = store.byId(chunk.backfillId()).orElse(null);
        if (b == null) {
            return Decision.end("its backfill " + chunk.backfillId() + " no longer exists");
        }
        if (b.state() == BackfillState.PAUSED) {
            return Decision.waiting("backfill paused");
        }
        if (b.state() != BackfillState.ACTIVE) {
            return Decision.end("backfill " + b.id() + " is " + b.state() + (b.reason() == null ? "" : ": " + b.reason()));
        }
        if (b.allowedWindow() != null && !b.allowedWindow().isOpen(now)) {
            return Decision.waiting("outside the allowed window " + b.allowedWindow() + " until " + b.allowedWindow().nextOpening(now));
        }
        return Decision.start(b.maxConcurrency());
    }

    private static boolean isRebuilds(RunRecord run) {
        return run.trigger() == io.shardlake.engine.run.TriggerKind.REBUILD || run.trigger() == io.shardlake.engine.run.TriggerKind.REBUILD_SWITCH;
    }

    /** Ends the chunk's backfill if this was its last chunk: SUCCEEDED if every chunk did, else FAILED. */
    public void chunkEnded(RunRecord chunk) {
        if (isRebuilds(chunk)) {
            if (rebuilds != null && chunk.backfillId() != null) {
                rebuilds.runEnded(chunk);
            }
            return;
        }
        if (store == null || chunk.backfillId() == null) {
            return;
        }
        List<RunRecord> chunkRuns = runs.backfillRuns(chunk.backfillId());
        if (chunkRuns.isEmpty() || chunkRuns.stream().anyMatch(run -> !run.state().isTerminal())) {
            return;
        }
        List<String> failed = chunkRuns.stream().filter(run -> run.state() != RunState.SUCCEEDED)
                .map(run -> run.interval().start() + " " + run.state()).toList();
        BackfillState end = failed.isEmpty() ? BackfillState.SUCCEEDED : BackfillState.FAILED;
        String reason = failed.isEmpty() ? null : failed.size() + " chunk(s) did not succeed: "
                + String.join(", ", failed.subList(0, Math.min(10, failed.size())));
        store.changeState(chunk.backfillId(), Set.of(BackfillState.ACTIVE, BackfillState.PAUSED), end, reason, clock.instant());
    }
}
