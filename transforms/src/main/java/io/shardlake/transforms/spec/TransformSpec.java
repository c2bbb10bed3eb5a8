package io.shardlake.transforms.spec;

import java.util.List;

/**
 * What a pipeline does to each source row, as declared in its definition: the columns kept
 * (renamed and cast), the JSON paths flattened into typed columns (with at most one array or
 * object exploded into rows), derived columns, and the key rows are deduplicated on.
 *
 * <p>Output column order: {@link #columns}, then each JSON extraction's fields, then the explode
 * columns, then {@link #derived}, then the audit columns {@code _shard}, {@code _extracted_at},
 * {@code _run_id}, {@code _run_seq}. A column the pipeline gains therefore lands before the audit columns; the sinks
 * match columns by name (the Redshift sink stages in file order and appends the column to its table).
 */
public record TransformSpec(
        List<ColumnMapping> columns,
        List<JsonExtraction> json,
        List<DerivedColumn> derived,
        List<String> dedupeKey) {

    public TransformSpec {
        columns = List.copyOf(columns);
        json = List.copyOf(json);
        derived = List.copyOf(derived);
        dedupeKey = List.copyOf(dedupeKey);
    }
}
