package io.shardlake.engine.history;

import io.shardlake.engine.run.RunState;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a pipeline stands in the list: paused first, then what its newest run says. */
public enum PipelineHealth {
    /** Scheduled, its newest run ended well (or it has not run yet). */
    ACTIVE,
    /** Its newest run is queued or running. */
    RUNNING,
    /** Its newest run failed. */
    FAILING,
    /** Paused by someone: nothing new is queued or started. */
    PAUSED;

    public static PipelineHealth of(boolean paused, RunState lastRun) {
        if (paused) {
            return PAUSED;
        }
        if (lastRun == RunState.FAILED) {
            return FAILING;
        }
        return lastRun == RunState.QUEUED || lastRun == RunState.RUNNING ? RUNNING : ACTIVE;
    }

    /** The lower-case name the pages use, e.g. {@code failing}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A status filter as typed; blank means no filter (null).
     *
     * @throws IllegalArgumentException naming the field {@code status} and the valid values
     */
    public static PipelineHealth parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status: unknown status '" + text + "'; use one of "
                    + Arrays.stream(values()).map(PipelineHealth::label).collect(Collectors.joining(", ")));
        }
    }
}
