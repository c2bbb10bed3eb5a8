package io.shardlake.engine.coordinator;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import java.time.Duration;

/** Hears what runs do, for metrics and alerts. Implementations must be quick and must not throw. */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    /**
     * @param triggerDelay for a scheduled run, from its fire time (the interval's end) to its start;
     *                     null for other runs
     */
    default void runStarted(RunRecord run, Duration triggerDelay) {
    }

    /** The run ended with {@code result} (its record as it was when it started). */
    default void runFinished(RunRecord run, RunResult result, Duration took) {
    }

    /**
     * A queued run ended without running, in {@code state}: e.g. FAILED because its upstreams did not
     * finish in time or its definition is gone.
     */
    default void runEndedInQueue(RunRecord run, RunState state, String reason) {
    }
}
