package io.shardlake.web.api;

import io.shardlake.engine.backfill.BackfillChunk;
import io.shardlake.engine.backfill.BackfillPlan;
import io.shardlake.engine.backfill.BackfillRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A dry run's answer: the chunks a backfill would run and the replicas' row estimates per shard. */
record BackfillPlanView(boolean dryRun, String pipeline, Instant from, Instant to, List<String> shards, int maxConcurrency,
                        String allowedWindow, int chunkCount, long estimatedRows, List<ChunkPlan> chunks, List<String> estimateErrors) {

    record ChunkPlan(int index, Instant start, Instant end, List<String> partitions, Map<String, Long> estimatedRows) {
    }

    static BackfillPlanView of(String pipeline, BackfillPlan plan) {
        BackfillRequest r = plan.request();
        List<ChunkPlan> chunks = new java.util.ArrayList<>();
        for (BackfillChunk c : plan.chunks()) {
            chunks.add(new ChunkPlan(c.index(), c.start(), c.end(), c.partitions(),
                    c.index() < plan.estimates().size() ? plan.estimates().get(c.index()) : Map.of()));
        }
        return new BackfillPlanView(true, pipeline, r.from(), r.to(), r.shards(), r.maxConcurrency(),
                r.allowedWindow() == null ? null : r.allowedWindow().toString(), chunks.size(), plan.estimatedRows(), chunks,
                plan.estimateErrors());
    }
}
