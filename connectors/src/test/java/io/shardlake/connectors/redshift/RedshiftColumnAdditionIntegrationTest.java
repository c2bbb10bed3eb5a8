package io.shardlake.connectors.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.testing.PostgresServer;
import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline gains a source column: the transform puts it after the other data columns and before the
 * audit columns, so the new files have it in the middle while the existing table can only grow at the end.
 */
class RedshiftColumnAdditionIntegrationTest {

    static final RedshiftTarget V1 = target(List.of(new Column("id", ColumnType.BIGINT),
            new Column("status", ColumnType.STRING), new Column("updated_at", ColumnType.TIMESTAMP)));
    static final RedshiftTarget V2 = target(List.of(new Column("id", ColumnType.BIGINT),
            new Column("status", ColumnType.STRING), new Column("note", ColumnType.STRING),
            new Column("updated_at", ColumnType.TIMESTAMP)));

    /** The data columns then the audit columns, as the transform emits them. */
    private static RedshiftTarget target(List<Column> data) {
        List<Column> columns = new ArrayList<>(data);
        columns.addAll(AuditColumns.ALL);
        return new RedshiftTarget("orders", new RowSchema(columns), List.of("id"), "updated_at");
    }

    @RegisterExtension
    final RedshiftTestSchema db = new RedshiftTestSchema();

    @TempDir
    Path work;

    private LakeRuns runs;
    private RedshiftLoader loader;

    @BeforeEach
    void loader() {
        LocalObjectStore lake = new LocalObjectStore(work.resolve("lake"));
        runs = new LakeRuns(lake, work);
        RedshiftSettings settings = new RedshiftSettings(PostgresServer.shared().jdbcUrl("postgres"), "postgres", "", null,
                db.name(), RedshiftLoadMode.BATCHED_INSERT, 2, null);
        loader = new RedshiftLoader(db.dataSource(), settings, new PostgreSqlDialect(), lake);
    }

    private static Object[] v1(long id, String status, String updatedAt) {
        Instant at = Instant.parse(updatedAt);
        return new Object[] {id, status, at, "shard01", at.plusSeconds(60), "run-1", 1L};
    }

    private static Object[] v2(long id, String status, String note, String updatedAt) {
        Instant at = Instant.parse(updatedAt);
        return new Object[] {id, status, note, at, "shard01", at.plusSeconds(60), "run-2", 2L};
    }

    private List<String> columns() throws Exception {
        return db.rows("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = '"
                + db.name() + "' AND table_name = 'orders' ORDER BY ordinal_position");
    }

    private List<String> rows() throws Exception {
        return db.rows("SELECT id, status, note, updated_at::text, _shard, _run_id FROM " + db.name()
                + ".orders ORDER BY id");
    }

    private void loadV1() throws Exception {
        loader.load(V1, "run-1", runs.publish(V1.schema(), "run-1", "shard01", LakeRuns.rows(
                v1(1, "new", "2026-11-23T10:00:00Z"), v1(2, "new", "2026-11-23T11:00:00Z"))));
    }

    @Test
    void files_with_a_column_before_the_audit_columns_load_and_the_column_is_appended_to_the_table() throws Exception {
        loadV1();

        RedshiftLoadResult result = loader.load(V2, "run-2", runs.publish(V2.schema(), "run-2", "shard01", LakeRuns.rows(
                v2(2, "shipped", "fragile", "2026-11-24T09:00:00Z"), v2(3, "new", "gift", "2026-11-24T09:30:00Z"))));

        assertThat(result).isEqualTo(new RedshiftLoadResult(new TableChange(false, List.of("note")), 2, 1, 2));
        assertThat(columns()).containsExactly("id bigint", "status character varying",
                "updated_at timestamp without time zone", "_shard character varying",
                "_extracted_at timestamp without time zone", "_run_id character varying", "_run_seq bigint", "note character varying");
        assertThat(rows()).containsExactly(
                "1|new|null|2026-11-23 10:00:00|shard01|run-1",
                "2|shipped|fragile|2026-11-24 09:00:00|shard01|run-2",
                "3|new|gift|2026-11-24 09:30:00|shard01|run-2");
        assertThat(db.rows("SELECT _extracted_at::text FROM " + db.name() + ".orders WHERE id = 3"))
                .containsExactly("2026-11-24 09:31:00");
    }

    @Test
    void check_reports_the_planned_addition_and_changes_nothing() throws Exception {
        loadV1();
        List<String> before = columns();

        assertThat(loader.check(V2)).isEqualTo(new TableChange(false, List.of("note")));

        assertThat(columns()).isEqualTo(before).doesNotContain("note character varying");
        assertThat(loader.check(V1).unchanged()).isTrue();
    }

    @Test
    void check_of_a_missing_table_reports_it_would_be_created_and_creates_nothing() throws Exception {
        assertThat(loader.check(V2)).isEqualTo(new TableChange(true, List.of()));

        assertThat(columns()).isEmpty();
    }

    @Test
    void check_refuses_a_type_change_naming_the_column_and_both_types_and_changes_nothing() throws Exception {
        loadV1();
        List<String> before = columns();
        List<Column> retyped = new ArrayList<>(V2.schema().columns());
        retyped.set(0, new Column("id", ColumnType.INT));
        RedshiftTarget changed = new RedshiftTarget("orders", new RowSchema(retyped), List.of("id"), "updated_at");

        assertThatThrownBy(() -> loader.check(changed))
                .isInstanceOf(IncompatibleTableException.class)
                .hasMessageContaining("column 'id' is BIGINT in the table but INTEGER in the schema")
                .hasMessageContaining("nothing was changed");
        assertThat(columns()).isEqualTo(before).doesNotContain("note character varying");
        assertThat(db.rows("SELECT COUNT(*) FROM " + db.name() + ".orders")).containsExactly("2");
    }
}
