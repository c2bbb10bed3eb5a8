package io.shardlake.engine.backfill;

import java.util.List;
import java.util.Map;

/**
 * What a backfill would do, shown by a dry run before anything is written.
 *
 * @param estimates per chunk (in chunk order), the replica's row estimate per shard; -1 where the
 *                  replica could not be asked (the reason is in {@code estimateErrors})
 */
public record BackfillPlan(BackfillRequest request, List<BackfillChunk> chunks, List<Map<String, Long>> estimates,
                           List<String> estimateErrors) {

    public BackfillPlan {
        chunks = List.copyOf(chunks);
        estimates = List.copyOf(estimates);
        estimateErrors = List.copyOf(estimateErrors);
    }

    public long estimatedRows() {
        return estimates.stream().flatMap(m -> m.values().stream()).filter(v -> v > 0).mapToLong(Long::longValue).sum();
    }
}
