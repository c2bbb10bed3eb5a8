package io.shardlake.engine.schedule;

import io.shardlake.engine.definition.RunPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs to queue for intervals that ended while no node ran the pipeline. Pure.
 * <ul>
 *   <li>Never run before: one first run for the latest complete interval (a full load covers
 *       everything before its end).</li>
 *   <li>{@code latest}: one run whose interval spans every missed interval.</li>
 *   <li>{@code all}: one run per missed interval, at most {@code catchup_max_runs}; if more were
 *       missed, the oldest are folded into the first run, so no interval is left uncovered.</li>
 * </ul>
 * The scan is bounded too: at most a few thousand intervals are looked at, the rest folded in.
 */
public final class CatchupPlan {

    /** Intervals examined one by one at most; older missed time is folded into the first run. */
    static final int MAX_SCANNED = 5_000;

    private CatchupPlan() {
    }

    /** What to queue; empty when nothing was missed. {@code firstRun} is true for a pipeline that never ran. */
    public record Planned(List<DataInterval> intervals, boolean firstRun) {
    }

    public static Planned plan(CronIntervals schedule, Instant lastEnd, Instant now, RunPolicy policy) {
        if (lastEnd == null) {
            Instant end = schedule.previousFireBefore(now.plusMillis(1));
            return end == null ? new Planned(List.of(), true) : new Planned(List.of(schedule.intervalEndingAt(end)), true);
        }
        Instant latestEnd = schedule.previousFireBefore(now.plusMillis(1));
        if (latestEnd == null || !latestEnd.isAfter(lastEnd)) {
            return new Planned(List.of(), false);
        }
        // Walk back from the newest end so a long outage costs a bounded amount of work.
        List<DataInterval> missed = new ArrayList<>();
        Instant end = latestEnd;
        while (missed.size() < MAX_SCANNED) {
            Instant start = schedule.previousFireBefore(end);
            if (start == null || !start.isAfter(lastEnd)) {
                missed.add(0, new DataInterval(lastEnd, end));
                break;
            }
            missed.add(0, new DataInterval(start, end));
            end = start;
        }
        if (missed.get(0).start().isAfter(lastEnd)) {
            missed.set(0, new DataInterval(lastEnd, missed.get(0).end()));
        }
        if (policy.catchup() == RunPolicy.Catchup.LATEST) {
            return new Planned(List.of(new DataInterval(missed.get(0).start(), latestEnd)), false);
        }
        int keep = policy.catchupMaxRuns();
        if (missed.size() <= keep) {
            return new Planned(missed, false);
        }
        List<DataInterval> runs = new ArrayList<>();
        int fold = missed.size() - keep;
        runs.add(new DataInterval(missed.get(0).start(), missed.get(fold).end()));
        runs.addAll(missed.subList(fold + 1, missed.size()));
        return new Planned(runs, false);
    }
}
