package io.shardlake.engine.sink;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.LiveVersion;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline's target table as every sink sees it, derived once from the compiled plan so
 * that Athena and Redshift describe the same table.
 *
 * @param schema     the output schema of the files, audit columns included
 * @param primaryKey output columns identifying a row: the shard, then the source primary key
 *                   (keys are unique per shard, not across shards)
 * @param cursor     the version's output column (the cursor's, or a joined view's {@code _version}): its
 *                   greatest value is a key's latest version
 * @param live       where the table's live version is: the lake folder its files are in, and under
 *                   which name a catalog keeps it (see {@link LiveVersion})
 */
public record SinkTable(PipelineDefinition definition, String name, RowSchema schema, List<String> primaryKey, String cursor,
                        PartitionGranularity granularity, LiveVersion live) {

    public SinkTable {
        primaryKey = List.copyOf(primaryKey);
    }

    /** The output column of the source primary key's first column: the key column with the most values. */
    public String sourceKeyLead() {
        return primaryKey.get(1);
    }

    public static SinkTable of(PipelinePlan plan) {
        PipelineDefinition d = plan.definition();
        RowSchema schema = plan.transform().outputSchema();
        List<String> key = new ArrayList<>();
        key.add(AuditColumns.SHARD);
        for (String source : d.source().primaryKey()) {
            key.add(outputOf(plan, source, "primary key column"));
        }
        return new SinkTable(d, d.target().table(), schema, key, plan.versionColumn(), d.partition().granularity(), plan.live());
    }

    /** The output column a source column is mapped to; sinks key and order rows by them. */
    private static String outputOf(PipelinePlan plan, String source, String what) {
        int position = plan.transform().outputPositionOfSource(source);
        if (position < 0) {
            throw new IllegalArgumentException("the " + what + " '" + source + "' of pipeline " + plan.name()
                    + " is not among its output columns; Athena's latest view and the Redshift merge need it: map it in transform.columns");
        }
        return plan.transform().outputSchema().column(position).name();
    }

    public String pipeline() {
        return definition.name();
    }

    /**
     * The lake folder of this version's own current-state table ({@code target.current}): version 1's
     * is {@code <table>_current}, whose manifest is also readers'; version N's {@code <table>__v<N>_current}.
     */
    public String ownCurrentTable() {
        return io.shardlake.engine.definition.TargetSpec.currentTableOf(LiveVersion.ownFolder(name, live.version()));
    }

    /** The lake folder of the live version's files. */
    public String folder() {
        return live.folder();
    }
}
