package io.shardlake.engine.registration;

import io.shardlake.transforms.Partitioner;
import io.shardlake.transforms.schema.ColumnType;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A pipeline as the registration form (or a REST client) describes it, before validation: any
 * field may be missing or wrong. {@link DraftYaml} turns it into the YAML text of an ordinary
 * definition, which is then validated exactly as a file in {@code dag-definitions/} is.
 *
 * <p>Form field names (as {@link FormError#field()} reports them) are the property paths of this
 * record: {@code name}, {@code table}, {@code columns[2].type}, {@code json[0].fields[1].path},
 * {@code partitionColumn}, {@code schedule}, {@code targetTable}...
 *
 * @param columns   every column of the source table the form shows; those not {@code include}d
 *                  are left out of the definition
 * @param json      JSON columns to flatten, each with the offered paths the user ticked
 * @param dedupeKey output columns, or null for the default (the primary key's outputs)
 * @param extra     every other part of the definition, in the definition's own format (as a YAML
 *                  file writes it, e.g. {@code {"runs": {"retries": 5}, "depends_on": ["customers"],
 *                  "transform": {"derived": [...]}}}): joins, soft deletes, events, reconciliation,
 *                  derived columns, JSON extractions with an explode, dependencies, run settings and
 *                  alerts; null or empty for none. It may not repeat a field the properties above
 *                  hold ({@link DraftExtra}); its errors are reported at their definition paths
 *                  ({@code runs.retries}, {@code transform.derived[0].type})
 */
public record PipelineDraft(
        String name,
        String description,
        String connection,
        String table,
        List<Column> columns,
        String cursor,
        List<String> primaryKey,
        List<Json> json,
        String partitionColumn,
        String partitionGranularity,
        String schedule,
        String scheduleZone,
        String targetTable,
        String compression,
        Integer fileSizeMb,
        Double quarantineMaxFraction,
        List<String> dedupeKey,
        Boolean redshift,
        JsonNode extra) {

    /** A draft with nothing beyond the table picker's fields. */
    public PipelineDraft(String name, String description, String connection, String table, List<Column> columns, String cursor,
                         List<String> primaryKey, List<Json> json, String partitionColumn, String partitionGranularity, String schedule,
                         String scheduleZone, String targetTable, String compression, Integer fileSizeMb, Double quarantineMaxFraction,
                         List<String> dedupeKey, Boolean redshift) {
        this(name, description, connection, table, columns, cursor, primaryKey, json, partitionColumn, partitionGranularity, schedule,
                scheduleZone, targetTable, compression, fileSizeMb, quarantineMaxFraction, dedupeKey, redshift, null);
    }

    /** This draft with {@code extra} instead of its own. */
    public PipelineDraft withExtra(JsonNode extra) {
        return new PipelineDraft(name, description, connection, table, columns, cursor, primaryKey, json, partitionColumn,
                partitionGranularity, schedule, scheduleZone, targetTable, compression, fileSizeMb, quarantineMaxFraction, dedupeKey,
                redshift, extra);
    }

    /**
     * One source column: kept under an output name and type, or left out.
     *
     * @param source  the source column's name
     * @param name    the output column name (defaults to {@code source} when blank)
     * @param include null counts as true, so REST clients list only the columns they keep
     */
    public record Column(String source, String name, String type, Boolean include) {
        public boolean included() {
            return include == null || include;
        }
    }

    /** A JSON text column and the paths flattened out of it. */
    public record Json(String column, List<JsonField> fields) {
        public Json {
            fields = fields == null ? List.of() : nonNull(fields);
        }

        public boolean hasIncludedFields() {
            return fields.stream().anyMatch(JsonField::included);
        }
    }

    /**
     * @param function {@code value} (default) or {@code length}
     * @param include  null counts as true
     */
    public record JsonField(String path, String name, String type, String function, Boolean include) {
        public boolean included() {
            return include == null || include;
        }
    }

    /**
     * Whether an output column of {@code type} (as the form spells it, e.g. {@code timestamp}) can
     * partition the lake; false for a missing or invalid type, which the validation reports.
     */
    public static boolean canPartitionBy(String type) {
        if (type == null) {
            return false;
        }
        try {
            return Partitioner.canPartitionBy(ColumnType.parse(type));
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    public PipelineDraft {
        columns = columns == null ? List.of() : nonNull(columns);
        primaryKey = primaryKey == null ? List.of() : nonNull(primaryKey);
        json = json == null ? List.of() : nonNull(json);
        dedupeKey = dedupeKey == null ? null : nonNull(dedupeKey);
        extra = extra == null || extra.isNull() || extra.isMissingNode() ? null : extra;
    }

    /** Lists from forms may hold nulls for rows the user removed. */
    private static <T> List<T> nonNull(List<T> list) {
        List<T> out = new ArrayList<>();
        for (T t : list) {
            if (t != null) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }
}
