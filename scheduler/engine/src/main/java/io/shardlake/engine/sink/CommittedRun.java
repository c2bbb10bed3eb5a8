package io.shardlake.engine.sink;

import io.shardlake.engine.run.PublishedFile;
import java.util.List;
import java.util.Map;

/**
 * What one run committed to the lake, as sinks need it.
 *
 * @param dataFiles   its Parquet files where they are now, keys in the lake's key space ({@code orders/dt=.../x.parquet})
 * @param partitions  the {@code dt=} folders they are in, sorted
 * @param relocated   for a backfill chunk on a store that cannot rename folders: each replaced
 *                    partition's new live folder (object key prefix); empty otherwise
 */
public record CommittedRun(String runId, String pipeline, boolean backfill, List<PublishedFile> dataFiles, List<String> partitions,
                           Map<String, String> relocated) {

    public CommittedRun {
        dataFiles = List.copyOf(dataFiles);
        partitions = List.copyOf(partitions);
        relocated = Map.copyOf(relocated);
    }
}
