package io.shardlake.engine.definition;

import java.util.Locale;

/** How a pipeline finds changed rows ({@code source.mode}). */
public enum SourceMode {
    /** Windows of the cursor column, read by each scheduled run. */
    POLL,
    /**
     * The shards' binlogs: a first load by window from a recorded binlog position, then each run
     * takes the row changes committed since the last one, deletes included.
     */
    CDC;

    /** {@code poll} or {@code cdc}. */
    public static SourceMode parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "poll" -> POLL;
            case "cdc" -> CDC;
            default -> throw new IllegalArgumentException("unknown mode '" + text + "'; use poll (windows of the cursor, the default) or"
                    + " cdc (the shards' binlogs)");
        };
    }
}
