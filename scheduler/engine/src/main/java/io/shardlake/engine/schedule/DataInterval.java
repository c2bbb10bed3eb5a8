package io.shardlake.engine.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * The half-open span of time a scheduled run stands for, {@code [start, end)}, as Airflow's data
 * intervals: a run for an interval fires at its end. Consecutive intervals of a schedule meet
 * exactly, so every instant belongs to one interval.
 */
public record DataInterval(Instant start, Instant end) {

    public DataInterval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("an interval starts before it ends: [" + start + ", " + end + ")");
        }
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
