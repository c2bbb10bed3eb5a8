package io.shardlake.engine.window;

import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.connectors.source.SourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Decides which cursor range a shard's extract reads. Pure: same inputs, same window.
 *
 * <ul>
 *   <li>The upper bound (the ceiling) is fixed before reading, from the source's own clock minus
 *       a safety lag and minus the replica's reported lag: rows the replica may not have yet are
 *       never inside the window. The new watermark is this ceiling, not the largest value seen,
 *       so a slow replica or a quiet table never skips rows.</li>
 *   <li>The lower bound is the committed watermark minus the lookback, which catches
 *       transactions that committed late with an older cursor value; it never goes below what
 *       the tail digest covers, so rows in it can be told apart (already loaded, or late).</li>
 *   <li>Stopped replication blocks the shard; a ceiling not past the watermark reads nothing (the
 *       watermark never moves backwards).</li>
 * </ul>
 */
public final class WindowPlanner {

    private final Lookback lookback;
    private final Duration safetyLag;

    public WindowPlanner(Duration lookback, Duration safetyLag) {
        if (safetyLag.isNegative()) {
            throw new IllegalArgumentException("the safety lag must not be negative");
        }
        this.lookback = new Lookback(lookback);
        this.safetyLag = safetyLag;
    }

    /**
     * @param watermark    committed watermark in the cursor's zone, or null before the first run
     * @param tailFrom     lowest cursor value the tail digest covers, or null (covers nothing)
     */
    public WindowPlan plan(LocalDateTime watermark, LocalDateTime tailFrom, SourceStatus status) {
        if (status.lag().stopped()) {
            return WindowPlan.blocked(watermark, "not read: " + status.lag().detail());
        }
        Instant ceilingInstant = status.utcNow().minus(safetyLag).minus(status.lag().lag());
        LocalDateTime ceiling = LocalDateTime.ofInstant(ceilingInstant, status.cursorZone()).truncatedTo(ChronoUnit.MICROS);
        if (watermark == null) {
            return WindowPlan.read(new ExtractWindow(null, ceiling), null);
        }
        if (!ceiling.isAfter(watermark)) {
            return WindowPlan.nothingNew(watermark, "source ceiling " + ceiling + " is not past the watermark " + watermark
                    + " (" + status.lag().detail() + ")");
        }
        LocalDateTime from = lookback.below(watermark);
        if (tailFrom == null || tailFrom.isAfter(from)) {
            // Rows below the digest's coverage cannot be told apart from loaded ones: do not read them.
            from = tailFrom == null ? watermark : tailFrom.isAfter(watermark) ? watermark : tailFrom;
        }
        return WindowPlan.read(new ExtractWindow(from, ceiling), watermark);
    }

    /** Lowest cursor value the next window can start from, once {@code newWatermark} is committed. */
    public LocalDateTime nextTailFrom(LocalDateTime newWatermark) {
        return lookback.below(newWatermark);
    }
}
