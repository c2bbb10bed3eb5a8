package io.shardlake.transforms;

import static io.shardlake.transforms.Specs.col;
import static io.shardlake.transforms.Specs.derived;
import static io.shardlake.transforms.Specs.explode;
import static io.shardlake.transforms.Specs.explodeArray;
import static io.shardlake.transforms.Specs.field;
import static io.shardlake.transforms.Specs.json;
import static io.shardlake.transforms.Specs.length;
import static io.shardlake.transforms.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.DerivedColumn;
import io.shardlake.transforms.spec.Explode;
import io.shardlake.transforms.spec.JsonExtraction;
import io.shardlake.transforms.spec.JsonField;
import io.shardlake.transforms.spec.TransformSpec;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompiledTransformSpecErrorsTest {

    private static TransformSpec jsonOnly(JsonExtraction... json) {
        return spec(List.of(col("id", "bigint")), List.of(json), List.of(), List.of());
    }

    private static TransformSpec derivedOnly(DerivedColumn... derived) {
        return spec(List.of(col("id", "bigint"), col("status", "string")), List.of(), List.of(derived), List.of());
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of("duplicate mapped column",
                        spec(List.of(col("id", "bigint"), col("id", "other", "string")), List.of(), List.of(), List.of()),
                        "transform.columns[1].name", "output column 'id' is already defined by transform.columns[0].name"),
                Arguments.of("json field clashing with a column",
                        jsonOnly(json("payload", field("id", "$.id", "bigint"))),
                        "transform.json[0].fields[0].name", "output column 'id' is already defined by transform.columns[0].name"),
                Arguments.of("explode column clashing with a json field",
                        jsonOnly(json("payload", explodeArray("$.items", "n"), field("n", "$.n", "int"))),
                        "transform.json[0].explode.index_as", "output column 'n' is already defined by transform.json[0].fields[0].name"),
                Arguments.of("derived clashing with an explode field",
                        spec(List.of(), List.of(json("p", explodeArray("$.items", null, field("sku", "$.sku", "string")))),
                                List.of(derived("sku", "upper(x)", "string")), List.of()),
                        "transform.derived[0].name", "output column 'sku' is already defined by transform.json[0].explode.fields[0].name"),
                Arguments.of("derived named like an audit column",
                        derivedOnly(derived("_shard", "lower(status)", "string")),
                        "transform", "output column '_shard' is already defined by transform.derived[0].name"),
                Arguments.of("mapping without type",
                        spec(List.of(new ColumnMapping("id", "id", null)), List.of(), List.of(), List.of()),
                        "transform.columns[0].type", "type is missing; use one of " + ColumnType.accepted()),
                Arguments.of("json field without type",
                        jsonOnly(json("payload", new JsonField("tier", "$.tier", null))),
                        "transform.json[0].fields[0].type", "type is missing; use one of " + ColumnType.accepted()),
                Arguments.of("explode field without type",
                        jsonOnly(json("payload", explodeArray("$.items", null, new JsonField("sku", "$.sku", null)))),
                        "transform.json[0].explode.fields[0].type", "type is missing; use one of " + ColumnType.accepted()),
                Arguments.of("derived without type",
                        derivedOnly(new DerivedColumn("d", "lower(status)", null)),
                        "transform.derived[0].type", "type is missing; use one of " + ColumnType.accepted()),
                Arguments.of("mapping without name",
                        spec(List.of(new ColumnMapping(" ", "id", ColumnType.BIGINT)), List.of(), List.of(), List.of()),
                        "transform.columns[0].name", "is missing"),
                Arguments.of("mapping without source",
                        spec(List.of(new ColumnMapping("id", null, ColumnType.BIGINT)), List.of(), List.of(), List.of()),
                        "transform.columns[0].from", "is missing"),
                Arguments.of("json extraction without column",
                        jsonOnly(json(null, field("a", "$.a", "string"))),
                        "transform.json[0].column", "is missing"),
                Arguments.of("two explodes",
                        jsonOnly(json("a", explodeArray("$.x", "xi")), json("b", explodeArray("$.y", "yi"))),
                        "transform.json[1].explode", "only one explode per pipeline (two would multiply rows)"),
                Arguments.of("explode without outputs",
                        jsonOnly(json("payload", explodeArray("$.items", null))),
                        "transform.json[0].explode", "an explode needs at least one of index_as, key_as, value_as or fields"),
                Arguments.of("json extraction without fields",
                        jsonOnly(json("payload")),
                        "transform.json[0].fields", "list at least one field to flatten, or an explode"),
                Arguments.of("bad json field path",
                        jsonOnly(json("payload", field("a", "$.a", "string"), field("b", "$.items[x]", "string"))),
                        "transform.json[0].fields[1].path", "invalid JSON path '$.items[x]' at character 8"),
                Arguments.of("json field path without root",
                        jsonOnly(json("payload", field("a", "customer.tier", "string"))),
                        "transform.json[0].fields[0].path", "a JSON path starts with '$'"),
                Arguments.of("bad explode path",
                        jsonOnly(json("payload", explodeArray("$.items.", "i"))),
                        "transform.json[0].explode.path", "invalid JSON path '$.items.' at character 9"),
                Arguments.of("bad explode field path",
                        jsonOnly(json("payload", explodeArray("$.items", null, field("sku", "sku", "string")))),
                        "transform.json[0].explode.fields[0].path", "a JSON path starts with '$'"),
                Arguments.of("field below the exploded path",
                        jsonOnly(json("payload", explodeArray("$.items", "i"), field("first", "$.items[0].sku", "string"))),
                        "transform.json[0]", "paths below the exploded path $.items must be declared as fields of the explode"),
                Arguments.of("dedupe key not an output",
                        spec(List.of(col("id", "bigint")), List.of(), List.of(), List.of("id", "missing")),
                        "transform.dedupe_key[1]", "'missing' is not an output column"),
                Arguments.of("length with a string type",
                        jsonOnly(json("payload", length("n", "$.items", "string"))),
                        "transform.json[0].fields[0].type", "a length is a whole number; declare int or bigint"),
                Arguments.of("length with a decimal type",
                        jsonOnly(json("payload", length("n", "$.items", "decimal(10,0)"))),
                        "transform.json[0].fields[0].type", "a length is a whole number; declare int or bigint"),
                Arguments.of("explode field length with a double type",
                        jsonOnly(json("payload", explodeArray("$.items", null, length("n", "$.tags", "double")))),
                        "transform.json[0].explode.fields[0].type", "a length is a whole number; declare int or bigint"),
                Arguments.of("unknown function",
                        derivedOnly(derived("d", "frob(status)", "string")),
                        "transform.derived[0].expression", "invalid expression 'frob(status)' at character 1: unknown function 'frob'"),
                Arguments.of("wrong argument count",
                        derivedOnly(derived("d", "lower(status, status)", "string")),
                        "transform.derived[0].expression", "lower takes 1 arguments, got 2; use lower(text)"),
                Arguments.of("unclosed string",
                        derivedOnly(derived("d", "concat(status, 'x)", "string")),
                        "transform.derived[0].expression", "at character 16: the string is not closed with '"),
                Arguments.of("unclosed paren",
                        derivedOnly(derived("d", "lower(status", "string")),
                        "transform.derived[0].expression", "')' is missing"),
                Arguments.of("trailing junk",
                        derivedOnly(derived("d", "lower(status) status", "string")),
                        "transform.derived[0].expression", "at character 15: unexpected 's'"),
                Arguments.of("empty expression",
                        derivedOnly(derived("d", "", "string")),
                        "transform.derived[0].expression", "expression is empty"),
                Arguments.of("later derived column",
                        derivedOnly(derived("a", "lower(b)", "string"), derived("b", "upper(status)", "string")),
                        "transform.derived[0].expression", "unknown column 'b' (a derived column can use source columns"),
                Arguments.of("later derived column named with an underscore",
                        derivedOnly(derived("a", "lower(_b)", "string"), derived("_b", "upper(status)", "string")),
                        "transform.derived[0].expression", "unknown column '_b'"),
                Arguments.of("derived column referring to itself",
                        derivedOnly(derived("d", "coalesce(d, status)", "string")),
                        "transform.derived[0].expression", "unknown column 'd'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void invalidSpecsAreRefusedNamingTheField(String name, TransformSpec spec, String field, String problem) {
        assertThatThrownBy(() -> CompiledTransform.compile(spec))
                .isInstanceOf(TransformSpecException.class)
                .asInstanceOf(InstanceOfAssertFactories.type(TransformSpecException.class))
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).isEqualTo(field + ": " + e.problem());
                });
    }

    @Test
    void dedupeKeysMayNameAnyOutputColumnIncludingDerivedAndAudit() {
        TransformSpec spec = spec(List.of(col("id", "bigint")),
                List.of(json("p", new Explode("$.items", "line", null, null, null, List.of()))),
                List.of(derived("d", "lower(x)", "string")), List.of("id", "line", "d", "_shard"));

        assertThat(CompiledTransform.compile(spec).outputSchema().columns())
                .extracting(io.shardlake.transforms.schema.Column::name)
                .containsExactly("id", "line", "d", "_shard", "_extracted_at", "_run_id", "_run_seq");
    }

    @Test
    void derivedColumnsMayReferToTheAuditColumns() {
        TransformSpec spec = spec(List.of(col("id", "bigint")), List.of(),
                List.of(derived("run", "concat(_run_id, ':', _shard)", "string"), derived("at", "date(_extracted_at)", "date")),
                List.of());

        CollectingSink sink = new CollectingSink();
        CompiledTransform.compile(spec).apply(new Object[] {1L},
                new TransformContext("s1", java.time.Instant.parse("2026-11-24T01:00:00Z"), "r9"), sink);

        assertThat(sink.rows.get(0)[1]).hasToString("r9:s1");
        assertThat(sink.rows.get(0)[2]).isEqualTo(java.time.LocalDate.of(2026, 11, 24));
    }

    @Test
    void explodeWithOnlyAKeyOrOnlyAValueIsEnough() {
        assertThat(CompiledTransform.compile(jsonOnly(json("p", explode("$", null, "k", null, null)))).outputSchema().size())
                .isEqualTo(6);
        assertThat(CompiledTransform.compile(jsonOnly(json("p", explode("$", null, null, "v", "json")))).outputSchema().size())
                .isEqualTo(6);
    }
}
