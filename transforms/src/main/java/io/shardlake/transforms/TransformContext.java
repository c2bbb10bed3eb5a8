package io.shardlake.transforms;

import java.time.Instant;

/** What the audit columns say about where and when a row was extracted. */
public record TransformContext(String shard, Instant extractedAt, String runId) {
}
