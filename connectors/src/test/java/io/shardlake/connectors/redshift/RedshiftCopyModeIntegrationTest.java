package io.shardlake.connectors.redshift;

import static io.shardlake.connectors.redshift.LakeRuns.order;
import static io.shardlake.connectors.redshift.LakeRuns.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.objectstore.S3ObjectStore;
import io.shardlake.connectors.testing.ForwardingObjectStore;
import io.shardlake.connectors.testing.PostgresServer;
import io.shardlake.connectors.testing.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * COPY mode up to the one statement only Redshift runs: the lake is S3 (S3Proxy), the database
 * PostgreSQL, which refuses {@code COPY ... FROM 's3://...' IAM_ROLE}. So this checks the manifest
 * the run publishes, the exact COPY sent, that the manifest is removed again and that the failed
 * load left nothing behind.
 */
class RedshiftCopyModeIntegrationTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/shardlake-copy";

    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer();

    @RegisterExtension
    final RedshiftTestSchema db = new RedshiftTestSchema();

    @TempDir
    Path work;

    private String prefix;
    private S3ObjectStore s3;
    private final List<String> publishedManifests = new ArrayList<>();
    private final List<String> sentCopies = new ArrayList<>();
    private final List<String> sentStaging = new ArrayList<>();

    @BeforeEach
    void lake() {
        prefix = "lake-" + UUID.randomUUID();
        s3 = S3.newStore(prefix);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void one_copy_of_a_manifest_listing_the_run_files_is_sent_and_the_manifest_is_removed_after() throws Exception {
        ForwardingObjectStore lake = new ForwardingObjectStore(s3) {
            @Override
            public void publish(Path localFile, String key) throws IOException {
                if (key.endsWith(".manifest")) {
                    publishedManifests.add(key + " " + Files.readString(localFile));
                }
                super.publish(localFile, key);
            }
        };
        LakeRuns runs = new LakeRuns(lake, work);
        List<LakeFile> files = new ArrayList<>(runs.publish("run-1", "shard01", rows(order(1, "new", "1.00", "2026-11-23T10:00:00Z"))));
        files.addAll(runs.publish("run-1", "shard02", rows(order(2, "new", "2.00", "2026-11-24T10:00:00Z"))));
        RedshiftSettings settings = new RedshiftSettings(PostgresServer.shared().jdbcUrl("postgres"), "postgres", "", ROLE,
                db.name(), RedshiftLoadMode.COPY, 0, null);
        RedshiftLoader loader = new RedshiftLoader(db.dataSource(), settings, recordingCopies(), lake);
        String bucket = "s3://" + S3.bucket() + "/" + prefix + "/";

        assertThatThrownBy(() -> loader.load(new RedshiftTarget("orders", LakeRuns.ORDERS, List.of("order_id"), "updated_at"),
                "run-1", files))
                .isInstanceOf(RedshiftLoadException.class)
                .hasMessageContaining("rolled back")
                .hasMessageContaining("IAM_ROLE"); // PostgreSQL's syntax error at the Redshift-only part

        assertThat(publishedManifests).containsExactly("_redshift_manifests/orders/run-1.manifest {\"entries\":["
                + "{\"url\":\"" + bucket + files.get(0).key() + "\",\"mandatory\":true,\"meta\":{\"content_length\":"
                + files.get(0).bytes() + "}},"
                + "{\"url\":\"" + bucket + files.get(1).key() + "\",\"mandatory\":true,\"meta\":{\"content_length\":"
                + files.get(1).bytes() + "}}]}");
        assertThat(files.get(0).bytes()).isEqualTo(Files.size(S3.localPathOf(prefix + "/" + files.get(0).key())));
        assertThat(sentCopies).containsExactly("COPY \"orders_staging\" FROM '" + bucket
                + "_redshift_manifests/orders/run-1.manifest' IAM_ROLE '" + ROLE + "' FORMAT AS PARQUET MANIFEST");
        assertThat(s3.exists("_redshift_manifests/orders/run-1.manifest")).isFalse();
        assertThat(db.rows("SELECT COUNT(*) FROM " + db.name() + ".orders")).containsExactly("0");
    }

    @Test
    void files_with_a_column_before_the_audit_columns_are_staged_in_file_order_for_the_positional_copy() throws Exception {
        LakeRuns runs = new LakeRuns(s3, work);
        RedshiftSettings settings = new RedshiftSettings(PostgresServer.shared().jdbcUrl("postgres"), "postgres", "", ROLE,
                db.name(), RedshiftLoadMode.COPY, 0, null);
        RedshiftLoader loader = new RedshiftLoader(db.dataSource(), settings, recordingCopies(), s3);
        try (var connection = db.connection()) {
            new RedshiftTables(new PostgreSqlDialect(), db.name()).ensure(connection, RedshiftColumnAdditionIntegrationTest.V1);
        }
        java.time.Instant at = java.time.Instant.parse("2026-11-24T09:00:00Z");
        List<LakeFile> files = runs.publish(RedshiftColumnAdditionIntegrationTest.V2.schema(), "run-2", "shard01",
                rows(new Object[] {1L, "new", "gift", at, "shard01", at, "run-2", 2L}));

        assertThatThrownBy(() -> loader.load(RedshiftColumnAdditionIntegrationTest.V2, "run-2", files))
                .isInstanceOf(RedshiftLoadException.class)
                .hasMessageContaining("IAM_ROLE"); // staging was created on PostgreSQL; only the COPY is Redshift's

        assertThat(sentStaging).containsExactly("CREATE TEMP TABLE \"orders_staging\" (\"id\" BIGINT NOT NULL, "
                + "\"status\" VARCHAR(65535), \"note\" VARCHAR(65535), \"updated_at\" TIMESTAMP, \"_shard\" VARCHAR(65535), "
                + "\"_extracted_at\" TIMESTAMP, \"_run_id\" VARCHAR(65535), \"_run_seq\" BIGINT)");
        assertThat(sentCopies).singleElement().asString().startsWith("COPY \"orders_staging\" FROM ");
        assertThat(db.rows("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + db.name()
                + "' AND table_name = 'orders' ORDER BY ordinal_position"))
                .containsExactly("id", "status", "updated_at", "_shard", "_extracted_at", "_run_id", "_run_seq", "note");
    }

    /** The test dialect, noting each staging table and COPY it hands out. */
    private RedshiftDialect recordingCopies() {
        PostgreSqlDialect postgres = new PostgreSqlDialect();
        return new RedshiftDialect() {
            @Override
            public int maxIdentifierLength() {
                return postgres.maxIdentifierLength();
            }

            @Override
            public String columnType(io.shardlake.transforms.schema.ColumnType type) {
                return postgres.columnType(type);
            }

            @Override
            public String tableAttributes(List<String> quotedKeyColumns, String quotedDistributionColumn) {
                return postgres.tableAttributes(quotedKeyColumns, quotedDistributionColumn);
            }

            @Override
            public String createStagingTable(String quotedStaging, RedshiftTarget target) {
                String sql = postgres.createStagingTable(quotedStaging, target);
                sentStaging.add(sql);
                return sql;
            }

            @Override
            public String copyParquetFromManifest(String quotedTable, String manifestUri, String iamRoleArn) {
                String sql = postgres.copyParquetFromManifest(quotedTable, manifestUri, iamRoleArn);
                sentCopies.add(sql);
                return sql;
            }
        };
    }
}
