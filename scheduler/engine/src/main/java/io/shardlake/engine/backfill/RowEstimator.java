package io.shardlake.engine.backfill;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.ChunkScope;

/** Estimates, without reading them, the rows one shard holds for a chunk (a dry run's figures). */
@FunctionalInterface
public interface RowEstimator {

    long estimate(PipelineDefinition pipeline, String shard, ChunkScope chunk) throws Exception;
}
