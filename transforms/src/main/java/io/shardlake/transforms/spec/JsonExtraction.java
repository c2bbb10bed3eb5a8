package io.shardlake.transforms.spec;

import java.util.List;

/**
 * Flattens paths of a JSON source column into typed columns. {@code explode}, when present,
 * turns one array (or object) of the document into one output row per element.
 */
public record JsonExtraction(String column, List<JsonField> fields, Explode explode) {
    public JsonExtraction {
        fields = List.copyOf(fields);
    }
}
