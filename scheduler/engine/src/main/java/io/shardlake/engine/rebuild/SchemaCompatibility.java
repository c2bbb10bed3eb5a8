package io.shardlake.engine.rebuild;

import io.shardlake.connectors.athena.AthenaDdl;
import io.shardlake.connectors.athena.AthenaTable;
import io.shardlake.connectors.athena.ExistingTable;
import io.shardlake.connectors.athena.IncompatibleSchemaException;
import io.shardlake.connectors.athena.SchemaEvolution;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.engine.sink.SinkTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a new definition can keep writing a table an older one wrote, whatever reads it: the
 * rule of {@link SchemaEvolution} (Athena reads every file with the table's current columns by
 * name, Redshift COPY by position, DuckDB by name with {@code union_by_name}). Columns may be
 * added at the end and widened; a removed, retyped or moved column, or a changed partitioning or
 * key, needs a new table version (a rebuild).
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /** What keeps {@code next} from writing the table {@code live} wrote; empty when compatible. */
    public static List<String> problems(PipelineDefinition live, PipelineDefinition next) {
        List<String> problems = new ArrayList<>();
        if (!live.target().table().equals(next.target().table())) {
            return problems; // another table: nothing to keep compatible with
        }
        AthenaTable before = described(SinkTable.of(PipelinePlan.of(live)));
        AthenaTable after = described(SinkTable.of(PipelinePlan.of(next)));
        ExistingTable existing = new ExistingTable(before.name(), before.columns(), List.of(AthenaTable.PARTITION_COLUMN),
                Map.of(AthenaDdl.PARTITION_FORMAT_PROPERTY, before.granularity().pattern(),
                        AthenaDdl.PRIMARY_KEY_PROPERTY, String.join(",", before.primaryKey())));
        try {
            SchemaEvolution.compare(existing, after);
        } catch (IncompatibleSchemaException e) {
            problems.addAll(e.problems());
        }
        return problems;
    }

    private static AthenaTable described(SinkTable t) {
        // only the columns, keys and partitioning are compared: the location is a placeholder
        return new AthenaTable(t.name(), "s3://compatibility/" + t.name() + "/", t.schema(), t.primaryKey(), t.cursor(), t.granularity(),
                Instant.EPOCH);
    }
}
