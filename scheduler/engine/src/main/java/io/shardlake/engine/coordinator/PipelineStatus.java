package io.shardlake.engine.coordinator;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * What a list of pipelines shows for one of them.
 *
 * @param freshness now minus the oldest shard watermark: how old the newest data guaranteed in the
 *                  lake for every shard is (null before the first commit)
 */
public record PipelineStatus(PipelineDefinition definition, boolean paused, Instant nextRun, RunRecord lastRun, Duration freshness,
                             Instant oldestWatermark) {
}
