package io.shardlake.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.athena.AthenaCatalog;
import io.shardlake.connectors.athena.AthenaQueries;
import io.shardlake.connectors.athena.AthenaSettings;
import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.athena.Sleeper;
import io.shardlake.connectors.objectstore.S3Settings;
import io.shardlake.connectors.testing.FakeAthena;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.PipelinePlan;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The Athena sink's own rules, against the local Athena endpoint. */
class AthenaSinkTest {

    private FakeAthena athena;
    private AthenaQueries queries;
    private final SinkTable orders = SinkTable.of(PipelinePlan.of(OrdersPipeline.definition("shop", 0.01)));
    private final S3Settings lake = S3Settings.of("acme-lake", "etl", "eu-west-1");
    private final javax.sql.DataSource metadata = io.shardlake.engine.run.MetadataDatabases.h2("athenasink" + System.nanoTime());
    private final io.shardlake.engine.lake.PartitionGenerations generations = new io.shardlake.engine.metadata.JdbcPartitionGenerations(metadata);

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path warehouse;

    private io.shardlake.connectors.objectstore.LocalObjectStore files;

    @BeforeEach
    void start() throws Exception {
        athena = new FakeAthena();
        files = new io.shardlake.connectors.objectstore.LocalObjectStore(warehouse);
    }

    @AfterEach
    void stop() {
        if (queries != null) {
            queries.close();
        }
        athena.close();
    }

    private AthenaSink sink(PartitionRegistration partitions) {
        queries = AthenaQueries.create(new AthenaSettings("eu-west-1", "etl", null, "lake", null, athena.endpoint(), Duration.ofMillis(1),
                Duration.ofSeconds(10), partitions), StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKE", "fake")),
                Clock.systemUTC(), Sleeper.THREAD);
        return new AthenaSink(new AthenaCatalog(queries), lake, files, generations, Clock.systemUTC());
    }

    @Test
    void underProjectionABackfillIsRefusedBeforeItWritesNamingTheSetting() {
        AthenaSink sink = sink(PartitionRegistration.PROJECTION);

        sink.check(orders, false);
        assertThatThrownBy(() -> sink.check(orders, true)).isInstanceOf(SinkRefusedException.class)
                .hasMessageStartingWith("athena: ").hasMessageContaining("shardlake.athena.partitions=catalog");
    }

    @Test
    void aReplacedPartitionOfABackfillIsPointedAtItsGenerationAndNotAddedAsANewFolder() throws Exception {
        AthenaSink sink = sink(PartitionRegistration.CATALOG);
        CommittedRun chunk = new CommittedRun("run-7", "orders", true, List.of(), List.of("dt=2026-11-05"),
                Map.of("dt=2026-11-05", "orders/_generations/dt=2026-11-05/run-7/"));

        sink.deliver(orders, chunk);

        assertThat(athena.statements()).filteredOn(s -> s.startsWith("ALTER TABLE")).containsExactly("""
                ALTER TABLE lake.orders ADD IF NOT EXISTS
                  PARTITION (dt = '2026-11-05') LOCATION 's3://acme-lake/etl/orders/dt=2026-11-05/'""",
                "ALTER TABLE lake.orders PARTITION (dt = '2026-11-05') SET LOCATION "
                        + "'s3://acme-lake/etl/orders/_generations/dt=2026-11-05/run-7/'");
        assertThat(orders.primaryKey()).containsExactly("_shard", "order_id");
    }

    @Test
    void aWidenedColumnReCreatesTheTableAndEveryPartitionTheLakeHoldsIsRegisteredAgainAtItsLiveLocation() throws Exception {
        for (String key : List.of("orders/dt=2026-11-01/a.parquet", "orders/dt=2026-11-02/b.parquet",
                "orders/_generations/dt=2026-11-02/run-9/c.parquet", "orders/_generations/dt=2026-11-03/run-9/d.parquet")) {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("part", ".parquet");
            files.publish(file, key);
        }
        generations.replace("orders", "dt=2026-11-02", io.shardlake.engine.lake.PartitionGenerations.ORIGINAL, "run-9",
                "orders/_generations/dt=2026-11-02/run-9/", null, java.time.Instant.now());
        generations.replace("orders", "dt=2026-11-03", io.shardlake.engine.lake.PartitionGenerations.ORIGINAL, "run-9",
                "orders/_generations/dt=2026-11-03/run-9/", null, java.time.Instant.now());
        // The table as Athena holds it, but with order_id still an int: the new schema widens it to bigint.
        io.shardlake.connectors.athena.AthenaTable current = new io.shardlake.connectors.athena.AthenaTable("orders",
                "s3://acme-lake/etl/orders/", orders.schema(), orders.primaryKey(), orders.cursor(), orders.granularity(), java.time.Instant.now());
        List<io.shardlake.connectors.athena.AthenaColumn> columns = new java.util.ArrayList<>(current.columns());
        columns.set(0, new io.shardlake.connectors.athena.AthenaColumn("order_id", "int"));
        athena.existingTable(new io.shardlake.connectors.athena.ExistingTable("orders", columns,
                List.of(io.shardlake.connectors.athena.AthenaTable.PARTITION_COLUMN),
                io.shardlake.connectors.athena.AthenaDdl.tableProperties(current, PartitionRegistration.CATALOG)));
        AthenaSink sink = sink(PartitionRegistration.CATALOG);

        sink.check(orders, false);
        sink.deliver(orders, new CommittedRun("run-10", "orders", false, List.of(), List.of("dt=2026-11-02"), Map.of()));

        List<String> statements = athena.statements();
        assertThat(statements.get(0)).isEqualTo("DROP TABLE IF EXISTS lake.orders");
        assertThat(statements.get(1)).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS lake.orders").contains("order_id bigint");
        assertThat(statements).filteredOn(s -> s.startsWith("ALTER TABLE")).containsExactly("""
                ALTER TABLE lake.orders ADD IF NOT EXISTS
                  PARTITION (dt = '2026-11-01') LOCATION 's3://acme-lake/etl/orders/dt=2026-11-01/'""", """
                ALTER TABLE lake.orders ADD IF NOT EXISTS
                  PARTITION (dt = '2026-11-02') LOCATION 's3://acme-lake/etl/orders/dt=2026-11-02/'""",
                "ALTER TABLE lake.orders PARTITION (dt = '2026-11-02') SET LOCATION 's3://acme-lake/etl/orders/_generations/dt=2026-11-02/run-9/'",
                """
                ALTER TABLE lake.orders ADD IF NOT EXISTS
                  PARTITION (dt = '2026-11-03') LOCATION 's3://acme-lake/etl/orders/dt=2026-11-03/'""",
                "ALTER TABLE lake.orders PARTITION (dt = '2026-11-03') SET LOCATION 's3://acme-lake/etl/orders/_generations/dt=2026-11-03/run-9/'");
    }

    @Test
    void underProjectionARebuiltVersionGetsItsOwnProjectedTableFromItsFirstFolderAndTheNamesBecomeViewsOfIt() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("part", ".parquet");
        files.publish(file, "orders__v2/dt=2026-10-20/a.parquet");
        files.publish(file, "orders__v2/dt=2026-11-02/b.parquet");
        SinkTable v2 = SinkTable.of(PipelinePlan.of(OrdersPipeline.definition("shop", 0.01))
                .at(new io.shardlake.engine.run.LiveVersion("orders", 2, "orders__v2", true)));
        athena.existingTable(new io.shardlake.connectors.athena.ExistingTable("orders", List.of(), List.of(), Map.of()));
        AthenaSink sink = sink(PartitionRegistration.PROJECTION);

        sink.prepareVersion(v2, true);
        sink.showVersion(v2, 1);

        List<String> statements = athena.statements();
        assertThat(statements.get(0)).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS lake.orders__v2 (")
                .contains("LOCATION 's3://acme-lake/etl/orders__v2/'")
                .contains("'storage.location.template'='s3://acme-lake/etl/orders__v2/dt=${dt}/'")
                .contains("'projection.dt.range'='2026-10-20,NOW'");
        assertThat(statements).noneMatch(s -> s.startsWith("ALTER TABLE")); // projected: no partition is registered
        assertThat(statements.subList(2, statements.size())).satisfiesExactly(
                s -> assertThat(s).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders_latest\" AS")
                        .endsWith("FROM \"lake\".\"orders__v2_latest\""),
                s -> assertThat(s).isEqualTo("DROP TABLE IF EXISTS lake.orders"),
                s -> assertThat(s).startsWith("CREATE OR REPLACE VIEW \"lake\".\"orders\" AS").endsWith("FROM \"lake\".\"orders__v2\""));
    }
}
