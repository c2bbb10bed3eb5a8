package io.shardlake.engine.run;

import java.time.Instant;

/** A pipeline run as recorded in the metadata database. */
public record RunRecord(String id, String pipeline, String definitionVersion, String trigger, RunState state,
                        Instant startedAt, Instant finishedAt, ShardCounts totals, String error) {
}
