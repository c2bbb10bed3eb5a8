package io.shardlake.engine.registration;

import java.util.List;
import java.util.Map;

/**
 * What a pipeline would write for a small sample of one shard, computed in memory.
 *
 * @param shard         the shard the sample came from
 * @param rowsRead      source rows sampled
 * @param columns       the output columns in file order, audit columns included
 * @param rows          the output rows, each value as text (null for NULL), in {@code columns} order
 * @param partitions    the {@code dt=} folder of each output row
 * @param quarantined   the sampled rows that would be quarantined, with the reason
 * @param parquetSchema the Parquet schema the writer would write, as parquet-java prints it
 */
public record PreviewResult(String shard, int rowsRead, List<OutputColumn> columns, List<List<String>> rows, List<String> partitions,
                            List<QuarantinedRow> quarantined, String parquetSchema) {

    public record OutputColumn(String name, String type) {
    }

    /** @param source the source row as read, column name -> value as text */
    public record QuarantinedRow(String reason, Map<String, String> source) {
    }
}
