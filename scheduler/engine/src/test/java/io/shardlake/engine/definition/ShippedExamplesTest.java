package io.shardlake.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.CompiledTransform;
import io.shardlake.transforms.RowSink;
import io.shardlake.transforms.TransformContext;
import io.shardlake.transforms.schema.RowSchema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped examples do what their comments promise, on rows shaped like the demo tables. */
class ShippedExamplesTest {

    private static final Map<String, PipelineDefinition> SHIPPED = new HashMap<>();

    static {
        new DefinitionLoader(new DefinitionParser(Set.of("shop"))).load(Path.of("../../dag-definitions"))
                .definitions().forEach(d -> SHIPPED.put(d.name(), d));
    }

    private static final Instant CREATED = Instant.parse("2026-11-23T10:15:30.123Z");
    private static final Instant UPDATED = Instant.parse("2026-11-23T11:00:00Z");

    @Test
    void ordersFlattenThePayloadIntoOneRowPerOrder() {
        List<Map<String, Object>> rows = run("orders", Map.of(
                "id", 42L, "customer_id", 7L, "status", "paid", "amount", new BigDecimal("19.98"), "currency", "BRL",
                "payload", "{\"customer\":{\"tier\":\"gold\",\"country\":\"BR\"},\"channel\":\"web\","
                        + "\"items\":[{\"sku\":\"SKU-123\",\"qty\":2,\"price\":9.99}]}",
                "created_at", CREATED, "updated_at", UPDATED));

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("order_id", 42L).containsEntry("amount", new BigDecimal("19.98"))
                    .containsEntry("customer_tier", "gold").containsEntry("customer_country", "BR")
                    .containsEntry("channel", "web").containsEntry("item_count", 1)
                    .containsEntry("order_date", LocalDate.of(2026, 11, 23));
            assertThat(r.get("note")).isNull();
        });
    }

    @Test
    void formSubmissionsExplodeAnswersIntoOneRowPerQuestion() {
        List<Map<String, Object>> rows = run("form_submissions", Map.of(
                "id", 5L, "form_id", 2L, "submitted_by", "ana",
                "answers", "{\"q_site\":\"Plant B\",\"q_hazards\":[\"noise\",\"dust\"],\"q_score\":4}",
                "created_at", CREATED, "updated_at", UPDATED));

        assertThat(rows).extracting(r -> r.get("question_id"), r -> r.get("answer")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("q_site", "Plant B"),
                org.assertj.core.groups.Tuple.tuple("q_hazards", "[\"noise\",\"dust\"]"),
                org.assertj.core.groups.Tuple.tuple("q_score", "4"));
        assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("submission_id", 5L)
                .containsEntry("answers_json", "{\"q_site\":\"Plant B\",\"q_hazards\":[\"noise\",\"dust\"],\"q_score\":4}"));
    }

    @Test
    void customersFlattenAttributesAndNormaliseTheEmail() {
        Map<String, Object> source = new HashMap<>(Map.of(
                "id", 9L, "email", " Ana@Example.COM ", "full_name", "Ana Lima", "tier", "gold", "is_active", 1,
                "signup_date", LocalDate.of(2025, 1, 31),
                "attributes", "{\"marketing_opt_in\":true,\"referrer\":\"newsletter\"}",
                "created_at", CREATED, "updated_at", UPDATED));
        source.put("country", null);

        assertThat(run("customers", source)).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("customer_id", 9L).containsEntry("is_active", true)
                .containsEntry("marketing_opt_in", true).containsEntry("referrer", "newsletter")
                .containsEntry("email_normalized", "ana@example.com"));
    }

    /** Runs one source row through a shipped pipeline's transform; text values come back as String. */
    private static List<Map<String, Object>> run(String pipeline, Map<String, Object> sourceRow) {
        CompiledTransform transform = CompiledTransform.compile(SHIPPED.get(pipeline).transform());
        Object[] source = transform.sourceColumns().stream().map(sourceRow::get).toArray();
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        transform.apply(source, new TransformContext("shard-1", UPDATED, "run-1"), new RowSink() {
            @Override
            public void row(Object[] values) {
                out.add(named(transform.outputSchema(), values));
            }

            @Override
            public void quarantine(String reason) {
                quarantined.add(reason);
            }
        });
        assertThat(quarantined).isEmpty();
        return out;
    }

    private static Map<String, Object> named(RowSchema schema, Object[] values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            row.put(schema.column(i).name(), v instanceof io.shardlake.transforms.schema.Utf8 ? v.toString() : v);
        }
        return row;
    }
}
