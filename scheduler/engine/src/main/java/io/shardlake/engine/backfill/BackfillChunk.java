package io.shardlake.engine.backfill;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One unit of backfill work, per shard: the rows whose partition column falls in
 * {@code [start, end)} (UTC instants on partition boundaries), which replace exactly the
 * {@code partitions} folders (e.g. {@code dt=2026-11-20}) of that shard, named by the writer's own
 * code.
 *
 * @param index      position in the plan, from 0, in time order
 * @param partitions the folders the chunk covers, in time order
 */
public record BackfillChunk(int index, Instant start, Instant end, List<String> partitions) {

    public BackfillChunk {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        partitions = List.copyOf(partitions);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("chunk starts at or after its end: " + start + " >= " + end);
        }
    }
}
