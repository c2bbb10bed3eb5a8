package io.shardlake.transforms;

import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.DerivedColumn;
import io.shardlake.transforms.spec.Explode;
import io.shardlake.transforms.spec.JsonExtraction;
import io.shardlake.transforms.spec.JsonField;
import io.shardlake.transforms.spec.TransformSpec;
import java.util.List;

/** Short builders for transform specs in tests. */
final class Specs {

    private Specs() {
    }

    static ColumnMapping col(String name, String type) {
        return new ColumnMapping(name, name, ColumnType.parse(type));
    }

    static ColumnMapping col(String name, String from, String type) {
        return new ColumnMapping(name, from, ColumnType.parse(type));
    }

    static JsonField field(String name, String path, String type) {
        return new JsonField(name, path, ColumnType.parse(type));
    }

    static JsonField length(String name, String path, String type) {
        return new JsonField(name, path, ColumnType.parse(type), JsonField.Function.LENGTH);
    }

    static JsonExtraction json(String column, JsonField... fields) {
        return new JsonExtraction(column, List.of(fields), null);
    }

    static JsonExtraction json(String column, Explode explode, JsonField... fields) {
        return new JsonExtraction(column, List.of(fields), explode);
    }

    static Explode explodeArray(String path, String indexAs, JsonField... fields) {
        return new Explode(path, indexAs, null, null, null, List.of(fields));
    }

    static Explode explode(String path, String indexAs, String keyAs, String valueAs, String valueType, JsonField... fields) {
        return new Explode(path, indexAs, keyAs, valueAs, valueType == null ? null : ColumnType.parse(valueType), List.of(fields));
    }

    static DerivedColumn derived(String name, String expression, String type) {
        return new DerivedColumn(name, expression, ColumnType.parse(type));
    }

    static TransformSpec spec(List<ColumnMapping> columns, List<JsonExtraction> json, List<DerivedColumn> derived,
                              List<String> dedupeKey) {
        return new TransformSpec(columns, json, derived, dedupeKey);
    }

    static TransformSpec columns(ColumnMapping... columns) {
        return new TransformSpec(List.of(columns), List.of(), List.of(), List.of());
    }
}
