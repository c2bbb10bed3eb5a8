package io.shardlake.engine.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * How far below a shard's committed watermark its next window starts again, to catch
 * transactions that committed late with an older cursor value. The one place this rule lives:
 * windows start there ({@link WindowPlanner}), backfills must end before the partition holding it
 * (scheduled runs may still append there), and a reconciliation expects every key older than it
 * to be in the lake.
 */
public record Lookback(Duration duration) {

    public Lookback {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the lookback must not be negative, was " + duration);
        }
    }

    /** The lowest cursor value the window after {@code watermark} reads again. */
    public LocalDateTime below(LocalDateTime watermark) {
        return watermark.minus(duration);
    }

    /** {@link #below(LocalDateTime)} for a watermark as an instant. */
    public Instant below(Instant watermark) {
        return watermark.minus(duration);
    }

    @Override
    public String toString() {
        return duration.toString();
    }
}
