package io.shardlake.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    private static final RowSchema SCHEMA = new RowSchema(List.of(
            new Column("tenant", ColumnType.STRING),
            new Column("id", ColumnType.BIGINT),
            new Column("updated_at", ColumnType.TIMESTAMP),
            new Column("label", ColumnType.STRING)));

    private static Object[] row(String tenant, long id, String updatedAt, String label) {
        return new Object[] {Utf8.of(tenant), id, updatedAt == null ? null : Instant.parse(updatedAt), label};
    }

    private static List<Object> labels(List<Object[]> rows) {
        return rows.stream().map(r -> r[3]).toList();
    }

    private static Deduplicator byId() {
        return new Deduplicator(SCHEMA, List.of("id"), "updated_at");
    }

    @Test
    void theGreatestCursorWinsWhateverTheInputOrder() {
        List<Object[]> rows = List.of(
                row("t", 1, "2026-11-23T10:05:00Z", "newest"),
                row("t", 1, "2026-11-23T10:00:00Z", "oldest"),
                row("t", 1, "2026-11-23T10:03:00Z", "middle"));

        assertThat(labels(byId().dedupe(rows))).containsExactly("newest");
    }

    @Test
    void onATieTheLaterRowWins() {
        List<Object[]> rows = List.of(
                row("t", 1, "2026-11-23T10:00:00Z", "first"),
                row("t", 1, "2026-11-23T10:00:00Z", "second"),
                row("t", 1, "2026-11-23T09:00:00Z", "older"));

        assertThat(labels(byId().dedupe(rows))).containsExactly("second");
    }

    @Test
    void survivorsKeepTheirInputOrder() {
        List<Object[]> rows = List.of(
                row("t", 3, "2026-11-23T10:00:00Z", "c"),
                row("t", 1, "2026-11-23T10:00:00Z", "a-old"),
                row("t", 2, "2026-11-23T10:00:00Z", "b"),
                row("t", 1, "2026-11-23T11:00:00Z", "a-new"),
                row("t", 4, "2026-11-23T10:00:00Z", "d"));

        assertThat(labels(byId().dedupe(rows))).containsExactly("c", "b", "a-new", "d");
    }

    @Test
    void compositeKeysDedupeOnAllTheirColumns() {
        Deduplicator d = new Deduplicator(SCHEMA, List.of("tenant", "id"), "updated_at");
        List<Object[]> rows = List.of(
                row("acme", 1, "2026-11-23T10:00:00Z", "acme-1-old"),
                row("globex", 1, "2026-11-23T10:00:00Z", "globex-1"),
                row("acme", 2, "2026-11-23T10:00:00Z", "acme-2"),
                row("acme", 1, "2026-11-23T12:00:00Z", "acme-1-new"));

        assertThat(labels(d.dedupe(rows))).containsExactly("globex-1", "acme-2", "acme-1-new");
    }

    @Test
    void aNullCursorSortsBeforeAnyValue() {
        List<Object[]> rows = List.of(
                row("t", 1, "2026-11-23T10:00:00Z", "dated"),
                row("t", 1, null, "undated"),
                row("t", 2, null, "undated-first"),
                row("t", 2, "2026-01-01T00:00:00Z", "dated-later"),
                row("t", 3, null, "null-a"),
                row("t", 3, null, "null-b"));

        assertThat(labels(byId().dedupe(rows))).containsExactly("dated", "dated-later", "null-b");
    }

    @Test
    void rowsWithTheSameTextKeyAreOneKeyWhateverTheirBuffers() {
        Deduplicator d = new Deduplicator(SCHEMA, List.of("tenant"), "updated_at");
        Object[] a = {Utf8.of("acme"), 1L, Instant.parse("2026-11-23T10:00:00Z"), "a"};
        Object[] b = {Utf8.wrap("acme".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 2L,
                Instant.parse("2026-11-23T11:00:00Z"), "b"};

        assertThat(labels(d.dedupe(List.of(a, b)))).containsExactly("b");
    }

    @Test
    void anEmptyBatchGivesAnEmptyBatch() {
        assertThat(byId().dedupe(new ArrayList<Object[]>())).isEmpty();
    }

    @Test
    void theSurvivingRowsAreTheSameArrays() {
        Object[] only = row("t", 1, "2026-11-23T10:00:00Z", "x");

        List<Object[]> batch = new ArrayList<>();
        batch.add(only);

        assertThat(byId().dedupe(batch)).singleElement().isSameAs(only);
    }

    @Test
    void aKeyColumnThatIsNotAnOutputIsRefused() {
        assertThatThrownBy(() -> new Deduplicator(SCHEMA, List.of("id", "missing"), "updated_at"))
                .asInstanceOf(InstanceOfAssertFactories.type(TransformSpecException.class))
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("transform.dedupe_key");
                    assertThat(e.problem()).isEqualTo("every key column must be an output column, got [id, missing]");
                });
    }

    @Test
    void aCursorThatIsNotAnOutputIsRefused() {
        assertThatThrownBy(() -> new Deduplicator(SCHEMA, List.of("id"), "version"))
                .asInstanceOf(InstanceOfAssertFactories.type(TransformSpecException.class))
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("source.cursor");
                    assertThat(e.problem()).contains("'version'");
                });
    }
}
