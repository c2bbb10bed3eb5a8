package io.shardlake.connectors.testing.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * GC during one span of wall-clock time, from {@link GcLog} pauses: the share of the span spent
 * in pauses and, per quarter of the span, the heap in use right after the collections that ended
 * in it. An after-GC figure is the live data plus garbage the collector did not reach yet (an old
 * generation not collected so far), so it bounds the live heap from above while the work runs;
 * flat quarters mean the heap does not grow with the rows.
 *
 * @param wallMillis  length of the span
 * @param pauseMillis sum of the pauses that ended in the span
 */
public record GcActivity(long wallMillis, int pauses, double pauseMillis, List<Quarter> quarters) {

    /** After-GC heap of the collections that ended in one quarter; -1 figures when none did. */
    public record Quarter(int collections, long medianAfterBytes, long maxAfterBytes) {
    }

    public GcActivity {
        quarters = List.copyOf(quarters);
    }

    public static GcActivity of(List<GcLog.Pause> pauses, long fromMillis, long toMillis) {
        long span = Math.max(1, toMillis - fromMillis);
        List<List<GcLog.Pause>> byQuarter = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (GcLog.Pause p : pauses) {
            byQuarter.get((int) Math.min(3, Math.max(0, (p.endMillis() - fromMillis) * 4 / span))).add(p);
        }
        return new GcActivity(span, pauses.size(), pauses.stream().mapToDouble(GcLog.Pause::millis).sum(),
                byQuarter.stream().map(GcActivity::quarter).toList());
    }

    private static Quarter quarter(List<GcLog.Pause> pauses) {
        double[] after = pauses.stream().mapToDouble(GcLog.Pause::heapAfterBytes).toArray();
        return after.length == 0 ? new Quarter(0, -1, -1)
                : new Quarter(after.length, (long) Percentiles.median(after), (long) Percentiles.of(after, 100));
    }

    /** Pause time as a fraction of the span. */
    public double pauseShare() {
        return pauseMillis / wallMillis;
    }

    /** The largest after-GC heap in the span, or -1 when no collection ended in it. */
    public long maxAfterBytes() {
        return quarters.stream().mapToLong(Quarter::maxAfterBytes).max().orElse(-1);
    }
}
