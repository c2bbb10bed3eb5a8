package io.shardlake.transforms;

import static io.shardlake.transforms.Specs.col;
import static io.shardlake.transforms.Specs.columns;
import static io.shardlake.transforms.Specs.derived;
import static io.shardlake.transforms.Specs.explode;
import static io.shardlake.transforms.Specs.explodeArray;
import static io.shardlake.transforms.Specs.field;
import static io.shardlake.transforms.Specs.json;
import static io.shardlake.transforms.Specs.length;
import static io.shardlake.transforms.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.Utf8;
import io.shardlake.transforms.spec.TransformSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledTransformTest {

    private static final Instant EXTRACTED_AT = Instant.parse("2026-11-23T04:00:00.123Z");
    private static final TransformContext CONTEXT = new TransformContext("shard-07", EXTRACTED_AT, "run-42", 42L);
    private static final List<Object> AUDIT = List.of(Utf8.of("shard-07"), EXTRACTED_AT, Utf8.of("run-42"), 42L);

    private static CollectingSink apply(CompiledTransform t, Object... source) {
        CollectingSink sink = new CollectingSink();
        t.apply(source, CONTEXT, sink);
        return sink;
    }

    private static List<String> names(CompiledTransform t) {
        return t.outputSchema().columns().stream().map(Column::name).toList();
    }

    private static Object[] row(Object... values) {
        Object[] r = Arrays.copyOf(values, values.length + AUDIT.size());
        for (int i = 0; i < AUDIT.size(); i++) {
            r[values.length + i] = AUDIT.get(i);
        }
        return r;
    }

    // ---- schema and source columns ---------------------------------------------------------

    @Test
    void outputColumnsAreMappingsThenJsonFieldsThenExplodeColumnsThenDerivedThenAudit() {
        TransformSpec spec = spec(
                List.of(col("id", "bigint"), col("state", "status", "string")),
                List.of(json("payload", explode("$.items", "item_index", null, "item", "json",
                                field("item_sku", "$.sku", "string")),
                                field("tier", "$.customer.tier", "string")),
                        json("meta", field("source", "$.source", "string"))),
                List.of(derived("day", "date(created_at)", "date"), derived("state_lower", "lower(state)", "string")),
                List.of("id"));

        CompiledTransform t = CompiledTransform.compile(spec);

        assertThat(names(t)).containsExactly("id", "state", "tier", "source", "item_index", "item", "item_sku", "day",
                "state_lower", "_shard", "_extracted_at", "_run_id", "_run_seq");
        assertThat(t.outputSchema().columns()).extracting(Column::type).containsExactly(ColumnType.BIGINT, ColumnType.STRING,
                ColumnType.STRING, ColumnType.STRING, ColumnType.INT, ColumnType.JSON, ColumnType.STRING, ColumnType.DATE,
                ColumnType.STRING, ColumnType.STRING, ColumnType.TIMESTAMP, ColumnType.STRING, ColumnType.BIGINT);
    }

    @Test
    void theAuditColumnsAreTheLastFourWithTheirTypes() {
        CompiledTransform t = CompiledTransform.compile(columns(col("id", "bigint")));

        assertThat(t.outputSchema().columns()).containsExactly(new Column("id", ColumnType.BIGINT),
                new Column(AuditColumns.SHARD, ColumnType.STRING), new Column(AuditColumns.EXTRACTED_AT, ColumnType.TIMESTAMP),
                new Column(AuditColumns.RUN_ID, ColumnType.STRING), new Column(AuditColumns.RUN_SEQ, ColumnType.BIGINT));
        assertThat(AuditColumns.ALL).containsExactlyElementsOf(t.outputSchema().columns().subList(1, 5));
    }

    @Test
    void sourceColumnsListEachNeededColumnOnceInFirstUseOrder() {
        TransformSpec spec = spec(
                List.of(col("id", "bigint"), col("payload_text", "payload", "json"), col("id_again", "id", "string")),
                List.of(json("payload", field("a", "$.a", "string")), json("extra", field("b", "$.b", "string")),
                        json("payload", field("c", "$.c", "string"))),
                List.of(derived("d1", "concat(raw_status, id, extra, a)", "string"), derived("d2", "coalesce(raw_status, other)", "string")),
                List.of());

        CompiledTransform t = CompiledTransform.compile(spec);

        assertThat(t.sourceColumns()).containsExactly("id", "payload", "extra", "raw_status", "other");
        assertThat(t.outputPositionOfSource("payload")).isEqualTo(1);
        assertThat(t.outputPositionOfSource("id")).isEqualTo(0);
        assertThat(t.outputPositionOfSource("extra")).isEqualTo(-1);
    }

    // ---- plain columns and audit ------------------------------------------------------------

    @Test
    void mappedColumnsAreCastAndAuditValuesAppended() {
        CompiledTransform t = CompiledTransform.compile(columns(col("id", "bigint"), col("name", "string"),
                col("price", "decimal(10,2)"), col("at", "timestamp"), col("active", "boolean")));

        CollectingSink sink = apply(t, 7, "Ana", new BigDecimal("9.5"), Instant.parse("2026-01-01T10:00:00.123456Z"), 1L);

        assertThat(sink.quarantined).isEmpty();
        assertThat(sink.rows).singleElement().satisfies(r -> assertThat(r).containsExactly(row(7L, Utf8.of("Ana"),
                new BigDecimal("9.50"), Instant.parse("2026-01-01T10:00:00.123Z"), true)));
    }

    @Test
    void theExtractionTimeIsKeptInMilliseconds() {
        CompiledTransform t = CompiledTransform.compile(columns(col("id", "bigint")));
        CollectingSink sink = new CollectingSink();

        t.apply(new Object[] {1L}, new TransformContext("s", Instant.parse("2026-11-23T04:00:00.123987654Z"), "r"), sink);

        assertThat(sink.rows.get(0)[2]).isEqualTo(Instant.parse("2026-11-23T04:00:00.123Z"));
    }

    @Test
    void sourceRowsMayCarryExtraTrailingValues() {
        CompiledTransform t = CompiledTransform.compile(columns(col("id", "bigint")));

        CollectingSink sink = apply(t, 1L, Instant.parse("2026-01-01T00:00:00Z"), "cursor");

        assertThat(sink.rows).singleElement().satisfies(r -> assertThat(r).containsExactly(row(1L)));
    }

    @Test
    void aValueThatDoesNotFitItsTypeQuarantinesTheRowNamingTheColumn() {
        CompiledTransform t = CompiledTransform.compile(columns(col("id", "bigint"), col("amount", "decimal(5,2)")));

        CollectingSink sink = apply(t, 1L, new BigDecimal("1.234"));

        assertThat(sink.rows).isEmpty();
        assertThat(sink.quarantined).containsExactly("column amount: cannot cast '1.234' to decimal(5,2): has more than 2 decimal places");
    }

    @Test
    void nullsPassThroughAsNulls() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(col("id", "bigint")),
                List.of(json("payload", field("a", "$.a", "int"))), List.of(derived("d", "lower(payload)", "string")), List.of()));

        CollectingSink sink = apply(t, null, null);

        assertThat(sink.rows).singleElement().satisfies(r -> assertThat(r).containsExactly(row(null, null, null)));
    }

    // ---- JSON ---------------------------------------------------------------------------------

    @Test
    void jsonFieldsAreReadFromUtf8BytesOrStringDocumentsAlike() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(),
                List.of(json("doc", field("n", "$.n", "int"), field("s", "$.s", "string"), field("o", "$.o", "json"),
                        length("len", "$.o", "bigint"), field("d", "$.d", "decimal(6,3)"))),
                List.of(), List.of()));
        String doc = "{\"n\":5,\"s\":\"héllo 😀\",\"o\":{\"x\":[1,2]},\"d\":1.5}";
        Object[] expected = row(5, Utf8.of("héllo 😀"), Utf8.of("{\"x\":[1,2]}"), 1L, new BigDecimal("1.500"));

        for (Object document : List.of(doc, Utf8.of(doc), Utf8.wrap(doc.getBytes(StandardCharsets.UTF_8)),
                doc.getBytes(StandardCharsets.UTF_8))) {
            CollectingSink sink = apply(t, document);
            assertThat(sink.quarantined).isEmpty();
            assertThat(sink.rows).singleElement().satisfies(r -> assertThat(r).containsExactly(expected));
        }
    }

    @Test
    void malformedJsonQuarantinesTheRowWithTheColumnName() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(col("id", "bigint")),
                List.of(json("payload", field("a", "$.a", "string"))), List.of(), List.of()));

        CollectingSink sink = apply(t, 1L, Utf8.of("{\"a\":\"x\", \"b\": [1, 2"));

        assertThat(sink.rows).isEmpty();
        assertThat(sink.quarantined).singleElement().isEqualTo("column payload: malformed JSON: the document ends before an array"
                + " is closed (a ']' is missing) at character 21 (line 1, column 21)");
    }

    @Test
    void aJsonValueOfTheWrongTypeQuarantinesNamingColumnPathAndField() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(),
                List.of(json("payload", field("tier", "$.customer", "int"))), List.of(), List.of()));

        CollectingSink sink = apply(t, "{\"customer\":{\"tier\":\"gold\"}}");

        assertThat(sink.quarantined).containsExactly(
                "column payload $.customer -> tier: expected a int value but found a JSON object at $.customer");
    }

    // ---- explode ------------------------------------------------------------------------------

    private static CompiledTransform itemsTransform() {
        return CompiledTransform.compile(spec(
                List.of(col("order_id", "id", "bigint")),
                List.of(json("payload", explodeArray("$.items", "line", field("sku", "$.sku", "string"),
                        field("qty", "$.qty", "int"), field("price", "$.price", "decimal(8,2)")))),
                List.of(derived("sku_lower", "lower(sku)", "string")),
                List.of()));
    }

    @Test
    void explodeGivesOneRowPerElementWithTheBaseColumnsCopied() {
        CollectingSink sink = apply(itemsTransform(), 10L,
                "{\"items\":[{\"sku\":\"A-1\",\"qty\":2,\"price\":9.9},{\"sku\":\"B-2\",\"qty\":1,\"price\":\"0.5\"},{\"qty\":3}]}");

        assertThat(sink.quarantined).isEmpty();
        assertThat(sink.rows).hasSize(3);
        assertThat(sink.rows.get(0)).containsExactly(row(10L, 0, Utf8.of("A-1"), 2, new BigDecimal("9.90"), Utf8.of("a-1")));
        assertThat(sink.rows.get(1)).containsExactly(row(10L, 1, Utf8.of("B-2"), 1, new BigDecimal("0.50"), Utf8.of("b-2")));
        assertThat(sink.rows.get(2)).containsExactly(row(10L, 2, null, 3, null, null));
        assertThat(sink.rows.get(0)).isNotSameAs(sink.rows.get(1));
    }

    @Test
    void anEmptyMissingOrNullExplodedArrayKeepsOneRowWithNullElementColumns() {
        CompiledTransform t = itemsTransform();

        for (Object document : Arrays.asList("{\"items\":[]}", "{}", "{\"items\":null}", null)) {
            CollectingSink sink = apply(t, 10L, document);
            assertThat(sink.quarantined).as("document %s", document).isEmpty();
            assertThat(sink.rows).as("document %s", document).singleElement()
                    .satisfies(r -> assertThat(r).containsExactly(row(10L, null, null, null, null, null)));
        }
    }

    @Test
    void aCastFailureInOneExplodedElementQuarantinesTheWholeSourceRow() {
        CollectingSink sink = apply(itemsTransform(), 10L,
                "{\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-2\",\"qty\":\"two\"},{\"sku\":\"C-3\",\"qty\":1}]}");

        assertThat(sink.rows).isEmpty();
        assertThat(sink.quarantined).containsExactly(
                "column payload exploded element 1: cannot cast 'two' to int: not a number");
    }

    @Test
    void aDerivedFailureInOneExplodedElementQuarantinesTheWholeSourceRow() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(),
                List.of(json("payload", explodeArray("$.items", null, field("name", "$.name", "string"),
                        field("from", "$.from", "int")))),
                List.of(derived("part", "substr(name, from)", "string")),
                List.of()));

        CollectingSink sink = apply(t, "{\"items\":[{\"name\":\"abc\",\"from\":2},{\"name\":\"abc\",\"from\":0}]}");

        assertThat(sink.rows).isEmpty();
        assertThat(sink.quarantined).containsExactly("derived column part: substr start counts from 1, got 0");
    }

    @Test
    void malformedJsonAfterGoodElementsQuarantinesWithoutEmittingAnyRow() {
        CollectingSink sink = apply(itemsTransform(), 10L, "{\"items\":[{\"sku\":\"A-1\"},{\"sku\":\"B-2\"}], \"x\": }");

        assertThat(sink.rows).isEmpty();
        assertThat(sink.quarantined).singleElement().asString().startsWith("column payload: malformed JSON");
    }

    @Test
    void explodingAnObjectGivesItsKeysAndValues() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(col("id", "bigint")),
                List.of(json("answers", explode("$", null, "question", "answer", "json"))), List.of(), List.of()));

        CollectingSink sink = apply(t, 1L, "{\"q1\":4,\"q2\":\"x\",\"q3\":[\"a\",\"b\"],\"q4\":null}");

        assertThat(sink.rows).extracting(r -> Arrays.asList(r).subList(0, 3)).containsExactly(
                List.of(1L, Utf8.of("q1"), Utf8.of("4")),
                List.of(1L, Utf8.of("q2"), Utf8.of("x")),
                List.of(1L, Utf8.of("q3"), Utf8.of("[\"a\",\"b\"]")),
                Arrays.asList(1L, Utf8.of("q4"), null));
    }

    @Test
    void explodeCanKeepTheWholeElementNextToItsFields() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(col("id", "bigint")),
                List.of(json("payload", explode("$.lines", "n", null, "line", "json", field("sku", "$.sku", "string"),
                        length("tag_count", "$.tags", "int")))),
                List.of(), List.of()));

        CollectingSink sink = apply(t, 5L, "{\"lines\":[{\"sku\":\"A\",\"tags\":[\"x\",\"y\"]},\"loose\"]}");

        assertThat(names(t).subList(0, 5)).containsExactly("id", "n", "line", "sku", "tag_count");
        assertThat(sink.rows).extracting(r -> Arrays.asList(r).subList(0, 5)).containsExactly(
                List.of(5L, 0, Utf8.of("{\"sku\":\"A\",\"tags\":[\"x\",\"y\"]}"), Utf8.of("A"), 2),
                Arrays.asList(5L, 1, Utf8.of("loose"), null, null));
    }

    @Test
    void anExplodedValueDefaultsToString() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(),
                List.of(json("tags", explode("$", "i", null, "tag", null))), List.of(), List.of()));

        CollectingSink sink = apply(t, "[\"red\", 7, true]");

        assertThat(t.outputSchema().column(1)).isEqualTo(new Column("tag", ColumnType.STRING));
        assertThat(sink.rows).extracting(r -> r[1]).containsExactly(Utf8.of("red"), Utf8.of("7"), Utf8.of("true"));
    }

    @Test
    void aContainerExplodedIntoAScalarValueColumnQuarantinesTheRow() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(),
                List.of(json("doc", explode("$.scores", null, "who", "score", "int"))), List.of(), List.of()));

        CollectingSink sink = apply(t, "{\"scores\":{\"ana\":3,\"bia\":{\"v\":4}}}");

        assertThat(sink.rows).isEmpty();
        assertThat(sink.quarantined).containsExactly(
                "column doc exploded element bia: expected a int value but found a JSON object at $");
    }

    @Test
    void aLengthAtTheExplodedPathIsOnEveryExplodedRow() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(),
                List.of(json("doc", explodeArray("$.items", "i"), length("n_items", "$.items", "int"),
                        field("items_json", "$.items", "json"))),
                List.of(), List.of()));

        CollectingSink sink = apply(t, "{\"items\":[\"a\",\"b\"]}");

        assertThat(sink.rows).extracting(r -> Arrays.asList(r).subList(0, 3)).containsExactly(
                List.of(2, Utf8.of("[\"a\",\"b\"]"), 0),
                List.of(2, Utf8.of("[\"a\",\"b\"]"), 1));
    }

    // ---- derived ----------------------------------------------------------------------------

    @Test
    void derivedColumnsReadSourceOnlyColumnsOutputColumnsAndEarlierDerivedColumns() {
        CompiledTransform t = CompiledTransform.compile(spec(
                List.of(col("status", "raw_status", "string")),
                List.of(json("payload", field("tier", "$.tier", "string"))),
                List.of(derived("label", "concat(lower(status), '/', tier, '/', currency)", "string"),
                        derived("label_upper", "upper(label)", "string"),
                        derived("label_len", "length(label_upper)", "int"),
                        derived("shard_copy", "_shard", "string")),
                List.of()));

        CollectingSink sink = apply(t, Utf8.of("PAID"), "{\"tier\":\"gold\"}", "BRL");

        assertThat(t.sourceColumns()).containsExactly("raw_status", "payload", "currency");
        assertThat(sink.quarantined).isEmpty();
        assertThat(sink.rows).singleElement().satisfies(r -> assertThat(r).containsExactly(row(Utf8.of("PAID"), Utf8.of("gold"),
                Utf8.of("paid/gold/BRL"), Utf8.of("PAID/GOLD/BRL"), 13, Utf8.of("shard-07"))));
    }

    @Test
    void anOutputColumnShadowsTheSourceColumnOfTheSameName() {
        CompiledTransform t = CompiledTransform.compile(spec(
                List.of(col("amount", "decimal(6,2)")), List.of(),
                List.of(derived("amount_text", "concat(amount)", "string")), List.of()));

        CollectingSink sink = apply(t, 5L);

        assertThat(sink.rows.get(0)[1]).isEqualTo(Utf8.of("5.00"));
    }

    @Test
    void aDerivedValueIsCastToItsDeclaredType() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(col("created_at", "timestamp")), List.of(),
                List.of(derived("order_date", "date(created_at)", "date"), derived("y", "year(created_at)", "int"),
                        derived("when_text", "created_at", "string")),
                List.of()));

        CollectingSink sink = apply(t, Instant.parse("2026-11-24T01:30:00Z"));

        assertThat(sink.rows).singleElement().satisfies(r -> assertThat(r).containsExactly(row(
                Instant.parse("2026-11-24T01:30:00Z"), LocalDate.of(2026, 11, 24), 2026, Utf8.of("2026-11-24T01:30:00Z"))));
    }

    @Test
    void aDerivedValueThatDoesNotFitItsTypeQuarantinesTheRow() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(col("code", "string")), List.of(),
                List.of(derived("code_number", "substr(code, 3)", "int")), List.of()));

        CollectingSink ok = apply(t, "AB123");
        CollectingSink bad = apply(t, "AB12X");

        assertThat(ok.rows.get(0)[1]).isEqualTo(123);
        assertThat(bad.rows).isEmpty();
        assertThat(bad.quarantined).containsExactly("derived column code_number: cannot cast '12X' to int: not a number");
    }

    @Test
    void anEvaluationErrorQuarantinesTheRowNamingTheDerivedColumn() {
        CompiledTransform t = CompiledTransform.compile(spec(List.of(col("name", "string"), col("start", "bigint")), List.of(),
                List.of(derived("part", "substr(name, start)", "string")), List.of()));

        CollectingSink sink = apply(t, "abc", 0L);

        assertThat(sink.rows).isEmpty();
        assertThat(sink.quarantined).containsExactly("derived column part: substr start counts from 1, got 0");
    }

    @Test
    void oneTransformServesManyRowsIndependently() {
        CompiledTransform t = itemsTransform();
        CollectingSink sink = new CollectingSink();

        t.apply(new Object[] {1L, "{\"items\":[{\"sku\":\"A\"}]}"}, CONTEXT, sink);
        t.apply(new Object[] {2L, "{\"items\":[{\"qty\":\"bad\"}]}"}, CONTEXT, sink);
        t.apply(new Object[] {3L, "{\"items\":[{\"sku\":\"C\"},{\"sku\":\"D\"}]}"}, CONTEXT, sink);

        assertThat(sink.rows).extracting(r -> r[0], r -> r[2]).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, Utf8.of("A")),
                org.assertj.core.groups.Tuple.tuple(3L, Utf8.of("C")),
                org.assertj.core.groups.Tuple.tuple(3L, Utf8.of("D")));
        assertThat(sink.quarantined).hasSize(1);
    }
}
