package io.shardlake.connectors.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedshiftTargetTest {

    static final RowSchema SCHEMA = new RowSchema(List.of(new Column("Order_ID", ColumnType.BIGINT),
            new Column("date", ColumnType.DATE), new Column("payload", ColumnType.JSON),
            new Column("updated_at", ColumnType.TIMESTAMP)));

    @Test
    void names_are_lower_cased_once_here() {
        RedshiftTarget target = new RedshiftTarget("Orders", SCHEMA, List.of("ORDER_ID"), "Updated_At");

        assertThat(target.table()).isEqualTo("orders");
        assertThat(target.columnNames()).containsExactly("order_id", "date", "payload", "updated_at");
        assertThat(target.keyColumns()).containsExactly("order_id");
        assertThat(target.cursorColumn()).isEqualTo("updated_at");
    }

    @Test
    void a_key_is_required_and_must_be_a_column() {
        assertThatThrownBy(() -> new RedshiftTarget("orders", SCHEMA, List.of(), "updated_at"))
                .hasMessageContaining("needs a primary key");
        assertThatThrownBy(() -> new RedshiftTarget("orders", SCHEMA, List.of("id"), "updated_at"))
                .hasMessageContaining("key column 'id' is not a column of Redshift table 'orders'")
                .hasMessageContaining("[order_id, date, payload, updated_at]");
    }

    @Test
    void the_cursor_must_be_an_ordered_column() {
        assertThatThrownBy(() -> new RedshiftTarget("orders", SCHEMA, List.of("order_id"), "payload"))
                .hasMessageContaining("cursor column 'payload' of Redshift table 'orders' is json");
        assertThatThrownBy(() -> new RedshiftTarget("orders", SCHEMA, List.of("order_id"), "changed"))
                .hasMessageContaining("cursor column 'changed' is not a column");
    }

    @Test
    void columns_that_differ_only_in_case_are_refused() {
        RowSchema twice = new RowSchema(List.of(new Column("id", ColumnType.BIGINT), new Column("ID", ColumnType.INT)));

        assertThatThrownBy(() -> new RedshiftTarget("t", twice, List.of("id"), "id"))
                .hasMessageContaining("would have column 'id' twice");
    }

    @Test
    void identifiers_that_would_need_escaping_are_refused() {
        assertThatThrownBy(() -> new RedshiftTarget("orders\"; drop", SCHEMA, List.of("order_id"), "updated_at"))
                .hasMessageContaining("Redshift table 'orders\"; drop' may hold only letters, digits and '_'");
        assertThatThrownBy(() -> RedshiftIdentifiers.normalize("1st", "column", 127))
                .hasMessageContaining("must not start with a digit");
        assertThatThrownBy(() -> RedshiftIdentifiers.normalize("a".repeat(128), "column", 127))
                .hasMessageContaining("128 characters long; at most 127");
    }

    @Test
    void the_merge_ranking_column_name_is_refused() {
        RowSchema clash = new RowSchema(List.of(new Column("id", ColumnType.BIGINT),
                new Column("shardlake_version_rank", ColumnType.INT)));

        assertThatThrownBy(() -> new RedshiftTarget("t", clash, List.of("id"), "id"))
                .hasMessageContaining("column 'shardlake_version_rank' of Redshift table 't' has the name the merge gives");
    }

    @Test
    void only_parquet_data_files_are_loaded() {
        assertThatThrownBy(() -> new LakeFile("_quarantine/orders/dt=2026-11-23/r-shard01-a1.jsonl", 10))
                .hasMessageContaining("is not a Parquet file");
        assertThatThrownBy(() -> new LakeFile("orders/dt=2026-11-23/a.parquet", 0))
                .hasMessageContaining("has size 0");
    }
}
