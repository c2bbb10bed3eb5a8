package io.shardlake.connectors.source;

import java.time.LocalDateTime;

/**
 * The half-open range of cursor values one extract reads: {@code from <= cursor < until}.
 * {@code from} is null for a full load. Values are in the cursor's own zone, as the source
 * stores them. Half-open windows never lose or double-count rows with equal cursor values at an
 * edge: a value equal to {@code until} belongs to the next window.
 */
public record ExtractWindow(LocalDateTime from, LocalDateTime until) {

    public ExtractWindow {
        if (until == null) {
            throw new IllegalArgumentException("a window needs an upper bound");
        }
        if (from != null && from.isAfter(until)) {
            throw new IllegalArgumentException("window starts after it ends: " + from + " > " + until);
        }
    }

    @Override
    public String toString() {
        return "[" + (from == null ? "beginning" : CursorValues.format(from)) + ", " + CursorValues.format(until) + ")";
    }
}
