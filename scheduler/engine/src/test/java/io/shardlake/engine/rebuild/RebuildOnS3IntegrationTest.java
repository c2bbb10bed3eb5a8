package io.shardlake.engine.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.athena.AthenaCatalog;
import io.shardlake.connectors.athena.AthenaQueries;
import io.shardlake.connectors.athena.AthenaSettings;
import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.athena.AthenaTypes;
import io.shardlake.connectors.athena.ExistingTable;
import io.shardlake.connectors.athena.Sleeper;
import io.shardlake.connectors.objectstore.S3ObjectStore;
import io.shardlake.connectors.redshift.PostgreSqlDialect;
import io.shardlake.connectors.redshift.RedshiftLoadMode;
import io.shardlake.connectors.redshift.RedshiftLoader;
import io.shardlake.connectors.redshift.RedshiftSettings;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.FakeAthena;
import io.shardlake.connectors.testing.Jdbc;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.connectors.testing.PostgresServer;
import io.shardlake.connectors.testing.S3ProxyServer;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.coordinator.BackfillGate;
import io.shardlake.engine.coordinator.CoordinatorSettings;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.coordinator.LiveDefinitions;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.coordinator.RebuildOperations;
import io.shardlake.engine.coordinator.RunCoordinator;
import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.coordinator.RunScheduler;
import io.shardlake.engine.current.CurrentSettings;
import io.shardlake.engine.current.CurrentTableFiles;
import io.shardlake.engine.current.CurrentTableSink;
import io.shardlake.engine.current.CurrentTableUpdater;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.definition.TargetSpec;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.metadata.JdbcAuditLog;
import io.shardlake.engine.metadata.JdbcBackfillStore;
import io.shardlake.engine.metadata.JdbcCurrentTables;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcRebuildStore;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.metadata.JdbcSinkDeliveries;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.sink.AthenaSink;
import io.shardlake.engine.sink.RedshiftSink;
import io.shardlake.engine.sink.RunSinks;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A rebuild of a pipeline whose lake is on S3 (S3Proxy), kept in Athena (the real SDK against the
 * local Athena endpoint) and in Redshift (the local PostgreSQL): the new version is written under
 * its own prefix, Athena's names become views of the version's own table and the Redshift table is
 * swapped, at the switch and back at a rollback; a switch whose last step failed is repaired by the
 * next run before it writes; retention drops the retired version everywhere.
 */
class RebuildOnS3IntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(2);

    @RegisterExtension
    static S3ProxyServer s3 = new S3ProxyServer();

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private final PipelineDefinition v1 = withRedshift(OrdersPipeline.definition("shop", 0.01));
    /** note dropped, amount retyped to string, the JSON fields and the derived column gone */
    private final PipelineDefinition v2 = RebuildIntegrationTest.edited(v1);
    /** The same two, keeping {@code orders_current}. */
    private final PipelineDefinition v1c = RebuildIntegrationTest.withCurrent(v1);
    private final PipelineDefinition v2c = RebuildIntegrationTest.withCurrent(v2);
    private final AtomicReference<PipelineDefinition> current = new AtomicReference<>(v1);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private String prefix;
    private String schema;
    private FakeAthena athena;
    private SettableClock clock;
    private JdbcRunRepository runs;
    private JdbcRebuildStore store;
    private RunScheduler scheduler;
    private PipelineOperations pipelines;
    private RebuildOperations rebuilds;
    private RunCoordinator node;

    @BeforeAll
    static void createTables() throws Exception {
        shards.executeOnAll(OrdersPipeline.DDL);
    }

    @BeforeEach
    void start() throws Exception {
        OrderRows.seed(shards, 3, 4);
        prefix = "rebuild-" + UUID.randomUUID().toString().substring(0, 8);
        schema = "redshift_rebuild_" + UUID.randomUUID().toString().substring(0, 8);
        postgres("CREATE SCHEMA " + schema);
        DataSource metadata = MetadataDatabases.h2("rebuilds3" + UUID.randomUUID().toString().substring(0, 8));
        RunQueue queue = new JdbcRunQueue(metadata);
        runs = new JdbcRunRepository(metadata);
        store = new JdbcRebuildStore(metadata);
        clock = new SettableClock(Instant.now());
        Map<String, PipelineDefinition> stored = Map.of(v1.version(), v1, v2.version(), v2, v1c.version(), v1c, v2c.version(), v2c);
        DefinitionLookup lookup = StoredDefinitions.of(current::get, stored);
        S3ObjectStore lake = S3ObjectStore.create(s3.settings(prefix, 0), s3.credentialsProvider());
        closing.add(lake);
        athena = new FakeAthena();
        closing.add(athena);
        AthenaQueries queries = AthenaQueries.create(new AthenaSettings("us-east-1", "etl", null, "lake", null, athena.endpoint(),
                Duration.ofMillis(1), Duration.ofSeconds(30), PartitionRegistration.CATALOG),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKE", "fake")), Clock.systemUTC(), Sleeper.THREAD);
        closing.add(queries);
        PostgresServer pg = PostgresServer.shared();
        RedshiftSettings redshift = new RedshiftSettings(pg.jdbcUrl("postgres"), pg.endpoint().user(), pg.endpoint().password(), null,
                schema, RedshiftLoadMode.BATCHED_INSERT, 500, null);
        PartitionGenerations generations = new JdbcPartitionGenerations(metadata);
        CurrentTableUpdater updater = new CurrentTableUpdater(lake, new JdbcCurrentTables(metadata), new CurrentSettings(8,
                Duration.ofMinutes(10), Duration.ZERO), java.nio.file.Files.createDirectories(tmp.resolve("current-work")), "node-a",
                Clock.systemUTC());
        RunSinks sinks = new RunSinks(List.of(new CurrentTableSink(updater), new AthenaSink(new AthenaCatalog(queries), lake.settings(), lake, generations, clock),
                new RedshiftSink(new RedshiftLoader(pg.dataSource("postgres"), redshift, new PostgreSqlDialect(), lake), lake)),
                new JdbcSinkDeliveries(metadata), runs, generations, lake.movesFolders(), clock);
        List<Shard> list = shards.shardIds().stream().map(s -> new Shard(s, shards.jdbcUrl(s))).toList();
        SourceConnections sources = new SourceConnections(List.of(
                new SourceConnection("shop", list, ZoneOffset.UTC, shards.user(), shards.password(), 2, null)));
        PipelineRunner runner = new PipelineRunner(sources, runs, lake, new PartitionReplacer(lake, generations, Clock.systemUTC()), sinks,
                new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 1000, 100, 1, tmp.resolve("work"), 2), Clock.systemUTC());
        TableVersionSwitch versionSwitch = new TableVersionSwitch(store, lake, sinks, lookup::version, clock);
        runner.rebuildWith(versionSwitch);
        closing.add(runner);
        LiveDefinitions live = new LiveDefinitions(lookup, new io.shardlake.engine.metadata.JdbcWrittenVersions(metadata));
        scheduler = new RunScheduler(queue, clock, (d, at) -> { }, live::forRuns);
        JdbcAuditLog audit = new JdbcAuditLog(metadata, clock);
        pipelines = new PipelineOperations(() -> new PipelineCatalog(List.of(current.get()), List.of()), queue, runs, scheduler, () -> { },
                audit, clock);
        rebuilds = new RebuildOperations(pipelines, lookup, live, sources, store, new JdbcBackfillStore(metadata), queue, runs, scheduler,
                lake, versionSwitch, runner::estimateAllRows, new RebuildSettings(100_000, 2, Duration.ofDays(7)), () -> { }, audit, clock);
        node = new RunCoordinator(queue, runner, lookup, new BackfillGate(new JdbcBackfillStore(metadata), store, runs, clock),
                RunListener.NONE, new CoordinatorSettings("node-a", Duration.ofSeconds(30), 4, 100), clock);
        closing.add(node);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        postgres("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    void athenaAndRedshiftShowTheRebuiltVersionAfterTheSwitchAndTheOldOneAfterARollback() throws Exception {
        runOnce(); // version 1: 24 rows under orders/, the Athena table lake.orders, the Redshift table orders
        athena.existingTable(new ExistingTable("orders", AthenaTypes.columns(PipelinePlan.of(v1).transform().outputSchema()),
                List.of(), Map.of()));
        assertThat(redshiftColumns("orders")).contains("note");
        current.set(v2);

        int before = athena.statements().size();
        String id = rebuilds.start("orders", new RebuildInput(null, 2, null, null, false), "oncall").rebuild().id();
        awaitLive(id);

        // the new version sits under its own prefix, in its own schema
        assertThat(DuckDbLake.describe(lakeDirectory(), "orders__v2")).doesNotContainKey("note").containsEntry("amount", "VARCHAR");
        assertThat(DuckDbLake.count(lakeDirectory(), "orders__v2")).isEqualTo(24);
        List<String> switching = athena.statements().subList(before, athena.statements().size());
        assertThat(switching.get(0)).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS lake.orders__v2 (")
                .contains("LOCATION 's3://" + s3.bucket() + "/" + prefix + "/orders__v2/'").doesNotContain("note");
        assertThat(switching).anySatisfy(s -> assertThat(s).startsWith("ALTER TABLE lake.orders__v2 ADD IF NOT EXISTS")
                .contains("PARTITION (dt = '" + TODAY.minusDays(3) + "') LOCATION 's3://" + s3.bucket() + "/" + prefix
                        + "/orders__v2/dt=" + TODAY.minusDays(3) + "/'"));
        // the names readers query move last: _latest first, then the table's name (version 1's table entry dropped just before)
        assertThat(switching.subList(switching.size() - 3, switching.size())).satisfiesExactly(
                s -> assertThat(s).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders_latest\" AS")
                        .endsWith("FROM \"lake\".\"orders__v2_latest\""),
                s -> assertThat(s).isEqualTo("DROP TABLE IF EXISTS lake.orders"),
                s -> assertThat(s).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders\" AS").endsWith("FROM \"lake\".\"orders__v2\""));
        // Redshift: the version loaded whole into a table of its own, then swapped in; version 1 kept beside it
        assertThat(redshiftColumns("orders")).doesNotContain("note").contains("amount");
        assertThat(redshiftColumns("orders__v1")).contains("note");
        assertThat(redshiftStatuses("orders")).isEqualTo(sourceStatuses());
        athena.existingTable(new ExistingTable("orders", List.of(), List.of(), Map.of(), ExistingTable.VIEW));

        // the next run writes the live version's prefix, and reaches Redshift's swapped table
        shards.execute("shard01", "UPDATE orders SET status = 'paid', updated_at = '" + RebuildIntegrationTest.at(0, 1) + "' WHERE id = 11");
        List<Map<String, Object>> oldVersion = DuckDbLake.readTable(lakeDirectory(), "orders", "_shard, order_id, updated_at");
        runOnce();
        assertThat(DuckDbLake.count(lakeDirectory(), "orders__v2")).isEqualTo(25);
        assertThat(DuckDbLake.readTable(lakeDirectory(), "orders", "_shard, order_id, updated_at")).isEqualTo(oldVersion);
        assertThat(redshiftStatuses("orders")).isEqualTo(sourceStatuses());

        // a rollback whose first step fails (version 1's own table in Athena) changes nothing
        pipelines.pause("orders", "oncall");
        athena.failQueriesContaining("\"orders__v1_latest\"", "AccessDeniedException: glue:CreateTable");
        before = athena.statements().size();
        assertThatThrownBy(() -> rebuilds.rollback("orders", "oncall")).hasMessageContaining("glue:CreateTable")
                .hasMessageContaining("version 2 is still live");
        assertThat(athena.statements().subList(before, athena.statements().size())).first().asString()
                .startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS lake.orders__v1 (").contains("/" + prefix + "/orders/'");
        assertThat(store.versions("orders")).filteredOn(v -> v.state() == TableVersion.State.LIVE).extracting(TableVersion::version)
                .containsExactly(2);
        // one whose last step fails (Athena refuses the readers' views): the metadata says version 1, readers still see 2
        athena.stopFailing();
        athena.failQueriesContaining("\"lake\".\"orders_latest\"", "AccessDeniedException: glue:UpdateTable");
        assertThatThrownBy(() -> rebuilds.rollback("orders", "oncall")).hasMessageContaining("glue:UpdateTable")
                .hasMessageContaining("the pipeline's next run (resume it) points");
        assertThat(store.versions("orders")).filteredOn(v -> v.state() == TableVersion.State.LIVE).extracting(TableVersion::version)
                .containsExactly(1);
        assertThat(redshiftColumns("orders")).doesNotContain("note");
        athena.stopFailing();
        pipelines.resume("orders", "oncall");

        // so the next run points every name at version 1 before it writes, and writes version 1's prefix
        before = athena.statements().size();
        runOnce();
        List<String> repaired = athena.statements().subList(before, athena.statements().size());
        assertThat(repaired).anySatisfy(s -> assertThat(s).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders_latest\" AS")
                .endsWith("FROM \"lake\".\"orders__v1_latest\""));
        assertThat(repaired).anySatisfy(s -> assertThat(s).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders\" AS")
                .endsWith("FROM \"lake\".\"orders__v1\""));
        assertThat(repaired).as("orders is a view now: never dropped as a table").doesNotContain("DROP TABLE IF EXISTS lake.orders");
        assertThat(redshiftColumns("orders")).contains("note");
        assertThat(redshiftColumns("orders__v2")).doesNotContain("note");
        assertThat(redshiftStatuses("orders")).isEqualTo(sourceStatuses());
        assertThat(DuckDbLake.count(lakeDirectory(), "orders")).as("version 1 caught up: id 11's new version").isEqualTo(25);

        // kept for the retention, then dropped everywhere
        clock.advance(Duration.ofDays(8));
        before = athena.statements().size();
        assertThat(rebuilds.deleteExpiredVersions()).isEqualTo(1);
        assertThat(athena.statements().subList(before, athena.statements().size()))
                .containsExactly("DROP VIEW IF EXISTS \"lake\".\"orders__v2_latest\"", "DROP TABLE IF EXISTS lake.orders__v2");
        assertThat(redshiftColumns("orders__v2")).isEmpty();
        assertThat(redshiftColumns("orders")).contains("note");
        try (S3ObjectStore lake = S3ObjectStore.create(s3.settings(prefix, 0), s3.credentialsProvider())) {
            assertThat(lake.list("orders__v2/")).isEmpty();
            assertThat(lake.list("orders/")).isNotEmpty();
        }
    }

    @Test
    void aCurrentTableOnS3SwitchesWithItsVersionInOnePutAndAthenaTakesTheVersionsColumns() throws Exception {
        current.set(v1c);
        runOnce();
        CurrentTableFiles readers = new CurrentTableFiles(lakeDirectory(), "orders_current");
        Map<String, String> oldState = currentStatuses(readers);
        assertThat(oldState).isEqualTo(sourceStatuses());
        athena.existingTable(new ExistingTable("orders_current_all", AthenaTypes.columns(PipelinePlan.of(v1c).transform().outputSchema()),
                List.of(), Map.of()));
        athena.existingTable(new ExistingTable("orders", AthenaTypes.columns(PipelinePlan.of(v1c).transform().outputSchema()),
                List.of(), Map.of()));
        current.set(v2c);

        int before = athena.statements().size();
        String id = rebuilds.start("orders", new RebuildInput(null, 2, null, null, false), "oncall").rebuild().id();
        awaitLive(id);

        assertThat(readers.files()).isNotEmpty().allSatisfy(f -> assertThat(f).exists()
                .startsWith(lakeDirectory().resolve("orders__v2_current/data")));
        assertThat(currentStatuses(readers)).isEqualTo(sourceStatuses());
        List<String> switching = athena.statements().subList(before, athena.statements().size());
        // the version's own table over its own manifest, made before the switch; readers' names then become views of it
        int prepared = indexOf(switching, "CREATE EXTERNAL TABLE IF NOT EXISTS lake.orders__v2_current_all (");
        assertThat(switching.get(prepared)).doesNotContain("note").contains("/" + prefix + "/orders__v2_current/manifest/");
        int shown = indexOf(switching, "CREATE OR REPLACE VIEW \"lake\".\"orders_current\" AS");
        assertThat(shown).isGreaterThan(prepared);
        assertThat(switching.get(shown)).doesNotContain("\"note\"").endsWith("FROM \"lake\".\"orders__v2_current_all\"");
        assertThat(switching.subList(shown + 1, shown + 3)).satisfiesExactly(
                s -> assertThat(s).isEqualTo("DROP TABLE IF EXISTS lake.orders_current_all"),
                s -> assertThat(s).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders_current_all\" AS")
                        .endsWith("FROM \"lake\".\"orders__v2_current_all\""));
        assertThat(switching).as("readers' manifest is never re-created under another table's columns")
                .noneMatch(ddl -> ddl.startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS lake.orders_current_all"));
        String v2Manifest = "s3://" + s3.bucket() + "/" + prefix + "/orders__v2_current/manifest/";
        assertThat(CatalogReplay.readersNeverBroken(athena.statements(), "orders_current", "orders_current_all"))
                .as("both names read version 2's own manifest").containsOnly(Map.entry("orders_current", v2Manifest),
                        Map.entry("orders_current_all", v2Manifest));
        athena.existingTable(new ExistingTable("orders_current_all", List.of(), List.of(), Map.of(), ExistingTable.VIEW));
        athena.existingTable(new ExistingTable("orders", List.of(), List.of(), Map.of(), ExistingTable.VIEW));

        pipelines.pause("orders", "oncall");
        before = athena.statements().size();
        // Athena refuses the last of readers' names after the metadata switch: readers' manifest moves only after Athena's
        // names, so it still lists version 2's files (which orders_current_all, still a view of version 2, reads)
        athena.failQueriesContaining("VIEW \"lake\".\"orders_current_all\"", "AccessDeniedException: glue:UpdateTable");
        assertThatThrownBy(() -> rebuilds.rollback("orders", "oncall")).hasMessageContaining("glue:UpdateTable");
        assertThat(readers.files()).isNotEmpty().allSatisfy(f -> assertThat(f).startsWith(lakeDirectory().resolve("orders__v2_current/data")));
        athena.stopFailing();
        pipelines.resume("orders", "oncall");
        runOnce(); // points every name at version 1 before it writes
        assertThat(readers.files()).allSatisfy(f -> assertThat(f).startsWith(lakeDirectory().resolve("orders_current/data")));
        assertThat(currentStatuses(readers)).isEqualTo(oldState);
        List<String> rollback = athena.statements().subList(before, athena.statements().size());
        assertThat(rollback).anySatisfy(ddl -> assertThat(ddl).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS lake.orders__v1_current_all (")
                .contains("note").contains("/" + prefix + "/orders_current/version-manifest/"));
        assertThat(rollback).anySatisfy(ddl -> assertThat(ddl).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders_current_all\" AS")
                .contains("\"note\"").endsWith("FROM \"lake\".\"orders__v1_current_all\""));
        assertThat(rollback).as("a view now: never dropped as a table").doesNotContain("DROP TABLE IF EXISTS lake.orders_current_all");
        // version 1's table reads its own manifest beside readers' (which lists the live version's files)
        String v1Manifest = "s3://" + s3.bucket() + "/" + prefix + "/orders_current/version-manifest/";
        assertThat(CatalogReplay.readersNeverBroken(athena.statements(), "orders_current", "orders_current_all"))
                .containsOnly(Map.entry("orders_current", v1Manifest), Map.entry("orders_current_all", v1Manifest));
        assertThat(java.nio.file.Files.readAllLines(lakeDirectory().resolve("orders_current/version-manifest/files.txt")))
                .isNotEmpty().allSatisfy(uri -> assertThat(uri).contains("/" + prefix + "/orders_current/data/"))
                .containsExactlyInAnyOrderElementsOf(java.nio.file.Files.readAllLines(lakeDirectory().resolve("orders_current/manifest/files.txt")));
    }

    /**
     * Replays the recorded Athena statements on a model of the catalog (tables with their columns
     * and location, views with their columns and what they read) and checks, after every statement
     * from the moment readers' names first exist, that each resolves to an existing table whose
     * columns are the ones every view on the way lists: readers never meet a missing table or
     * mismatched columns. The one gap allowed is the documented instant between dropping a table
     * entry and the view taking its name (the first switch), i.e. a DROP directly followed by that view.
     *
     * @return the location of the table each of readers' names reads at the end
     */
    static final class CatalogReplay {

        private record Entry(List<String> columns, String over, String location) {
        }

        static Map<String, String> readersNeverBroken(List<String> statements, String... readersNames) {
            Map<String, Entry> catalog = new java.util.HashMap<>();
            boolean shown = false;
            for (int i = 0; i < statements.size(); i++) {
                String statement = statements.get(i);
                apply(catalog, statement);
                shown = shown || java.util.Arrays.stream(readersNames).allMatch(catalog::containsKey);
                if (!shown) {
                    continue;
                }
                for (String name : readersNames) {
                    if (!catalog.containsKey(name)) {
                        assertThat(statement).as("the only statement leaving %s absent", name).isEqualTo("DROP TABLE IF EXISTS lake." + name);
                        assertThat(i + 1 < statements.size() ? statements.get(i + 1) : "").as("what follows dropping %s", name)
                                .startsWith("CREATE OR REPLACE VIEW \"lake\".\"" + name + "\" AS");
                        continue;
                    }
                    resolve(catalog, name, statement);
                }
            }
            assertThat(shown).as("readers' names were created").isTrue();
            Map<String, String> locations = new TreeMap<>();
            for (String name : readersNames) {
                locations.put(name, resolve(catalog, name, "the end").location());
            }
            return locations;
        }

        /** The table {@code name} reads, after checking each view's columns on the way are its. */
        private static Entry resolve(Map<String, Entry> catalog, String name, String after) {
            Entry entry = catalog.get(name);
            assertThat(entry).as("catalog entry %s after: %s", name, after).isNotNull();
            if (entry.over() == null) {
                return entry;
            }
            Entry table = resolve(catalog, entry.over(), after);
            assertThat(table.columns()).as("columns of %s read by view %s after: %s", entry.over(), name, after).isEqualTo(entry.columns());
            return table;
        }

        private static void apply(Map<String, Entry> catalog, String statement) {
            java.util.regex.Matcher m;
            if ((m = java.util.regex.Pattern.compile("^CREATE EXTERNAL TABLE IF NOT EXISTS lake\\.`?(\\w+)`? \\(\n(.*?)\n\\).*\nLOCATION '([^']*)'",
                    java.util.regex.Pattern.DOTALL).matcher(statement)).find()) {
                List<String> columns = java.util.Arrays.stream(m.group(2).split(",\n"))
                        .map(c -> c.strip().split(" ")[0].replace("`", "")).toList();
                catalog.putIfAbsent(m.group(1), new Entry(columns, null, m.group(3)));
            } else if ((m = java.util.regex.Pattern.compile("^DROP (?:TABLE|VIEW) IF EXISTS (?:lake\\.`?(\\w+)`?|\"lake\"\\.\"(\\w+)\")$")
                    .matcher(statement)).find()) {
                catalog.remove(m.group(1) != null ? m.group(1) : m.group(2));
            } else if ((m = java.util.regex.Pattern.compile("^CREATE OR REPLACE VIEW \"lake\"\\.\"(\\w+)\" AS\nSELECT (.*?)\nFROM (?:\\(\n.*FROM )?\"lake\"\\.\"(\\w+)\"",
                    java.util.regex.Pattern.DOTALL).matcher(statement)).find()) {
                List<String> columns = java.util.Arrays.stream(m.group(2).split(", ")).map(c -> c.replace("\"", "")).toList();
                catalog.put(m.group(1), new Entry(columns, m.group(3), null));
            }
        }
    }

    private static int indexOf(List<String> statements, String start) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> currentStatuses(CurrentTableFiles table) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        for (Map<String, Object> r : table.liveRows("_shard, order_id, status")) {
            assertThat(rows.put(r.get("_shard") + "/" + r.get("order_id"), (String) r.get("status"))).as("one row per key").isNull();
        }
        return rows;
    }

    private Path lakeDirectory() {
        return s3.bucketDirectory().resolve(prefix);
    }

    private void runOnce() throws InterruptedException {
        clock.advance(Duration.ofSeconds(1));
        RunRecord run = scheduler.enqueueManual(current.get()).run();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RunRecord ended = runs.run(run.id()).orElseThrow();
        while (!ended.state().isTerminal() && System.nanoTime() < until) {
            node.dispatchDue();
            Thread.sleep(50);
            ended = runs.run(run.id()).orElseThrow();
        }
        assertThat(node.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(ended.state()).as(String.valueOf(ended.error())).isEqualTo(RunState.SUCCEEDED);
    }

    private void awaitLive(String id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (store.byId(id).orElseThrow().state() != RebuildState.LIVE && System.nanoTime() < until) {
            node.dispatchDue();
            Thread.sleep(50);
        }
        assertThat(node.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(rebuilds.progress(id).rebuild().state()).as(String.valueOf(rebuilds.progress(id))).isEqualTo(RebuildState.LIVE);
    }

    /** Each key's status in the source: what the newest version of every key must say. */
    private static Map<String, String> sourceStatuses() throws Exception {
        Map<String, String> source = new TreeMap<>();
        for (String shard : shards.shardIds()) {
            try (Connection c = shards.connection(shard)) {
                for (String row : Jdbc.queryStrings(c, "SELECT CONCAT(id, '=', status) FROM orders")) {
                    source.put(shard + "/" + row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
                }
            }
        }
        return source;
    }

    private Map<String, String> redshiftStatuses(String table) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = PostgresServer.shared().connect("postgres")) {
            for (String row : Jdbc.queryStrings(c, "SELECT _shard || '/' || order_id || '=' || status FROM " + schema + "." + table)) {
                assertThat(rows.put(row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1))).as("one row per key").isNull();
            }
        }
        return rows;
    }

    private List<String> redshiftColumns(String table) throws Exception {
        try (Connection c = PostgresServer.shared().connect("postgres")) {
            return Jdbc.queryStrings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
                    + "' AND table_name = '" + table + "'");
        }
    }

    private static void postgres(String sql) throws Exception {
        try (Connection c = PostgresServer.shared().connect("postgres")) {
            Jdbc.execute(c, sql);
        }
    }

    private static PipelineDefinition withRedshift(PipelineDefinition d) {
        TargetSpec t = d.target();
        return new PipelineDefinition(d.name(), d.description(), d.schedule(), d.source(), d.transform(), d.partition(),
                new TargetSpec(t.table(), t.compression(), t.fileSizeBytes(), true), d.quarantine(), d.runs(), d.alerts(),
                d.version() + "-redshift");
    }

}
