package io.shardlake.engine.run;

import io.shardlake.connectors.parquet.ParquetOptions;
import io.shardlake.connectors.source.ExtractQuery;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.transforms.CompiledTransform;
import io.shardlake.transforms.Deduplicator;
import io.shardlake.transforms.Partitioner;

/**
 * A definition compiled once per run and shared by its shard tasks: the query, the transform,
 * partitioning, dedupe and Parquet options. Everything here is immutable.
 */
public record PipelinePlan(PipelineDefinition definition, ExtractQuery query, CompiledTransform transform,
                           Partitioner partitioner, Deduplicator deduplicator, ParquetOptions parquet) {

    public static PipelinePlan of(PipelineDefinition d) {
        CompiledTransform transform = CompiledTransform.compile(d.transform());
        ExtractQuery query = new ExtractQuery(d.source().table(), transform.sourceColumns(), d.source().cursor(), d.source().primaryKey());
        Partitioner partitioner = new Partitioner(transform.outputSchema(), d.partition().column(), d.partition().granularity());
        Deduplicator dedupe = null;
        if (!d.transform().dedupeKey().isEmpty()) {
            String cursorOutput = transform.outputSchema().column(transform.outputPositionOfSource(d.source().cursor())).name();
            dedupe = new Deduplicator(transform.outputSchema(), d.transform().dedupeKey(), cursorOutput);
        }
        ParquetOptions parquet = ParquetOptions.defaults()
                .withCompression(d.target().compression())
                .withTargetFileBytes(d.target().fileSizeBytes());
        return new PipelinePlan(d, query, transform, partitioner, dedupe, parquet);
    }

    public String name() {
        return definition.name();
    }
}
