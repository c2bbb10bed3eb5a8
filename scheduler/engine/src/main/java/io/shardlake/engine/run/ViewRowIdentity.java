package io.shardlake.engine.run;

import io.shardlake.connectors.source.ExtractQuery;
import java.time.LocalDateTime;

/**
 * What the tail digest knows a loaded row by, with its version: the key, and for a joined view
 * also the cursors of the rows it was built from. Two view rows of one key and one version built
 * from different inputs (a joined row committed late with an older cursor than the fact's) are two
 * versions to load; the same inputs read again (the lookback, or a joined row that changed after
 * a window's ceiling and is seen again by the next window) are one, loaded once.
 */
final class ViewRowIdentity {

    /** Positions of the input cursors in a source row; null without joins. */
    private final int[] inputCursors;
    private final boolean events;

    /** @param events whether entity events load rows too: they load versions above the watermark */
    ViewRowIdentity(ExtractQuery query, boolean events) {
        this.inputCursors = query.joins().isEmpty() ? null : query.inputCursorPositions();
        this.events = events;
    }

    /**
     * Whether a row of this version may already be loaded. Without joins or events, only below the
     * previous watermark; a joined view's version can be above it (a joined row changed after the
     * ceiling), and so can a row an event loaded.
     */
    boolean mayRepeat(LocalDateTime version, LocalDateTime previousWatermark) {
        return inputCursors != null || events || version.isBefore(previousWatermark);
    }

    /** The identity of a source row with key {@code key}. */
    Object[] of(Object[] key, Object[] values) {
        if (inputCursors == null) {
            return key;
        }
        Object[] identity = new Object[key.length + inputCursors.length];
        System.arraycopy(key, 0, identity, 0, key.length);
        for (int i = 0; i < inputCursors.length; i++) {
            identity[key.length + i] = values[inputCursors[i]];
        }
        return identity;
    }
}
