package io.shardlake.transforms;

import static io.shardlake.transforms.Specs.col;
import static io.shardlake.transforms.Specs.derived;
import static io.shardlake.transforms.Specs.explode;
import static io.shardlake.transforms.Specs.field;
import static io.shardlake.transforms.Specs.json;
import static io.shardlake.transforms.Specs.length;
import static io.shardlake.transforms.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.Utf8;
import io.shardlake.transforms.spec.TransformSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A realistic "form submissions" pipeline: one row per answer, answers keyed by question id. */
class FormSubmissionsTransformTest {

    private static final TransformSpec SUBMISSIONS = spec(
            List.of(col("submission_id", "id", "bigint"), col("form_id", "bigint"), col("submitted_at", "timestamp")),
            List.of(json("payload",
                    explode("$.answers", "answer_position", "question_id", "answer", "json",
                            length("answer_choices", "$", "int")),
                    field("form_version", "$.version", "int"),
                    field("locale", "$.meta.locale", "string"))),
            List.of(derived("question_number", "substr(question_id, 2)", "int"),
                    derived("submitted_date", "date(submitted_at)", "date")),
            List.of("submission_id", "question_id"));

    private static final CompiledTransform T = CompiledTransform.compile(SUBMISSIONS);
    private static final TransformContext CONTEXT = new TransformContext("forms-1", Instant.parse("2026-11-24T06:00:00Z"), "run-7");

    private static CollectingSink apply(Object... source) {
        CollectingSink sink = new CollectingSink();
        T.apply(source, CONTEXT, sink);
        return sink;
    }

    @Test
    void theSubmissionsViewPutsFieldsBeforeExplodeColumnsAndDerivedAfter() {
        assertThat(T.outputSchema().columns()).extracting(Column::name).containsExactly(
                "submission_id", "form_id", "submitted_at", "form_version", "locale", "answer_position", "question_id", "answer",
                "answer_choices", "question_number", "submitted_date", "_shard", "_extracted_at", "_run_id", "_run_seq");
        assertThat(T.sourceColumns()).containsExactly("id", "form_id", "submitted_at", "payload");
    }

    @Test
    void eachAnswerBecomesARowKeyedByItsQuestion() {
        CollectingSink sink = apply(501L, 12L, Instant.parse("2026-11-24T02:15:00Z"), Utf8.of("""
                {"version":3,"meta":{"locale":"pt-BR"},
                 "answers":{"q1":4,"q2":"Não sei \\"talvez\\"","q3":["a","b"],"q4":null,"q5":{"other":"texto"}}}"""));

        assertThat(sink.quarantined).isEmpty();
        assertThat(sink.rows).extracting(r -> Arrays.asList(r).subList(0, 11)).containsExactly(
                Arrays.asList(501L, 12L, Instant.parse("2026-11-24T02:15:00Z"), 3, Utf8.of("pt-BR"), 0, Utf8.of("q1"), Utf8.of("4"),
                        null, 1, LocalDate.of(2026, 11, 24)),
                Arrays.asList(501L, 12L, Instant.parse("2026-11-24T02:15:00Z"), 3, Utf8.of("pt-BR"), 1, Utf8.of("q2"),
                        Utf8.of("Não sei \"talvez\""), null, 2, LocalDate.of(2026, 11, 24)),
                Arrays.asList(501L, 12L, Instant.parse("2026-11-24T02:15:00Z"), 3, Utf8.of("pt-BR"), 2, Utf8.of("q3"),
                        Utf8.of("[\"a\",\"b\"]"), 2, 3, LocalDate.of(2026, 11, 24)),
                Arrays.asList(501L, 12L, Instant.parse("2026-11-24T02:15:00Z"), 3, Utf8.of("pt-BR"), 3, Utf8.of("q4"), null,
                        null, 4, LocalDate.of(2026, 11, 24)),
                Arrays.asList(501L, 12L, Instant.parse("2026-11-24T02:15:00Z"), 3, Utf8.of("pt-BR"), 4, Utf8.of("q5"),
                        Utf8.of("{\"other\":\"texto\"}"), 1, 5, LocalDate.of(2026, 11, 24)));
        assertThat(sink.rows).allSatisfy(r -> assertThat(Arrays.asList(r).subList(11, 14))
                .containsExactly(Utf8.of("forms-1"), Instant.parse("2026-11-24T06:00:00Z"), Utf8.of("run-7")));
    }

    @Test
    void aSubmissionWithoutAnswersIsKeptOnce() {
        CollectingSink sink = apply(502L, 12L, Instant.parse("2026-11-24T02:15:00Z"), "{\"version\":3,\"answers\":{}}");

        assertThat(sink.rows).singleElement().satisfies(r -> assertThat(Arrays.asList(r).subList(0, 11)).containsExactly(
                502L, 12L, Instant.parse("2026-11-24T02:15:00Z"), 3, null, null, null, null, null, null, LocalDate.of(2026, 11, 24)));
    }

    @Test
    void aBadQuestionIdQuarantinesTheWholeSubmission() {
        CollectingSink sink = apply(503L, 12L, Instant.parse("2026-11-24T02:15:00Z"),
                "{\"answers\":{\"q1\":1,\"qX\":2,\"q3\":3}}");

        assertThat(sink.rows).isEmpty();
        assertThat(sink.quarantined).containsExactly("derived column question_number: cannot cast 'X' to int: not a number");
    }

    @Test
    void answersDedupeOnSubmissionAndQuestion() {
        CollectingSink sink = new CollectingSink();
        T.apply(new Object[] {601L, 1L, Instant.parse("2026-11-24T02:00:00Z"), "{\"answers\":{\"q1\":1,\"q2\":2}}"}, CONTEXT, sink);
        T.apply(new Object[] {601L, 1L, Instant.parse("2026-11-24T03:00:00Z"), "{\"answers\":{\"q1\":9}}"}, CONTEXT, sink);

        List<Object[]> deduped = new Deduplicator(T.outputSchema(), SUBMISSIONS.dedupeKey(), "submitted_at").dedupe(sink.rows);

        assertThat(deduped).extracting(r -> r[6], r -> r[7]).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Utf8.of("q2"), Utf8.of("2")),
                org.assertj.core.groups.Tuple.tuple(Utf8.of("q1"), Utf8.of("9")));
    }
}
