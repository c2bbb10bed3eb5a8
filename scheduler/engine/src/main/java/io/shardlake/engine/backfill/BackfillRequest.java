package io.shardlake.engine.backfill;

import io.shardlake.engine.definition.AllowedWindow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A validated backfill: reload the partitions of {@code [from, to)} for {@code shards}, at most
 * {@code maxConcurrency} shards at once, starting work only while {@code allowedWindow} is open.
 * Made by {@link BackfillRequestValidator}, so every value is valid for the pipeline it was
 * checked against.
 *
 * @param from           first instant, on a partition boundary (UTC)
 * @param to             end, exclusive, on a partition boundary, not after the time of the request
 * @param shards         the shards to reload: the requested subset, or every shard of the source
 * @param allowedWindow  when work may start; null for any time
 */
public record BackfillRequest(
        Instant from,
        Instant to,
        List<String> shards,
        int maxConcurrency,
        AllowedWindow allowedWindow,
        boolean dryRun) {

    public BackfillRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        shards = List.copyOf(shards);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " is not before to " + to);
        }
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("a backfill needs at least one shard");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("max concurrency must be at least 1: " + maxConcurrency);
        }
    }
}
