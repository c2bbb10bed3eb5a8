package io.shardlake.engine.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.definition.DefinitionChangeWatcher;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcRegisteredPipelines;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Registration end to end on a MariaDB shard and an H2 metadata database: catalog checks, preview, versions, the catalog. */
class RegistrationIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    private static final Instant NOW = Instant.parse("2026-03-10T10:07:30Z");

    @TempDir
    Path temp;

    private final SettableClock clock = new SettableClock(NOW);
    private final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
    private SourceCatalogs catalogs;
    private JdbcRegisteredPipelines store;
    private DefinitionRegistry registry;
    private RegistrationService service;

    @BeforeAll
    static void sourceTable() throws Exception {
        shards.execute("shard01", "CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL, amount DECIMAL(12,2),"
                + " note TEXT, payload LONGTEXT, updated_at DATETIME(3) NOT NULL, KEY orders_cursor (updated_at, id))");
        for (int i = 1; i <= 5; i++) {
            shards.execute("shard01", "INSERT INTO orders VALUES (" + i + ", 'paid', " + i + ".25, NULL,"
                    + " '{\"customer\":{\"tier\":\"gold\"},\"channel\":\"web\",\"items\":[1," + i + "]}', '2026-03-0" + i + " 08:00:00.000')");
        }
        shards.execute("shard01", "INSERT INTO orders VALUES (6, 'paid', 1, NULL, '{broken', '2026-03-06 08:00:00.000')");
    }

    @BeforeEach
    void setUp() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("dag-definitions"));
        Files.writeString(folder.resolve("orders.yaml"), TestDrafts.ORDERS_FILE.replace("orders_flat", "orders"));
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop",
                List.of(new Shard("shard01", shards.jdbcUrl("shard01"))), ZoneOffset.UTC, shards.user(), shards.password(), 2, null)));
        catalogs = new SourceCatalogs(sources, Duration.ofSeconds(5));
        store = new JdbcRegisteredPipelines(MetadataDatabases.h2("registration-" + UUID.randomUUID()));
        registry = new DefinitionRegistry(folder, sources.names(), store);
        registry.reload();
        DraftValidator validator = new DraftValidator(new DefinitionParser(sources.names()), catalogs, clock);
        service = new RegistrationService(validator, new PipelinePreview(catalogs, clock), store, registry, audit::add, clock);
    }

    @AfterEach
    void close() {
        catalogs.close();
    }

    @Test
    void aRegisteredPipelineJoinsTheCatalogAndEveryEditIsAVersion() {
        PipelineVersion v1 = service.register(TestDrafts.orders(), "ana", false, "first");

        assertThat(v1.version()).isEqualTo(1);
        PipelineDefinition loaded = registry.current().get("orders_flat").orElseThrow();
        assertThat(registry.current().source("orders_flat").orElseThrow().fileName()).isEqualTo("registered:orders_flat");
        assertThat(loaded.target().table()).isEqualTo("orders_flat");
        assertThat(audit).containsExactly(new AuditEntry("ana", "pipeline.register", "orders_flat", "version 1"));

        clock.advance(Duration.ofMinutes(1));
        RegisteredPipelineStore.Saved unchanged = service.edit("orders_flat", service.draftOf("orders_flat").orElseThrow(), 1, "bob", false, "");
        assertThat(unchanged.created()).as("the edit form saved unchanged").isFalse();
        assertThat(audit).hasSize(1);

        PipelineDraft d = TestDrafts.orders();
        PipelineDraft edited = new PipelineDraft(d.name(), d.description(), d.connection(), d.table(), d.columns(), d.cursor(), d.primaryKey(),
                d.json(), d.partitionColumn(), d.partitionGranularity(), "0 * * * *", d.scheduleZone(), d.targetTable(), "snappy",
                d.fileSizeMb(), d.quarantineMaxFraction(), d.dedupeKey(), d.redshift());
        RegisteredPipelineStore.Saved v2 = service.edit("orders_flat", edited, 1, "bob", false, "hourly");

        assertThat(v2.version().version()).isEqualTo(2);
        assertThat(v2.version().author()).isEqualTo("bob");
        assertThat(v2.version().createdAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(registry.current().get("orders_flat").orElseThrow().schedule().expression()).isEqualTo("0 * * * *");
        assertThat(audit).last().isEqualTo(new AuditEntry("bob", "pipeline.edit", "orders_flat", "version 2"));
        assertThat(service.diff("orders_flat", 1, 2)).contains("-schedule: \"*/15 * * * *\"", "+schedule: \"0 * * * *\"",
                "-  compression: zstd", "+  compression: snappy");
        assertThat(service.diff("orders_flat", 2, 2)).isEmpty();
        assertThatThrownBy(() -> service.edit("orders_flat", TestDrafts.orders(), 1, "carl", false, ""))
                .isInstanceOfSatisfying(OperationRefusedException.class,
                        e -> assertThat(e.getMessage()).contains("changed since version 1").contains("saved by bob"));
    }

    @Test
    void theExportIsTheStoredTextUnderAHeaderAndLoadsAsTheSameDefinition() {
        service.register(TestDrafts.orders(), "ana", false, "");

        String export = service.exportYaml("orders_flat");

        assertThat(export).startsWith("# orders_flat.yaml: registered pipeline orders_flat, version 1, saved by ana at 2026-03-10T10:07:30Z\n");
        assertThat(export).endsWith(store.latestVersion("orders_flat").orElseThrow().yaml());
        assertThat(new DefinitionParser(Set.of("shop")).parse("orders_flat.yaml", export).version())
                .isEqualTo(registry.current().get("orders_flat").orElseThrow().version());
    }

    @Test
    void namesNotInTheSourceCatalogAreFieldErrorsAndNothingIsSaved() {
        PipelineDraft d = TestDrafts.orders();
        List<PipelineDraft.Column> columns = new ArrayList<>(d.columns());
        columns.set(1, new PipelineDraft.Column("state", "status", "string", true));
        PipelineDraft bad = new PipelineDraft(d.name(), d.description(), d.connection(), d.table(), columns, d.cursor(), List.of("order_id"),
                List.of(new PipelineDraft.Json("body", d.json().get(0).fields())), d.partitionColumn(), d.partitionGranularity(),
                d.schedule(), d.scheduleZone(), d.targetTable(), d.compression(), d.fileSizeMb(), d.quarantineMaxFraction(), d.dedupeKey(), d.redshift());

        assertThatThrownBy(() -> service.register(bad, "ana", false, "")).isInstanceOfSatisfying(InvalidRegistrationException.class, e ->
                assertThat(e.errors()).extracting(FormError::field).containsExactlyInAnyOrder("columns[1].source", "primaryKey", "json[0].column"));

        PipelineDraft noTable = new PipelineDraft(d.name(), d.description(), d.connection(), "orders_archive", d.columns(), d.cursor(),
                d.primaryKey(), d.json(), d.partitionColumn(), d.partitionGranularity(), d.schedule(), d.scheduleZone(), d.targetTable(),
                d.compression(), d.fileSizeMb(), d.quarantineMaxFraction(), d.dedupeKey(), d.redshift());
        assertThatThrownBy(() -> service.register(noTable, "ana", false, "")).isInstanceOfSatisfying(InvalidRegistrationException.class,
                e -> assertThat(e.errors()).singleElement().satisfies(f -> {
                    assertThat(f.field()).isEqualTo("table");
                    assertThat(f.message()).contains("'orders_archive' is not a table of shop");
                }));
        assertThat(store.versions("orders_flat")).isEmpty();
        assertThat(audit).isEmpty();
    }

    @Test
    void theScheduleMustFireEveryFifteenMinutesToEveryDayUnlessAnAdminAllowsIt() {
        PipelineDraft fast = TestDrafts.orders("orders_fast", "*/5 * * * *");

        assertThatThrownBy(() -> service.register(fast, "ana", false, "")).isInstanceOfSatisfying(InvalidRegistrationException.class,
                e -> assertThat(e.errors()).extracting(FormError::field).containsExactly("schedule"));
        assertThat(service.register(fast, "root", true, "load test").version()).isEqualTo(1);
    }

    @Test
    void aNameDefinedByAFileIsRefusedAndIfRegisteredAnywayTheFileWins() {
        assertThatThrownBy(() -> service.register(TestDrafts.orders("orders", "*/15 * * * *"), "ana", false, ""))
                .isInstanceOfSatisfying(InvalidRegistrationException.class, e -> assertThat(e.errors()).singleElement()
                        .isEqualTo(new FormError("name", "defined by dag-definitions/orders.yaml: edit the file")));
        assertThatThrownBy(() -> service.edit("orders", TestDrafts.orders("orders", "@hourly"), null, "ana", false, ""))
                .isInstanceOfSatisfying(OperationRefusedException.class, e -> assertThat(e.getMessage())
                        .contains("defined by dag-definitions/orders.yaml: edit the file"));

        // Another node registered it before the file appeared, say: the folder wins, the conflict is listed.
        store.save("orders", DraftYaml.write(TestDrafts.orders("orders", "@hourly")).yaml(), "ana", "", NOW, 0);
        registry.reload();

        assertThat(registry.current().source("orders").orElseThrow().fileName()).isEqualTo("orders.yaml");
        assertThat(registry.current().get("orders").orElseThrow().schedule().expression()).isEqualTo("*/15 * * * *");
        assertThat(registry.current().errors()).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo("registered:orders");
            assertThat(e.message()).startsWith("defined by dag-definitions/orders.yaml: edit the file");
        });
    }

    @Test
    void thePollSeesANewVersionWithOneCheapLook() {
        DefinitionChangeWatcher watcher = registry.changeWatcher();
        assertThat(watcher.changedSinceLastCheck()).as("first look").isTrue();
        assertThat(watcher.changedSinceLastCheck()).isFalse();

        // Saved on another node: straight into the store, this node's registry not told.
        store.save("orders_flat", DraftYaml.write(TestDrafts.orders()).yaml(), "ana", "", NOW, 0);

        assertThat(watcher.changedSinceLastCheck()).isTrue();
        assertThat(registry.reload().added()).extracting(PipelineDefinition::name).containsExactly("orders_flat");
        assertThat(watcher.changedSinceLastCheck()).isFalse();
    }

    @Test
    void aPreviewExtractsAndTransformsASampleInMemoryAndSavesNothing() {
        PreviewResult preview = service.preview(TestDrafts.orders(), 10);

        assertThat(preview.shard()).isEqualTo("shard01");
        assertThat(preview.rowsRead()).isEqualTo(6);
        assertThat(preview.columns()).extracting(PreviewResult.OutputColumn::name).containsExactly("order_id", "status", "amount",
                "updated_at", "customer_tier", "item_count", "_shard", "_extracted_at", "_run_id", "_run_seq");
        assertThat(preview.rows()).hasSize(5);
        assertThat(preview.rows().get(0)).containsExactly("5", "paid", "5.25", "2026-03-05T08:00:00Z", "gold", "2", "shard01",
                NOW.toString(), "preview", null);
        assertThat(preview.partitions().get(0)).isEqualTo("dt=2026-03-05");
        assertThat(preview.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).contains("payload");
            assertThat(q.source()).containsEntry("id", "6");
        });
        assertThat(preview.parquetSchema()).contains("optional int64 order_id;", "optional binary customer_tier (STRING);",
                "optional int64 updated_at (TIMESTAMP(MILLIS,true));", "optional int64 amount (DECIMAL(12,2));");
        assertThat(store.versions("orders_flat")).isEmpty();
        assertThat(registry.current().get("orders_flat")).isEmpty();
    }

    @Test
    void aPreviewForRedshiftQuarantinesATextValueTooLongForItsVarcharAsARunWould() throws Exception {
        // 21,846 euro signs: 65,538 bytes in UTF-8, over VARCHAR(65535), which counts bytes
        shards.execute("shard01", "INSERT INTO orders VALUES (7, 'paid', 1, NULL, CONCAT('{\"customer\":{\"tier\":\"',"
                + " REPEAT('\u20ac', 21846), '\"}}'), '2026-03-07 08:00:00.000')");
        try {
            PipelineDraft d = TestDrafts.orders();
            PipelineDraft toRedshift = new PipelineDraft(d.name(), d.description(), d.connection(), d.table(), d.columns(), d.cursor(),
                    d.primaryKey(), d.json(), d.partitionColumn(), d.partitionGranularity(), d.schedule(), d.scheduleZone(), d.targetTable(),
                    d.compression(), d.fileSizeMb(), d.quarantineMaxFraction(), d.dedupeKey(), true);

            PreviewResult preview = service.preview(toRedshift, 10);

            assertThat(preview.rows()).extracting(r -> r.get(0)).doesNotContain("7");
            assertThat(preview.quarantined()).anySatisfy(q -> {
                assertThat(q.reason()).startsWith("column customer_tier: 65,538 bytes in UTF-8, over Redshift's VARCHAR(65535)");
                assertThat(q.source()).containsEntry("id", "7");
            });
            assertThat(service.preview(d, 10).rows()).as("without Redshift the value is kept").extracting(r -> r.get(0)).contains("7");
        } finally {
            shards.execute("shard01", "DELETE FROM orders WHERE id = 7");
        }
    }

    @Test
    void aPreviewNeedsNoNameOrScheduleYetButAValidTransform() {
        PipelineDraft d = TestDrafts.orders("", "");
        assertThat(service.preview(d, PipelinePreview.DEFAULT_ROWS).rows()).hasSize(5);

        PipelineDraft badType = new PipelineDraft("", null, "shop", "orders", List.of(new PipelineDraft.Column("id", "id", "bigint", true),
                new PipelineDraft.Column("updated_at", "updated_at", "date", true)), null, null, List.of(), null, null, null, null, null,
                null, null, null, null, null);
        assertThatThrownBy(() -> service.preview(badType, 5)).isInstanceOfSatisfying(InvalidRegistrationException.class,
                e -> assertThat(e.errors()).extracting(FormError::field).contains("columns[1].type"));
    }
}
