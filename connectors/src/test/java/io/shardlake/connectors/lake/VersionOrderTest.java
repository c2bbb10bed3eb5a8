package io.shardlake.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {

    private static RowSchema withAudit(Column... data) {
        List<Column> columns = new ArrayList<>(List.of(data));
        columns.addAll(AuditColumns.ALL);
        return new RowSchema(columns);
    }

    @Test
    void versionsAreOrderedByTheCursorThenTheRunSequenceThenTheExtractionTime() {
        VersionOrder order = VersionOrder.of(withAudit(new Column("id", ColumnType.BIGINT),
                new Column("updated_at", ColumnType.TIMESTAMP)), "updated_at");

        assertThat(order.columns()).containsExactly("updated_at", "_run_seq", "_extracted_at");
        assertThat(order.newestFirst(c -> "\"" + c + "\""))
                .isEqualTo("\"updated_at\" DESC NULLS LAST, \"_run_seq\" DESC NULLS LAST, \"_extracted_at\" DESC NULLS LAST");
    }

    @Test
    void aCursorThatIsAnAuditColumnIsComparedOnceAndMissingAuditColumnsAreLeftOut() {
        assertThat(VersionOrder.of(withAudit(new Column("id", ColumnType.BIGINT)), "_extracted_at").columns())
                .containsExactly("_extracted_at", "_run_seq");
        assertThat(VersionOrder.of(new RowSchema(List.of(new Column("updated_at", ColumnType.TIMESTAMP))), "updated_at").columns())
                .containsExactly("updated_at");
    }

    @Test
    void atLeastAsNewComparesColumnByColumnWithNullBelowEveryValue() {
        VersionOrder order = new VersionOrder(List.of("c", "s"));

        assertThat(order.atLeastAsNew(c -> "a." + c, c -> "b." + c)).isEqualTo(
                "((b.c IS NULL AND a.c IS NOT NULL) OR a.c > b.c OR (((a.c IS NULL AND b.c IS NULL) OR a.c = b.c)"
                        + " AND (b.s IS NULL OR a.s >= b.s)))");
        assertThat(new VersionOrder(List.of("c")).atLeastAsNew(c -> "a." + c, c -> "b." + c)).isEqualTo("(b.c IS NULL OR a.c >= b.c)");
    }

    @Test
    void anOrderNeedsAColumnAndTheCursorMustBeInTheSchema() {
        assertThatThrownBy(() -> new VersionOrder(List.of())).hasMessageContaining("at least one column");
        assertThatThrownBy(() -> VersionOrder.of(withAudit(new Column("id", ColumnType.BIGINT)), "updated_at"))
                .hasMessage("cursor column 'updated_at' is not a column of the table");
    }
}
