package io.shardlake.engine.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * States of a pipeline run, and the only moves allowed between them:
 * <pre>
 * QUEUED  -> RUNNING                 claimed by a node (attempt + 1, lease taken)
 * QUEUED  -> CANCELLED | SKIPPED     cancelled before it started; an interval collapsed into a later run
 * QUEUED  -> FAILED                  an upstream dependency did not succeed in time
 * RUNNING -> SUCCEEDED | FAILED | CANCELLED
 * RUNNING -> SKIPPED                 every shard had nothing new to read
 * RUNNING -> QUEUED                  the node running it stopped renewing its lease: taken over
 * </pre>
 * A run fails when any of its shards failed; the other shards still commit their progress.
 */
public enum RunState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, SKIPPED;

    private static final Map<RunState, Set<RunState>> NEXT = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, SKIPPED, FAILED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, SKIPPED, QUEUED),
            SUCCEEDED, EnumSet.noneOf(RunState.class),
            FAILED, EnumSet.noneOf(RunState.class),
            CANCELLED, EnumSet.noneOf(RunState.class),
            SKIPPED, EnumSet.noneOf(RunState.class));

    public boolean canMoveTo(RunState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** @throws IllegalStateException naming both states when the move is not allowed */
    public void checkMoveTo(RunState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("a run cannot go from " + this + " to " + next);
        }
    }
}
