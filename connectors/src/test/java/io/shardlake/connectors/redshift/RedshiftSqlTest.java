package io.shardlake.connectors.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.lake.VersionOrder;
import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.testing.ForwardingObjectStore;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact SQL the sink sends to Redshift, including the parts PostgreSQL cannot run. */
class RedshiftSqlTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/shardlake-copy";
    static final RedshiftTarget ORDERS = new RedshiftTarget("orders", new RowSchema(List.of(
            new Column("order_id", ColumnType.BIGINT), new Column("item_index", ColumnType.INT),
            new Column("status", ColumnType.STRING), new Column("payload", ColumnType.JSON),
            new Column("amount", ColumnType.decimal(12, 2)), new Column("score", ColumnType.DOUBLE),
            new Column("paid", ColumnType.BOOLEAN), new Column("date", ColumnType.DATE),
            new Column("updated_at", ColumnType.TIMESTAMP))), List.of("order_id", "item_index"), "updated_at");

    /** The order of a table without audit columns: the cursor alone. */
    static final VersionOrder BY_CURSOR = new VersionOrder(List.of("updated_at"));

    @TempDir
    Path dir;

    @Test
    void copy_loads_one_manifest_of_parquet_files_with_the_iam_role() {
        assertThat(new Redshift().copyParquetFromManifest("\"orders_staging\"",
                "s3://lake-bucket/_redshift_manifests/orders/r1.manifest", ROLE))
                .isEqualTo("COPY \"orders_staging\" FROM 's3://lake-bucket/_redshift_manifests/orders/r1.manifest' "
                        + "IAM_ROLE 'arn:aws:iam::123456789012:role/shardlake-copy' FORMAT AS PARQUET MANIFEST");
    }

    @Test
    void a_quote_in_a_copy_literal_is_doubled() {
        assertThat(new Redshift().copyParquetFromManifest("\"t\"", "s3://b/it's.manifest", ROLE))
                .contains("FROM 's3://b/it''s.manifest' IAM_ROLE");
    }

    @Test
    void the_manifest_lists_exactly_the_run_files_each_mandatory_with_its_length() {
        String json = RedshiftManifest.json(s3Lake("lake-bucket", "warehouse"), List.of(
                new LakeFile("orders/dt=2026-11-23/r1-shard01-a1-0001.parquet", 1234),
                new LakeFile("orders/dt=2026-11-24/r1-shard02-a1-0001.parquet", 99)));

        assertThat(json).isEqualTo("{\"entries\":["
                + "{\"url\":\"s3://lake-bucket/warehouse/orders/dt=2026-11-23/r1-shard01-a1-0001.parquet\","
                + "\"mandatory\":true,\"meta\":{\"content_length\":1234}},"
                + "{\"url\":\"s3://lake-bucket/warehouse/orders/dt=2026-11-24/r1-shard02-a1-0001.parquet\","
                + "\"mandatory\":true,\"meta\":{\"content_length\":99}}]}");
    }

    @Test
    void the_manifest_sits_outside_every_table_folder_under_the_run_id() {
        assertThat(RedshiftManifest.key("orders", "0b7c-run.1")).isEqualTo("_redshift_manifests/orders/0b7c-run.1.manifest");
        assertThatThrownBy(() -> RedshiftManifest.key("orders", "../x"))
                .hasMessageContaining("run id '../x' may hold only");
    }

    @Test
    void copy_mode_refuses_a_lake_that_is_not_on_s3() {
        ObjectStore local = new LocalObjectStore(dir);

        assertThatThrownBy(() -> RedshiftManifest.json(local, List.of(new LakeFile("orders/a.parquet", 1))))
                .hasMessageContaining("COPY mode needs the lake on S3, but orders/a.parquet is at file:")
                .hasMessageContaining("BATCHED_INSERT");
    }

    @Test
    void the_redshift_table_has_redshift_types_the_key_not_null_and_distribution_and_sort_keys() {
        RedshiftTables tables = new RedshiftTables(new Redshift(), "analytics");

        assertThat(tables.createTableSql(ORDERS)).isEqualTo("CREATE TABLE IF NOT EXISTS \"analytics\".\"orders\" ("
                + "\"order_id\" BIGINT NOT NULL, \"item_index\" INTEGER NOT NULL, \"status\" VARCHAR(65535), "
                + "\"payload\" VARCHAR(65535), \"amount\" DECIMAL(12,2), \"score\" DOUBLE PRECISION, \"paid\" BOOLEAN, "
                + "\"date\" DATE, \"updated_at\" TIMESTAMP, PRIMARY KEY (\"order_id\", \"item_index\")) "
                + "DISTSTYLE KEY DISTKEY(\"order_id\") COMPOUND SORTKEY(\"order_id\", \"item_index\")");
        assertThat(tables.addColumnSql(ORDERS, new Column("note", ColumnType.STRING)))
                .isEqualTo("ALTER TABLE \"analytics\".\"orders\" ADD COLUMN \"note\" VARCHAR(65535)");
    }

    @Test
    void a_table_keyed_by_shard_first_is_distributed_on_the_key_column_it_names_not_on_the_shard() {
        RedshiftTarget byShard = new RedshiftTarget("orders", ORDERS.schema(), List.of("status", "order_id"), "updated_at", "order_id");

        assertThat(new RedshiftTables(new Redshift(), "analytics").createTableSql(byShard))
                .endsWith("PRIMARY KEY (\"status\", \"order_id\")) DISTSTYLE KEY DISTKEY(\"order_id\") COMPOUND SORTKEY(\"status\", \"order_id\")");
        assertThatThrownBy(() -> new RedshiftTarget("orders", ORDERS.schema(), List.of("order_id"), "updated_at", "status"))
                .hasMessageContaining("distribution column 'status' of Redshift table 'orders' must be one of its key columns [order_id]");
    }

    @Test
    void the_test_dialect_differs_only_in_the_table_attributes() {
        String redshift = new RedshiftTables(new Redshift(), "analytics").createTableSql(ORDERS);
        String postgres = new RedshiftTables(new PostgreSqlDialect(), "analytics").createTableSql(ORDERS);

        assertThat(redshift).isEqualTo(postgres + " DISTSTYLE KEY DISTKEY(\"order_id\") COMPOUND SORTKEY(\"order_id\", \"item_index\")");
        assertThat(new Redshift().createStagingTable("\"s\"", ORDERS))
                .isEqualTo(new PostgreSqlDialect().createStagingTable("\"s\"", ORDERS)
                        + " DISTSTYLE KEY DISTKEY(\"order_id\") COMPOUND SORTKEY(\"order_id\", \"item_index\")");
    }

    @Test
    void copy_mode_stages_a_column_added_before_the_audit_columns_in_file_order_then_copies_by_position() {
        Redshift redshift = new Redshift();

        assertThat(redshift.createStagingTable("\"orders_staging\"", RedshiftColumnAdditionIntegrationTest.V2))
                .isEqualTo("CREATE TEMP TABLE \"orders_staging\" (\"id\" BIGINT NOT NULL, \"status\" VARCHAR(65535), "
                        + "\"note\" VARCHAR(65535), \"updated_at\" TIMESTAMP, \"_shard\" VARCHAR(65535), "
                        + "\"_extracted_at\" TIMESTAMP, \"_run_id\" VARCHAR(65535), \"_run_seq\" BIGINT) "
                        + "DISTSTYLE KEY DISTKEY(\"id\") COMPOUND SORTKEY(\"id\")");
        assertThat(redshift.copyParquetFromManifest("\"orders_staging\"",
                "s3://lake-bucket/_redshift_manifests/orders/run-2.manifest", ROLE))
                .isEqualTo("COPY \"orders_staging\" FROM 's3://lake-bucket/_redshift_manifests/orders/run-2.manifest' "
                        + "IAM_ROLE 'arn:aws:iam::123456789012:role/shardlake-copy' FORMAT AS PARQUET MANIFEST");
        // The merge names its columns, so staging's order need not be the target's.
        assertThat(RedshiftMerge.insertLatest("\"analytics\".\"orders\"", "\"orders_staging\"",
                RedshiftColumnAdditionIntegrationTest.V2.columnNames(), List.of("id"), BY_CURSOR))
                .startsWith("INSERT INTO \"analytics\".\"orders\" (\"id\", \"status\", \"note\", \"updated_at\", "
                        + "\"_shard\", \"_extracted_at\", \"_run_id\", \"_run_seq\") SELECT \"id\", \"status\", \"note\", ");
    }

    @Test
    void the_merge_deletes_what_staging_replaces_and_inserts_the_latest_version_per_key() {
        String target = "\"analytics\".\"orders\"";
        String staging = "\"orders_staging\"";

        assertThat(RedshiftMerge.deleteReplaced(target, staging, ORDERS.keyColumns(), BY_CURSOR))
                .isEqualTo("DELETE FROM \"analytics\".\"orders\" USING \"orders_staging\" WHERE "
                        + "\"analytics\".\"orders\".\"order_id\" = \"orders_staging\".\"order_id\" AND "
                        + "\"analytics\".\"orders\".\"item_index\" = \"orders_staging\".\"item_index\" AND "
                        + "(\"analytics\".\"orders\".\"updated_at\" IS NULL OR "
                        + "\"orders_staging\".\"updated_at\" >= \"analytics\".\"orders\".\"updated_at\")");
        assertThat(RedshiftMerge.insertLatest(target, staging, List.of("order_id", "item_index", "updated_at"),
                ORDERS.keyColumns(), BY_CURSOR))
                .isEqualTo("INSERT INTO \"analytics\".\"orders\" (\"order_id\", \"item_index\", \"updated_at\") "
                        + "SELECT \"order_id\", \"item_index\", \"updated_at\" FROM (SELECT \"order_id\", \"item_index\", "
                        + "\"updated_at\", ROW_NUMBER() OVER (PARTITION BY \"order_id\", \"item_index\" ORDER BY "
                        + "\"updated_at\" DESC NULLS LAST) AS shardlake_version_rank FROM \"orders_staging\") AS latest "
                        + "WHERE shardlake_version_rank = 1 AND NOT EXISTS (SELECT 1 FROM \"analytics\".\"orders\" AS kept "
                        + "WHERE kept.\"order_id\" = latest.\"order_id\" AND kept.\"item_index\" = latest.\"item_index\")");
    }

    @Test
    void batched_inserts_bind_every_column_in_schema_order() {
        assertThat(BatchedInsertStagingLoad.insertSql("\"orders_staging\"", List.of("order_id", "date")))
                .isEqualTo("INSERT INTO \"orders_staging\" (\"order_id\", \"date\") VALUES (?, ?)");
    }

    /** A local store that names its objects as S3 does, as S3ObjectStore would for this bucket and prefix. */
    private ObjectStore s3Lake(String bucket, String prefix) {
        return new ForwardingObjectStore(new LocalObjectStore(dir)) {
            @Override
            public String uri(String key) {
                return "s3://" + bucket + "/" + prefix + "/" + key;
            }
        };
    }
}
