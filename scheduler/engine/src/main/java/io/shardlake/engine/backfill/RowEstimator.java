package io.shardlake.engine.backfill;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.ChunkScope;
import java.util.List;

/** Estimates, without reading them, the rows one shard holds for each chunk (a dry run's figures). */
@FunctionalInterface
public interface RowEstimator {

    /** One estimate per chunk, in the chunks' order; one connection to the shard for all of them. */
    List<Long> estimate(PipelineDefinition pipeline, String shard, List<ChunkScope> chunks) throws Exception;
}
