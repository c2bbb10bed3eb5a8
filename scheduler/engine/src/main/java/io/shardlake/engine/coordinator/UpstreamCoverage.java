package io.shardlake.engine.coordinator;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Whether an upstream's completed runs cover a downstream interval: their intervals, joined, leave
 * no gap in {@code [start, end)}. A first run is a full load, so it covers everything before its
 * interval's end. Pure.
 */
final class UpstreamCoverage {

    private UpstreamCoverage() {
    }

    /** @return null when covered, else the first instant of {@code interval} not covered */
    static Instant firstGap(DataInterval interval, List<RunRecord> completed) {
        Instant coveredTo = interval.start();
        List<RunRecord> sorted = completed.stream().filter(r -> r.interval() != null)
                .sorted(Comparator.comparing(UpstreamCoverage::start)).toList();
        for (RunRecord r : sorted) {
            if (start(r).isAfter(coveredTo)) {
                break;
            }
            if (r.interval().end().isAfter(coveredTo)) {
                coveredTo = r.interval().end();
            }
            if (!coveredTo.isBefore(interval.end())) {
                return null;
            }
        }
        return coveredTo;
    }

    private static Instant start(RunRecord r) {
        return r.trigger() == TriggerKind.FIRST_RUN ? Instant.MIN : r.interval().start();
    }
}
