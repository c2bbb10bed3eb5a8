package io.shardlake.engine.backfill;

import io.shardlake.engine.definition.AllowedWindow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A backfill as recorded: reload the partitions of {@code [from, to)} of {@code shards}, split
 * into {@code chunks} chunk runs (lane BACKFILL), at most {@code maxConcurrency} shards at once.
 *
 * @param allowedWindow when chunks may start; null for any time
 * @param reason        why it was cancelled or failed; null otherwise
 */
public record Backfill(String id, String pipeline, Instant from, Instant to, List<String> shards, int maxConcurrency,
                       AllowedWindow allowedWindow, int chunks, BackfillState state, Instant createdAt, Instant changedAt,
                       String reason) {

    public Backfill {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pipeline, "pipeline");
        shards = List.copyOf(shards);
    }

    /** The run key of chunk {@code index}: one run per chunk however often the request is retried. */
    public static String chunkRunKey(String backfillId, int index) {
        return "backfill:" + backfillId + ":" + index;
    }

    public boolean overlaps(Instant otherFrom, Instant otherTo) {
        return from.isBefore(otherTo) && otherFrom.isBefore(to);
    }
}
