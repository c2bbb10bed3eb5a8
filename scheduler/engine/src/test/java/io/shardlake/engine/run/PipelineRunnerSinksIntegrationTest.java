package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.athena.AthenaCatalog;
import io.shardlake.connectors.athena.AthenaColumn;
import io.shardlake.connectors.athena.AthenaQueries;
import io.shardlake.connectors.athena.AthenaSettings;
import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.athena.ExistingTable;
import io.shardlake.connectors.athena.Sleeper;
import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.objectstore.S3ObjectStore;
import io.shardlake.connectors.objectstore.S3Settings;
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
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.definition.TargetSpec;
import io.shardlake.engine.lake.PartitionGenerations;
import io.shardlake.engine.metadata.JdbcPartitionGenerations;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.metadata.JdbcSinkDeliveries;
import io.shardlake.engine.sink.AthenaSink;
import io.shardlake.engine.sink.RedshiftSink;
import io.shardlake.engine.sink.RunSinks;
import io.shardlake.engine.sink.TableSink;
import io.shardlake.engine.sink.UnconfiguredSink;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Runs and their sinks end to end: the Athena catalog (the real SDK against a local endpoint
 * answering the Athena API) over a lake on S3Proxy, and the Redshift sink on the local PostgreSQL.
 * A sink that cannot take a run's output stops it before any file is written; one that fails
 * after the files are committed fails the run with its own message and gets the run again next time.
 */
class PipelineRunnerSinksIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(2);

    @RegisterExtension
    static S3ProxyServer s3 = new S3ProxyServer();

    @TempDir
    java.nio.file.Path tmp;

    private FakeAthena athena;
    private AthenaQueries queries;
    private DataSource metadata;
    private RunRepository runs;
    private String prefix;

    @BeforeEach
    void ordersOnTheShardsAndAFreshMetadataDatabase() throws Exception {
        shards.executeOnAll("DROP TABLE IF EXISTS orders");
        shards.executeOnAll(OrdersPipeline.DDL);
        shards.execute("shard01", "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES"
                + " (1, 'new', 9.99, 'a', NULL, UTC_TIMESTAMP(3) - INTERVAL 2 DAY),"
                + " (2, 'paid', 19.99, NULL, NULL, UTC_TIMESTAMP(3) - INTERVAL 60 SECOND)");
        shards.execute("shard02", "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES"
                + " (1, 'new', 5.00, 'b', NULL, UTC_TIMESTAMP(3) - INTERVAL 60 SECOND)");
        metadata = MetadataDatabases.h2("sinks" + UUID.randomUUID().toString().substring(0, 8));
        runs = new JdbcRunRepository(metadata);
        prefix = "lake-" + UUID.randomUUID().toString().substring(0, 8);
        athena = new FakeAthena();
        AthenaSettings settings = new AthenaSettings("us-east-1", "etl", null, "lake", "s3://results/athena", athena.endpoint(),
                Duration.ofMillis(1), Duration.ofSeconds(30), PartitionRegistration.CATALOG);
        queries = AthenaQueries.create(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKE", "fake")),
                Clock.systemUTC(), Sleeper.THREAD);
    }

    @AfterEach
    void stop() {
        queries.close();
        athena.close();
    }

    private S3ObjectStore lake() {
        return S3ObjectStore.create(new S3Settings(s3.bucket(), prefix, "us-east-1", s3.endpoint(), true, 0), s3.credentialsProvider());
    }

    private RunNow runner(ObjectStore store, TableSink... sinks) {
        PartitionGenerations generations = new JdbcPartitionGenerations(metadata);
        RunSinks runSinks = new RunSinks(List.of(sinks), new JdbcSinkDeliveries(metadata), runs, generations, store.movesFolders(),
                Clock.systemUTC());
        EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 1000, 100, 1, tmp.resolve("work"), 2);
        return new RunNow(new PipelineRunner(sources(), runs, store, null, runSinks, settings, Clock.systemUTC()),
                new JdbcRunQueue(metadata), runs, Clock.systemUTC());
    }

    private static SourceConnections sources() {
        List<Shard> list = shards.shardIds().stream().map(id -> new Shard(id, shards.jdbcUrl(id))).toList();
        return new SourceConnections(List.of(new SourceConnection("shop", list, ZoneOffset.UTC, shards.user(), shards.password(), 2, null)));
    }

    private AthenaSink athenaSink(S3ObjectStore store) {
        return new AthenaSink(new AthenaCatalog(queries), store.settings(), store,
                new JdbcPartitionGenerations(metadata), Clock.systemUTC());
    }

    private static String today(int daysBack) {
        return "dt=" + java.time.LocalDate.now(ZoneOffset.UTC).minusDays(daysBack);
    }

    @Test
    void aRunCreatesTheAthenaTableAndItsViewAndRegistersTheNewPartitionsOnce() throws Exception {
        S3ObjectStore store = lake();
        try (RunNow runner = runner(store, athenaSink(store))) {
            RunRecord first = runner.run(OrdersPipeline.definition("shop", 0.01), "MANUAL").orElseThrow();
            assertThat(first.state()).as(first.error()).isEqualTo(RunState.SUCCEEDED);
            List<String> statements = athena.statements();
            assertThat(statements.get(0)).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS lake.orders (")
                    .contains("order_id bigint", "amount decimal(12,2)", "updated_at timestamp", "`_shard` string")
                    .contains("LOCATION 's3://" + s3.bucket() + "/" + prefix + "/orders/'");
            assertThat(statements.get(1)).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders_latest\"")
                    .contains("PARTITION BY \"_shard\", \"order_id\"");
            assertThat(statements.get(2)).startsWith("ALTER TABLE lake.orders ADD IF NOT EXISTS")
                    .contains("PARTITION (dt = '" + today(2).substring(3) + "') LOCATION 's3://" + s3.bucket() + "/" + prefix
                            + "/orders/" + today(2) + "/'")
                    .contains("PARTITION (dt = '" + today(0).substring(3) + "')");
            assertThat(statements).hasSize(3);

            shards.execute("shard01", "UPDATE orders SET status = 'shipped', updated_at = UTC_TIMESTAMP(3) - INTERVAL 30 SECOND WHERE id = 2");
            RunRecord second = runner.run(OrdersPipeline.definition("shop", 0.01), "MANUAL").orElseThrow();
            assertThat(second.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(athena.statements()).as("a run into a known partition of an unchanged table costs no Athena query").hasSize(3);
        }
    }

    @Test
    void whenAthenaFailsTheRunFailsWithItsMessageAndTheNextRunRegistersThePartitions() throws Exception {
        S3ObjectStore store = lake();
        athena.failQueriesContaining("ADD IF NOT EXISTS", "Insufficient Lake Formation permission(s) on orders");
        try (RunNow runner = runner(store, athenaSink(store))) {
            RunRecord failed = runner.run(OrdersPipeline.definition("shop", 0.01), "MANUAL").orElseThrow();

            assertThat(failed.state()).isEqualTo(RunState.FAILED);
            assertThat(failed.error()).contains("athena: ", "Insufficient Lake Formation permission(s) on orders", "are in the lake");
            assertThat(DuckDbLake.count(s3.bucketDirectory().resolve(prefix), "orders")).as("the files are committed").isEqualTo(3);

            athena.stopFailing();
            RunRecord next = runner.run(OrdersPipeline.definition("shop", 0.01), "MANUAL").orElseThrow();
            assertThat(next.state()).as(next.error()).isIn(RunState.SUCCEEDED, RunState.SKIPPED);
            assertThat(athena.statements()).last().asString().startsWith("ALTER TABLE lake.orders ADD IF NOT EXISTS")
                    .contains(today(2).substring(3), today(0).substring(3));
        }
    }

    @Test
    void aNewColumnIsAddedToTheAthenaTableAndTheViewReplaced() throws Exception {
        S3ObjectStore store = lake();
        PipelineDefinition v1 = OrdersPipeline.definition("shop", 0.01);
        try (RunNow runner = runner(store, athenaSink(store))) {
            assertThat(runner.run(v1, "MANUAL").orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
            // Athena now holds the table as created: report it so.
            io.shardlake.transforms.schema.RowSchema schema = PipelinePlan.of(v1).transform().outputSchema();
            io.shardlake.connectors.athena.AthenaTable created = new io.shardlake.connectors.athena.AthenaTable("orders",
                    "s3://" + s3.bucket() + "/" + prefix + "/orders/", schema, List.of("_shard", "order_id"), "updated_at",
                    io.shardlake.transforms.PartitionGranularity.DAY, Instant.now());
            athena.existingTable(new ExistingTable("orders", io.shardlake.connectors.athena.AthenaTypes.columns(schema),
                    List.of(new AthenaColumn("dt", "string")),
                    io.shardlake.connectors.athena.AthenaDdl.tableProperties(created, PartitionRegistration.CATALOG)));
            int before = athena.statements().size();

            // v2 derives one more column: the transform puts it before the audit columns.
            shards.execute("shard02", "UPDATE orders SET status = 'Paid', updated_at = UTC_TIMESTAMP(3) - INTERVAL 30 SECOND WHERE id = 1");
            RunRecord second = runner.run(withDerived(v1, "status_upper", "upper(status)"), "MANUAL").orElseThrow();

            assertThat(second.state()).as(second.error()).isEqualTo(RunState.SUCCEEDED);
            List<String> added = athena.statements().subList(before, athena.statements().size());
            assertThat(added.get(0)).isEqualTo("ALTER TABLE lake.orders ADD COLUMNS (status_upper string)");
            assertThat(added.get(1)).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders_latest\"").contains("\"status_upper\"");
            assertThat(DuckDbLake.query("SELECT max(status_upper) AS s FROM read_parquet('"
                    + s3.bucketDirectory().resolve(prefix).resolve("orders") + "/*/*.parquet', union_by_name = true)"))
                    .extracting(r -> r.get("s")).containsExactly("PAID");
        }
    }

    @Test
    void anIncompatibleSchemaStopsTheRunBeforeAnyFileIsWritten() throws Exception {
        S3ObjectStore store = lake();
        athena.existingTable(new ExistingTable("orders", List.of(new AthenaColumn("order_id", "bigint"), new AthenaColumn("status", "int")),
                List.of(new AthenaColumn("dt", "string")), Map.of()));
        try (RunNow runner = runner(store, athenaSink(store))) {
            RunRecord refused = runner.run(OrdersPipeline.definition("shop", 0.01), "MANUAL").orElseThrow();

            assertThat(refused.state()).isEqualTo(RunState.FAILED);
            assertThat(refused.error()).contains("athena: ", "status", "int", "string");
            assertThat(store.list("orders/")).as("nothing written").isEmpty();
            assertThat(runs.shardRuns(refused.id())).as("no shard task started, so no watermark moved").isEmpty();
            assertThat(athena.statements()).as("nothing changed in Athena").isEmpty();
        }
    }

    /** A fresh PostgreSQL schema standing in for the Redshift target schema, dropped afterwards. */
    private interface InSchema {
        void run(String schema, RedshiftSink sink, ObjectStore store) throws Exception;
    }

    private void withRedshiftSchema(InSchema test) throws Exception {
        String schema = "redshift_eng_" + UUID.randomUUID().toString().substring(0, 8);
        PostgresServer pg = PostgresServer.shared();
        try (Connection c = pg.connect("postgres")) {
            Jdbc.execute(c, "CREATE SCHEMA " + schema);
        }
        try {
            ObjectStore store = new LocalObjectStore(tmp.resolve("warehouse"));
            RedshiftSettings settings = new RedshiftSettings(pg.jdbcUrl("postgres"), pg.endpoint().user(), pg.endpoint().password(), null,
                    schema, RedshiftLoadMode.BATCHED_INSERT, 2, null);
            test.run(schema, new RedshiftSink(new RedshiftLoader(pg.dataSource("postgres"), settings, new PostgreSqlDialect(), store), store), store);
        } finally {
            try (Connection c = pg.connect("postgres")) {
                Jdbc.execute(c, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static List<String> redshiftRows(String sql) throws Exception {
        try (Connection c = PostgresServer.shared().connect("postgres")) {
            return Jdbc.queryStrings(c, sql);
        }
    }

    @Test
    void aPipelineOptedIntoRedshiftIsMergedThereByKeyAndARerunDuplicatesNothing() throws Exception {
        withRedshiftSchema((schema, redshift, store) -> {
            PipelineDefinition toRedshift = withRedshift(OrdersPipeline.definition("shop", 0.01));
            try (RunNow runner = runner(store, redshift)) {
                assertThat(runner.run(toRedshift, "MANUAL").orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
                shards.execute("shard01", "UPDATE orders SET status = 'shipped', updated_at = UTC_TIMESTAMP(3) - INTERVAL 30 SECOND WHERE id = 2");
                RunRecord second = runner.run(toRedshift, "MANUAL").orElseThrow();
                assertThat(second.state()).as(second.error()).isEqualTo(RunState.SUCCEEDED);
            }
            assertThat(redshiftRows("SELECT _shard || '/' || order_id || '/' || status FROM " + schema + ".orders ORDER BY 1"))
                    .containsExactly("shard01/1/new", "shard01/2/shipped", "shard02/1/new");
        });
    }

    /**
     * Redshift's VARCHAR(65535) counts bytes: one longer value would fail every COPY of the run, and
     * every later run would load the same files again. Such a row is quarantined instead, with its
     * reason, counted, and kept out of the lake too (the sink loads the lake's files). The euro signs
     * are 21,846 characters, which PostgreSQL standing in for Redshift would take, but 65,538 bytes.
     */
    @Test
    void aValueOverRedshiftsByteLimitIsQuarantinedWithItsReasonAndNoRunGetsStuck() throws Exception {
        shards.execute("shard01", "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES (3, 'new', 1.00, NULL,"
                + " CONCAT('{\"customer\": {\"tier\": \"', REPEAT('x', 70000), '\"}}'), UTC_TIMESTAMP(3) - INTERVAL 60 SECOND)");
        shards.execute("shard02", "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES (2, 'new', 1.00, NULL,"
                + " CONCAT('{\"customer\": {\"tier\": \"', REPEAT('\u20ac', 21846), '\"}}'), UTC_TIMESTAMP(3) - INTERVAL 60 SECOND)");
        withRedshiftSchema((schema, redshift, store) -> {
            PipelineDefinition toRedshift = withRedshift(OrdersPipeline.definition("shop", 0.5));
            try (RunNow runner = runner(store, redshift)) {
                RunRecord run = runner.run(toRedshift, "MANUAL").orElseThrow();

                assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
                assertThat(run.totals().rowsQuarantined()).isEqualTo(2);
                assertThat(redshiftRows("SELECT _shard || '/' || order_id FROM " + schema + ".orders ORDER BY 1"))
                        .containsExactly("shard01/1", "shard01/2", "shard02/1");
                assertThat(DuckDbLake.readTable(tmp.resolve("warehouse"), "orders", "_shard, order_id"))
                        .extracting(r -> r.get("_shard") + "/" + r.get("order_id")).containsExactly("shard01/1", "shard01/2", "shard02/1");
                String quarantined = quarantineLines(store);
                assertThat(quarantined).contains("\"primary_key\":[\"3\"]", "column customer_tier: 70,000 bytes in UTF-8",
                        "\"primary_key\":[\"2\"]", "column customer_tier: 65,538 bytes in UTF-8", "VARCHAR(65535) limit of 65,535 bytes");

                shards.execute("shard01", "UPDATE orders SET status = 'shipped', updated_at = UTC_TIMESTAMP(3) - INTERVAL 30 SECOND WHERE id = 1");
                RunRecord next = runner.run(toRedshift, "MANUAL").orElseThrow();
                assertThat(next.state()).as(next.error()).isEqualTo(RunState.SUCCEEDED);
                assertThat(redshiftRows("SELECT status FROM " + schema + ".orders WHERE _shard = 'shard01' AND order_id = 1"))
                        .containsExactly("shipped");
            }
        });
    }

    @Test
    void aPipelineWithoutRedshiftKeepsALongValueWhole() throws Exception {
        shards.execute("shard01", "INSERT INTO orders (id, status, amount, note, payload, updated_at) VALUES (3, 'new', 1.00, NULL,"
                + " CONCAT('{\"customer\": {\"tier\": \"', REPEAT('x', 70000), '\"}}'), UTC_TIMESTAMP(3) - INTERVAL 60 SECOND)");
        ObjectStore store = new LocalObjectStore(tmp.resolve("warehouse"));
        try (RunNow runner = runner(store)) {
            RunRecord run = runner.run(OrdersPipeline.definition("shop", 0.5), "MANUAL").orElseThrow();

            assertThat(run.state()).as(run.error()).isEqualTo(RunState.SUCCEEDED);
            assertThat(run.totals().rowsQuarantined()).isZero();
            assertThat(DuckDbLake.query("SELECT length(customer_tier) AS n FROM read_parquet('" + tmp.resolve("warehouse")
                    + "/orders/*/*.parquet') WHERE order_id = 3 AND _shard = 'shard01'")).extracting(r -> r.get("n")).containsExactly(70_000L);
        }
    }

    private static String quarantineLines(ObjectStore store) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (String key : store.list("_quarantine/orders")) {
            try (java.io.InputStream in = store.open(key)) {
                lines.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return lines.toString();
    }

    @Test
    void anIncompatibleRedshiftTableStopsTheRunBeforeAnyFileIsWritten() throws Exception {
        withRedshiftSchema((schema, redshift, store) -> {
            try (Connection c = PostgresServer.shared().connect("postgres")) {
                Jdbc.execute(c, "CREATE TABLE " + schema + ".orders (order_id BIGINT NOT NULL, status INTEGER)");
            }
            try (RunNow runner = runner(store, redshift)) {
                RunRecord refused = runner.run(withRedshift(OrdersPipeline.definition("shop", 0.01)), "MANUAL").orElseThrow();

                assertThat(refused.state()).isEqualTo(RunState.FAILED);
                assertThat(refused.error()).contains("redshift: ", "status");
                assertThat(runs.shardRuns(refused.id())).isEmpty();
                assertThat(store.list("orders/")).isEmpty();
            }
        });
    }

    @Test
    void aPipelineAskingForAnUnconfiguredRedshiftFailsBeforeWritingAndSaysWhatToConfigure() throws Exception {
        ObjectStore store = new LocalObjectStore(tmp.resolve("warehouse"));
        TableSink none = new UnconfiguredSink("redshift", t -> t.definition().target().redshift(), "shardlake.redshift.jdbc-url");
        try (RunNow runner = runner(store, none)) {
            RunRecord lakeOnly = runner.run(OrdersPipeline.definition("shop", 0.01), "MANUAL").orElseThrow();
            assertThat(lakeOnly.state()).as("a pipeline that does not ask for Redshift runs").isEqualTo(RunState.SUCCEEDED);

            shards.execute("shard02", "UPDATE orders SET status = 'paid', updated_at = UTC_TIMESTAMP(3) - INTERVAL 30 SECOND WHERE id = 1");
            RunRecord refused = runner.run(withRedshift(OrdersPipeline.definition("shop", 0.01)), "MANUAL").orElseThrow();
            assertThat(refused.state()).isEqualTo(RunState.FAILED);
            assertThat(refused.error()).contains("redshift: ", "shardlake.redshift.jdbc-url");
            assertThat(runs.shardRuns(refused.id())).isEmpty();
        }
    }

    private static PipelineDefinition withDerived(PipelineDefinition d, String name, String expression) {
        io.shardlake.transforms.spec.TransformSpec t = d.transform();
        List<io.shardlake.transforms.spec.DerivedColumn> derived = new java.util.ArrayList<>(t.derived());
        derived.add(new io.shardlake.transforms.spec.DerivedColumn(name, expression, io.shardlake.transforms.schema.ColumnType.STRING));
        return new PipelineDefinition(d.name(), d.description(), d.schedule(), d.source(),
                new io.shardlake.transforms.spec.TransformSpec(t.columns(), t.json(), derived, t.dedupeKey()), d.partition(), d.target(),
                d.quarantine(), d.runs(), d.alerts(), d.version() + "-" + name);
    }

    private static PipelineDefinition withRedshift(PipelineDefinition d) {
        TargetSpec t = d.target();
        return new PipelineDefinition(d.name(), d.description(), d.schedule(), d.source(), d.transform(), d.partition(),
                new TargetSpec(t.table(), t.compression(), t.fileSizeBytes(), true), d.quarantine(), d.runs(), d.alerts(),
                d.version() + "-redshift");
    }
}
