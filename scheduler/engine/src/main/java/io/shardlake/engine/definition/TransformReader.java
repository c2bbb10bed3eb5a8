package io.shardlake.engine.definition;

import io.shardlake.transforms.json.JsonPath;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.DerivedColumn;
import io.shardlake.transforms.spec.Explode;
import io.shardlake.transforms.spec.JsonExtraction;
import io.shardlake.transforms.spec.JsonField;
import io.shardlake.transforms.spec.TransformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads the {@code transform:} section field by field. Only checks what a single field can tell
 * (names, types, paths); how fields relate (duplicate outputs, expressions, the explode) is left to
 * {@code CompiledTransform.compile}, so the rules live in one place.
 */
final class TransformReader {

    private static final List<String> KEYS = DefinitionFormat.keysOf("transform");
    private static final List<String> COLUMN_KEYS = DefinitionFormat.keysOf("transform.columns");
    private static final List<String> JSON_KEYS = DefinitionFormat.keysOf("transform.json");
    private static final List<String> FIELD_KEYS = DefinitionFormat.keysOf("transform.json.fields");
    private static final List<String> EXPLODE_KEYS = DefinitionFormat.keysOf("transform.json.explode");
    private static final List<String> DERIVED_KEYS = DefinitionFormat.keysOf("transform.derived");

    /**
     * The section as written.
     *
     * @param dedupeKey the key as written, or null when absent (the parser then derives it)
     */
    record Parts(List<ColumnMapping> columns, List<JsonExtraction> json, List<DerivedColumn> derived, List<String> dedupeKey) {

        TransformSpec spec(List<String> key) {
            return new TransformSpec(columns, json, derived, key);
        }

        Explode explode() {
            return json.stream().map(JsonExtraction::explode).filter(Objects::nonNull).findFirst().orElse(null);
        }
    }

    private TransformReader() {
    }

    static Parts read(FieldReader transform) {
        transform.allowOnly(KEYS);
        List<ColumnMapping> columns = new ArrayList<>();
        for (FieldReader c : transform.requiredMappings("columns", "{name: order_id, from: id, type: bigint}")) {
            c.allowOnly(COLUMN_KEYS);
            String name = c.required("name", "order_id", Names::outputColumn);
            // from defaults to the name; when the name is invalid it stays null, reported once
            String from = c.optional("from", name, Names::sourceColumn);
            columns.add(new ColumnMapping(name, from, c.required("type", "bigint", ColumnType::parse)));
        }
        List<JsonExtraction> json = new ArrayList<>();
        for (FieldReader j : transform.mappings("json")) {
            j.allowOnly(JSON_KEYS);
            String column = j.required("column", "payload", Names::sourceColumn);
            json.add(new JsonExtraction(column, fields(j), j.has("explode") ? explode(j.mapping("explode")) : null));
        }
        List<DerivedColumn> derived = new ArrayList<>();
        for (FieldReader d : transform.mappings("derived")) {
            d.allowOnly(DERIVED_KEYS);
            derived.add(new DerivedColumn(
                    d.required("name", "order_date", Names::outputColumn),
                    d.required("expression", "\"date(created_at)\"", FieldReader.TEXT),
                    d.required("type", "date", ColumnType::parse)));
        }
        List<String> dedupeKey = transform.list("dedupe_key", null, FieldReader.TEXT);
        return new Parts(columns, json, derived, dedupeKey);
    }

    private static List<JsonField> fields(FieldReader parent) {
        List<JsonField> fields = new ArrayList<>();
        for (FieldReader f : parent.mappings("fields")) {
            f.allowOnly(FIELD_KEYS);
            fields.add(new JsonField(
                    f.required("name", "customer_tier", Names::outputColumn),
                    f.required("path", "$.customer.tier", TransformReader::jsonPath),
                    f.required("type", "string", ColumnType::parse),
                    f.optional("function", JsonField.Function.VALUE, TransformReader::function)));
        }
        return fields;
    }

    private static Explode explode(FieldReader e) {
        e.allowOnly(EXPLODE_KEYS);
        return new Explode(
                e.required("path", "$.items", TransformReader::jsonPath),
                e.optional("index_as", null, Names::outputColumn),
                e.optional("key_as", null, Names::outputColumn),
                e.optional("value_as", null, Names::outputColumn),
                e.optional("value_type", ColumnType.STRING, ColumnType::parse),
                fields(e));
    }

    // Checked here rather than at compile time so that every bad path is reported, not the first.
    private static String jsonPath(String text) {
        JsonPath.parse(text);
        return text;
    }

    private static JsonField.Function function(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "value" -> JsonField.Function.VALUE;
            case "length" -> JsonField.Function.LENGTH;
            default -> throw new IllegalArgumentException("unknown function '" + text + "'; use value (the default) or length"
                    + " (the number of elements of an array or object)");
        };
    }
}
