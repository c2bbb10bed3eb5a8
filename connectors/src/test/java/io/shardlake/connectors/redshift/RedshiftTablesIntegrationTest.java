package io.shardlake.connectors.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Target DDL created and evolved on PostgreSQL with the statements Redshift gets (less DISTKEY/SORTKEY). */
class RedshiftTablesIntegrationTest {

    @RegisterExtension
    final RedshiftTestSchema db = new RedshiftTestSchema();

    static final List<Column> BASE = List.of(new Column("order_id", ColumnType.BIGINT),
            new Column("status", ColumnType.STRING), new Column("amount", ColumnType.decimal(12, 2)),
            new Column("updated_at", ColumnType.TIMESTAMP));

    private RedshiftTables tables() {
        return new RedshiftTables(new PostgreSqlDialect(), db.name());
    }

    private static RedshiftTarget target(List<Column> columns) {
        return new RedshiftTarget("orders", new RowSchema(columns), List.of("order_id"), "updated_at");
    }

    private static List<Column> with(List<Column> base, Column... more) {
        List<Column> columns = new ArrayList<>(base);
        columns.addAll(List.of(more));
        return columns;
    }

    private List<String> columns() throws Exception {
        return db.rows("SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = '"
                + db.name() + "' AND table_name = 'orders' ORDER BY ordinal_position");
    }

    @Test
    void a_missing_table_is_created_with_every_column_in_order_and_the_key_as_primary_key() throws Exception {
        List<Column> every = with(BASE, new Column("payload", ColumnType.JSON), new Column("n", ColumnType.INT),
                new Column("score", ColumnType.DOUBLE), new Column("paid", ColumnType.BOOLEAN),
                new Column("date", ColumnType.DATE));
        try (Connection connection = db.connection()) {
            assertThat(tables().ensure(connection, target(every))).isEqualTo(new TableChange(true, List.of()));
        }

        assertThat(columns()).containsExactly("order_id|bigint|NO", "status|character varying|YES",
                "amount|numeric|YES", "updated_at|timestamp without time zone|YES", "payload|character varying|YES",
                "n|integer|YES", "score|double precision|YES", "paid|boolean|YES", "date|date|YES");
        assertThat(db.rows("SELECT kcu.column_name FROM information_schema.table_constraints tc JOIN "
                + "information_schema.key_column_usage kcu USING (constraint_schema, constraint_name) WHERE "
                + "tc.table_schema = '" + db.name() + "' AND tc.constraint_type = 'PRIMARY KEY'")).containsExactly("order_id");
    }

    @Test
    void an_unchanged_schema_changes_nothing() throws Exception {
        try (Connection connection = db.connection()) {
            tables().ensure(connection, target(BASE));
            assertThat(tables().ensure(connection, target(BASE)).unchanged()).isTrue();
        }
        assertThat(columns()).hasSize(4);
    }

    @Test
    void a_new_column_at_the_end_is_appended_and_old_rows_have_no_value() throws Exception {
        try (Connection connection = db.connection()) {
            tables().ensure(connection, target(BASE));
            db.execute("INSERT INTO " + db.name() + ".orders VALUES (1, 'new', 1.00, '2026-11-23 10:00:00')");

            TableChange change = tables().ensure(connection, target(with(BASE, new Column("Channel", ColumnType.STRING),
                    new Column("qty", ColumnType.INT))));

            assertThat(change).isEqualTo(new TableChange(false, List.of("channel", "qty")));
        }
        assertThat(columns()).endsWith("channel|character varying|YES", "qty|integer|YES");
        assertThat(db.rows("SELECT order_id, channel, qty FROM " + db.name() + ".orders")).containsExactly("1|null|null");
    }

    @Test
    void a_narrowed_type_is_refused_naming_the_column_and_both_types_and_nothing_changes() throws Exception {
        try (Connection connection = db.connection()) {
            tables().ensure(connection, target(BASE));
            List<Column> narrowed = List.of(BASE.get(0), BASE.get(1), new Column("amount", ColumnType.decimal(10, 2)),
                    BASE.get(3), new Column("added", ColumnType.STRING));

            assertThatThrownBy(() -> tables().ensure(connection, target(narrowed)))
                    .isInstanceOf(IncompatibleTableException.class)
                    .hasMessageContaining("Redshift table \"" + db.name() + "\".\"orders\" does not fit")
                    .hasMessageContaining("column 'amount' is DECIMAL(12,2) in the table but DECIMAL(10,2) in the schema")
                    .hasMessageContaining("nothing was changed");
        }
        assertThat(columns()).containsExactly("order_id|bigint|NO", "status|character varying|YES", "amount|numeric|YES",
                "updated_at|timestamp without time zone|YES");
    }

    @Test
    void a_column_inserted_in_the_middle_is_appended_and_the_table_keeps_its_order() throws Exception {
        try (Connection connection = db.connection()) {
            tables().ensure(connection, target(BASE));
            List<Column> inserted = List.of(BASE.get(0), new Column("channel", ColumnType.STRING), BASE.get(1), BASE.get(2),
                    BASE.get(3));

            assertThat(tables().ensure(connection, target(inserted))).isEqualTo(new TableChange(false, List.of("channel")));
            List<Column> reordered = List.of(BASE.get(3), new Column("channel", ColumnType.STRING), BASE.get(0),
                    BASE.get(2), BASE.get(1));
            assertThat(tables().ensure(connection, target(reordered)).unchanged()).isTrue();
        }
        assertThat(columns()).containsExactly("order_id|bigint|NO", "status|character varying|YES", "amount|numeric|YES",
                "updated_at|timestamp without time zone|YES", "channel|character varying|YES");
    }

    @Test
    void a_column_dropped_from_the_schema_is_refused_naming_it_and_nothing_changes() throws Exception {
        try (Connection connection = db.connection()) {
            tables().ensure(connection, target(BASE));
            List<Column> dropped = List.of(BASE.get(0), BASE.get(1), BASE.get(3), new Column("channel", ColumnType.STRING));

            IncompatibleTableException refused = (IncompatibleTableException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> tables().ensure(connection, target(dropped)));

            assertThat(refused.problems()).containsExactly(
                    "column 'amount' DECIMAL(12,2) is in the table but not in the schema; columns are never dropped");
            assertThat(refused).hasMessageContaining("Columns are matched by name");
        }
        assertThat(columns()).hasSize(4);
    }

    @Test
    void check_plans_what_ensure_does_without_changing_the_table() throws Exception {
        List<Column> wider = with(BASE, new Column("channel", ColumnType.STRING));
        try (Connection connection = db.connection()) {
            assertThat(tables().check(connection, target(BASE))).isEqualTo(new TableChange(true, List.of()));
            assertThat(columns()).isEmpty();
            tables().ensure(connection, target(BASE));

            assertThat(tables().check(connection, target(wider))).isEqualTo(new TableChange(false, List.of("channel")));
            assertThat(columns()).hasSize(4);
            assertThat(tables().ensure(connection, target(wider))).isEqualTo(new TableChange(false, List.of("channel")));
        }
        assertThat(columns()).hasSize(5);
    }

    @Test
    void a_name_postgresql_would_truncate_is_refused() {
        RedshiftTarget longName = new RedshiftTarget("t".repeat(64), new RowSchema(BASE), List.of("order_id"), "updated_at");

        assertThatThrownBy(() -> tables().qualifiedName(longName))
                .hasMessageContaining("is 64 characters long; this database keeps at most 63");
    }
}
