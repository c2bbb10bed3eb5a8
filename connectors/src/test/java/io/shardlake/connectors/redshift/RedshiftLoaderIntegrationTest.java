package io.shardlake.connectors.redshift;

import static io.shardlake.connectors.redshift.LakeRuns.order;
import static io.shardlake.connectors.redshift.LakeRuns.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.testing.PostgresServer;
import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BATCHED_INSERT loads end to end on PostgreSQL: Parquet files written by the project's writer and
 * published to a lake, then staged and merged with the statements Redshift gets.
 */
class RedshiftLoaderIntegrationTest {

    static final RowSchema SCHEMA = LakeRuns.ORDERS;
    static final String SELECT_ALL = "SELECT order_id, status, amount, payload, qty, score, paid, order_date, "
            + "updated_at::text FROM %s.orders ORDER BY order_id";

    @RegisterExtension
    final RedshiftTestSchema db = new RedshiftTestSchema();

    @TempDir
    Path work;

    private ObjectStore lake;
    private LakeRuns runs;
    private RedshiftTarget target;

    @BeforeEach
    void lake() {
        lake = new LocalObjectStore(work.resolve("lake"));
        runs = new LakeRuns(lake, work);
        target = new RedshiftTarget("orders", SCHEMA, List.of("order_id"), "updated_at");
    }

    private RedshiftLoader loader(DataSource dataSource, int batchSize) {
        RedshiftSettings settings = new RedshiftSettings(PostgresServer.shared().jdbcUrl("postgres"), "postgres", "", null,
                db.name(), RedshiftLoadMode.BATCHED_INSERT, batchSize, null);
        return new RedshiftLoader(dataSource, settings, new PostgreSqlDialect(), lake);
    }

    private RedshiftLoader loader() {
        return loader(db.dataSource(), 2);
    }

    private List<String> targetRows() throws Exception {
        return db.rows(SELECT_ALL.formatted(db.name()));
    }

    @Test
    void a_run_is_loaded_with_every_type_and_timestamps_in_utc() throws Exception {
        String run = UUID.randomUUID().toString();
        List<LakeFile> files = new ArrayList<>(publish(run, "shard01", List.of(
                order(1, "new", "10.50", "2026-11-23T10:15:30.123Z"),
                order(2, "paid", "-3.00", "2026-11-23T23:59:59.999Z"))));
        files.addAll(publish(run, "shard02", rows(order(3, "new", "0.01", "2026-11-24T00:00:00Z"),
                new Object[] {4L, null, null, null, null, null, null, null, Instant.parse("2026-11-24T01:00:00Z")})));

        RedshiftLoadResult result = loader().load(target, run, files);

        assertThat(result).isEqualTo(new RedshiftLoadResult(new TableChange(true, List.of()), 4, 0, 4));
        assertThat(targetRows()).containsExactly(
                "1|new|10.50|{\"id\":1}|1|0.5|t|2026-11-23|2026-11-23 10:15:30.123",
                "2|paid|-3.00|{\"id\":2}|2|1|t|2026-11-23|2026-11-23 23:59:59.999",
                "3|new|0.01|{\"id\":3}|3|1.5|t|2026-11-24|2026-11-24 00:00:00",
                "4|null|null|null|null|null|null|null|2026-11-24 01:00:00");
    }

    @Test
    void loading_the_same_files_again_leaves_the_same_rows() throws Exception {
        String run = UUID.randomUUID().toString();
        List<LakeFile> files = publish(run, "shard01", rows(order(1, "new", "1.00", "2026-11-23T10:00:00Z"),
                order(2, "new", "2.00", "2026-11-23T11:00:00Z"), order(3, "new", "3.00", "2026-11-23T12:00:00Z")));
        loader().load(target, run, files);
        List<String> first = targetRows();

        RedshiftLoadResult again = loader().load(target, run, files);

        assertThat(again).isEqualTo(new RedshiftLoadResult(TableChange.UNCHANGED, 3, 3, 3));
        assertThat(targetRows()).isEqualTo(first).hasSize(3);
    }

    @Test
    void a_newer_version_of_a_key_replaces_its_row_and_leaves_the_others() throws Exception {
        loader().load(target, "run-1", publish("run-1", "shard01", rows(order(1, "new", "1.00", "2026-11-23T10:00:00Z"),
                order(2, "new", "2.00", "2026-11-23T11:00:00Z"))));

        RedshiftLoadResult result = loader().load(target, "run-2", publish("run-2", "shard01",
                rows(order(1, "shipped", "1.00", "2026-11-24T09:00:00Z"), order(5, "new", "5.00", "2026-11-24T09:30:00Z"))));

        assertThat(result).isEqualTo(new RedshiftLoadResult(TableChange.UNCHANGED, 2, 1, 2));
        assertThat(db.rows("SELECT order_id, status, updated_at::text FROM " + db.name() + ".orders ORDER BY order_id"))
                .containsExactly("1|shipped|2026-11-24 09:00:00", "2|new|2026-11-23 11:00:00", "5|new|2026-11-24 09:30:00");
    }

    @Test
    void of_several_staged_versions_of_a_key_the_latest_cursor_wins() throws Exception {
        List<LakeFile> files = new ArrayList<>(publish("run-1", "shard01", List.of(
                order(1, "new", "1.00", "2026-11-23T10:00:00Z"), order(1, "shipped", "1.00", "2026-11-23T12:00:00Z"))));
        files.addAll(publish("run-1", "shard02", rows(order(1, "paid", "1.00", "2026-11-23T11:00:00Z"),
                order(2, "new", "2.00", "2026-11-23T11:00:00Z"))));

        RedshiftLoadResult result = loader().load(target, "run-1", files);

        assertThat(result.rowsStaged()).isEqualTo(4);
        assertThat(result.rowsInserted()).isEqualTo(2);
        assertThat(db.rows("SELECT order_id, status FROM " + db.name() + ".orders ORDER BY order_id"))
                .containsExactly("1|shipped", "2|new");
    }

    @Test
    void re_running_an_old_window_never_replaces_a_newer_row() throws Exception {
        List<LakeFile> old = publish("run-1", "shard01", rows(order(1, "new", "1.00", "2026-11-23T10:00:00Z"),
                order(2, "new", "2.00", "2026-11-23T10:00:00Z")));
        loader().load(target, "run-1", old);
        loader().load(target, "run-2", publish("run-2", "shard01", rows(order(1, "shipped", "1.00", "2026-11-24T10:00:00Z"))));

        RedshiftLoadResult backfill = loader().load(target, "run-1", old);

        assertThat(backfill).isEqualTo(new RedshiftLoadResult(TableChange.UNCHANGED, 2, 1, 1));
        assertThat(db.rows("SELECT order_id, status FROM " + db.name() + ".orders ORDER BY order_id"))
                .containsExactly("1|shipped", "2|new");
    }

    /** The orders table with the run sequence every engine-written row carries. */
    private static final RowSchema WITH_RUN_SEQ = withRunSeq();

    private static RowSchema withRunSeq() {
        List<Column> columns = new ArrayList<>(SCHEMA.columns());
        columns.add(new Column(AuditColumns.RUN_SEQ, ColumnType.BIGINT));
        return new RowSchema(columns);
    }

    private static Object[] readBy(long runSeq, long id, String status, String updatedAt) {
        Object[] row = Arrays.copyOf(order(id, status, "1.00", updatedAt), WITH_RUN_SEQ.size());
        row[row.length - 1] = runSeq;
        return row;
    }

    /**
     * Two runs read one key with one cursor value but different payloads (a correction that did not
     * touch updated_at): the one that read later has the greater run sequence and must win, whichever
     * of the two Redshift is given last (a failed delivery is retried after a newer run's).
     */
    @ParameterizedTest(name = "the later run is delivered {0}")
    @ValueSource(strings = {"first", "second"})
    void of_two_runs_with_one_key_and_one_cursor_the_later_run_wins_whatever_the_delivery_order(String laterDelivered)
            throws Exception {
        RedshiftTarget withSeq = new RedshiftTarget("orders", WITH_RUN_SEQ, List.of("order_id"), "updated_at");
        List<LakeFile> earlier = publish(WITH_RUN_SEQ, "run-a", "shard01", rows(readBy(41, 1, "read first", "2026-11-23T10:00:00Z")));
        List<LakeFile> later = publish(WITH_RUN_SEQ, "run-b", "shard01", rows(readBy(42, 1, "read later", "2026-11-23T10:00:00Z")));

        if (laterDelivered.equals("first")) {
            loader().load(withSeq, "run-b", later);
            loader().load(withSeq, "run-a", earlier);
        } else {
            loader().load(withSeq, "run-a", earlier);
            loader().load(withSeq, "run-b", later);
        }

        assertThat(db.rows("SELECT order_id, status, _run_seq FROM " + db.name() + ".orders")).containsExactly("1|read later|42");
    }

    @ParameterizedTest(name = "the later run''s file is staged {0}")
    @ValueSource(strings = {"first", "second"})
    void of_two_staged_versions_with_one_key_and_one_cursor_the_later_run_wins(String laterStaged) throws Exception {
        RedshiftTarget withSeq = new RedshiftTarget("orders", WITH_RUN_SEQ, List.of("order_id"), "updated_at");
        List<LakeFile> earlier = publish(WITH_RUN_SEQ, "run-a", "shard01", rows(readBy(41, 1, "read first", "2026-11-23T10:00:00Z")));
        List<LakeFile> later = publish(WITH_RUN_SEQ, "run-b", "shard01", rows(readBy(42, 1, "read later", "2026-11-23T10:00:00Z")));
        List<LakeFile> files = new ArrayList<>(laterStaged.equals("first") ? later : earlier);
        files.addAll(laterStaged.equals("first") ? earlier : later);

        loader().load(withSeq, "run-ab", files);

        assertThat(db.rows("SELECT order_id, status, _run_seq FROM " + db.name() + ".orders")).containsExactly("1|read later|42");
    }

    @Test
    void a_row_loaded_before_run_sequences_existed_is_replaced_by_an_equal_cursor_with_one() throws Exception {
        RedshiftTarget withSeq = new RedshiftTarget("orders", WITH_RUN_SEQ, List.of("order_id"), "updated_at");
        loader().load(target, "run-old", publish("run-old", "shard01", rows(order(1, "legacy", "1.00", "2026-11-23T10:00:00Z"))));

        loader().load(withSeq, "run-new", publish(WITH_RUN_SEQ, "run-new", "shard01", rows(readBy(1, 1, "with seq", "2026-11-23T10:00:00Z"))));

        assertThat(db.rows("SELECT order_id, status, _run_seq FROM " + db.name() + ".orders")).containsExactly("1|with seq|1");
    }

    @Test
    void a_failure_in_the_middle_of_the_merge_rolls_back_and_the_next_load_on_the_same_connection_works() throws Exception {
        try (HikariDataSource pool = onePooledConnection()) {
            RedshiftLoader loader = loader(pool, 1000);
            loader.load(target, "run-1", publish("run-1", "shard01", rows(order(1, "new", "1.00", "2026-11-23T10:00:00Z"),
                    order(2, "new", "2.00", "2026-11-23T10:00:00Z"))));
            // A constraint the staging table (built from the schema) does not have: the INSERT fails after the DELETE ran.
            db.execute("ALTER TABLE " + db.name() + ".orders ADD CONSTRAINT amount_not_negative CHECK (amount >= 0)");
            List<String> before = targetRows();
            List<LakeFile> bad = publish("run-2", "shard01", rows(order(1, "shipped", "1.00", "2026-11-24T10:00:00Z"),
                    order(3, "refund", "-9.00", "2026-11-24T10:00:00Z")));

            assertThatThrownBy(() -> loader.load(target, "run-2", bad))
                    .isInstanceOf(RedshiftLoadException.class)
                    .hasMessageContaining("loading run run-2 (1 files) into Redshift table \"" + db.name() + "\".\"orders\"")
                    .hasMessageContaining("rolled back")
                    .hasMessageContaining("amount_not_negative");
            assertThat(targetRows()).isEqualTo(before);

            // The pooled connection comes back without a leftover staging table.
            RedshiftLoadResult next = loader.load(target, "run-3", publish("run-3", "shard01",
                    rows(order(1, "shipped", "1.00", "2026-11-24T10:00:00Z"))));
            assertThat(next.rowsInserted()).isEqualTo(1);
        }
    }

    @Test
    void a_null_key_fails_the_load_in_staging_and_changes_nothing() throws Exception {
        loader().load(target, "run-1", publish("run-1", "shard01", rows(order(1, "new", "1.00", "2026-11-23T10:00:00Z"))));
        List<String> before = targetRows();
        Object[] noKey = order(9, "new", "1.00", "2026-11-23T10:00:00Z");
        noKey[0] = null;
        List<LakeFile> bad = publish("run-2", "shard01", rows(order(1, "paid", "1.00", "2026-11-24T10:00:00Z"), noKey));

        assertThatThrownBy(() -> loader().load(target, "run-2", bad))
                .isInstanceOf(RedshiftLoadException.class)
                .hasMessageContaining("order_id");
        assertThat(targetRows()).isEqualTo(before);
    }

    @Test
    void new_schema_columns_are_appended_before_the_run_loads() throws Exception {
        loader().load(target, "run-1", publish("run-1", "shard01", rows(order(1, "new", "1.00", "2026-11-23T10:00:00Z"))));
        List<Column> wider = new ArrayList<>(SCHEMA.columns());
        wider.add(new Column("channel", ColumnType.STRING));
        RowSchema widerSchema = new RowSchema(wider);
        RedshiftTarget widerTarget = new RedshiftTarget("orders", widerSchema, List.of("order_id"), "updated_at");
        Object[] row = Arrays.copyOf(order(2, "new", "2.00", "2026-11-24T10:00:00Z"), wider.size());
        row[wider.size() - 1] = "web";

        RedshiftLoadResult result = loader().load(widerTarget, "run-2", publish(widerSchema, "run-2", "shard01", rows(row)));

        assertThat(result.tableChange()).isEqualTo(new TableChange(false, List.of("channel")));
        assertThat(db.rows("SELECT order_id, channel FROM " + db.name() + ".orders ORDER BY order_id"))
                .containsExactly("1|null", "2|web");
    }

    @Test
    void a_run_without_files_prepares_the_table_and_changes_no_rows() throws Exception {
        RedshiftLoadResult result = loader().load(target, "run-1", List.of());

        assertThat(result).isEqualTo(new RedshiftLoadResult(new TableChange(true, List.of()), 0, 0, 0));
        assertThat(targetRows()).isEmpty();
    }

    @Test
    void an_incompatible_table_stops_the_load_before_any_row_moves() throws Exception {
        db.execute("CREATE TABLE " + db.name() + ".orders (order_id INTEGER NOT NULL, status VARCHAR(10))");
        db.execute("INSERT INTO " + db.name() + ".orders VALUES (1, 'old')");

        assertThatThrownBy(() -> loader().load(target, "run-1", publish("run-1", "shard01",
                rows(order(1, "new", "1.00", "2026-11-23T10:00:00Z")))))
                .isInstanceOf(IncompatibleTableException.class)
                .hasMessageContaining("column 'order_id' is INTEGER in the table but BIGINT in the schema")
                .hasMessageContaining("column 'status' is VARCHAR(10) in the table but VARCHAR(65535) in the schema");
        assertThat(db.rows("SELECT order_id, status FROM " + db.name() + ".orders")).containsExactly("1|old");
    }

    private HikariDataSource onePooledConnection() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(PostgresServer.shared().jdbcUrl("postgres"));
        pool.setUsername(PostgresServer.shared().endpoint().user());
        pool.setPassword(PostgresServer.shared().endpoint().password());
        pool.setMaximumPoolSize(1);
        return pool;
    }

    private List<LakeFile> publish(String run, String shard, List<Object[]> rows) throws Exception {
        return runs.publish(run, shard, rows);
    }

    private List<LakeFile> publish(RowSchema schema, String run, String shard, List<Object[]> rows) throws Exception {
        return runs.publish(schema, run, shard, rows);
    }
}
