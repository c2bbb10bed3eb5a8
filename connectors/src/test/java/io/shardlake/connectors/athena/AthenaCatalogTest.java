package io.shardlake.connectors.athena;

import io.shardlake.connectors.testing.FakeAthena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.athena.AthenaCatalog.Action;
import io.shardlake.connectors.athena.AthenaCatalog.TablePlan;
import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The catalog against a local stand-in for the Athena API, through the real SDK client. */
class AthenaCatalogTest {

    private final SteppingTime time = new SteppingTime();
    private FakeAthena athena;
    private AthenaQueries queries;

    @BeforeEach
    void start() throws IOException {
        athena = new FakeAthena();
        queries = queries(PartitionRegistration.PROJECTION);
    }

    private AthenaQueries queries(PartitionRegistration partitions) {
        AthenaSettings settings = new AthenaSettings("eu-west-1", "etl", null, "shardlake", "s3://results/athena",
                athena.endpoint(), Duration.ofSeconds(1), Duration.ofSeconds(30), partitions);
        return AthenaQueries.create(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKE", "fake")),
                time.clock(), time);
    }

    private void useCatalogPartitions() {
        queries.close();
        queries = queries(PartitionRegistration.CATALOG);
    }

    @AfterEach
    void stop() {
        queries.close();
        athena.close();
    }

    @Test
    void aMissingTableIsCreatedWithProjectionAndItsLatestView() {
        TablePlan plan = new AthenaCatalog(queries).ensureTable(OrdersTable.table());

        assertThat(plan.action()).isEqualTo(Action.CREATE);
        AthenaDdl ddl = new AthenaDdl("shardlake");
        assertThat(athena.statements()).containsExactly(
                ddl.createTable(OrdersTable.table(), PartitionRegistration.PROJECTION),
                ddl.latestView(OrdersTable.table()));
        assertThat(athena.statements().get(0)).contains("'projection.enabled'='true'", "'projection.dt.range'='2026-11-01,NOW'",
                "'storage.location.template'='s3://lake/warehouse/orders/dt=${dt}/'");
    }

    @Test
    void onlyATableOfExactlyThatNameCountsAsExisting() {
        athena.existingTable(new ExistingTable("orders_latest", List.of(new AthenaColumn("order_id", "bigint")), List.of(), Map.of()));

        assertThat(new AthenaCatalog(queries).plan(OrdersTable.table()).action()).isEqualTo(Action.CREATE);
    }

    @Test
    void theTableIsFoundOnALaterPageOfTheListing() {
        athena.existingTable(new ExistingTable("orders", OrdersTable.table().columns(), List.of(AthenaTable.PARTITION_COLUMN), Map.of()));
        athena.existingTable(new ExistingTable("orders_archive", List.of(new AthenaColumn("order_id", "bigint")), List.of(), Map.of()));
        athena.existingTable(new ExistingTable("big_orders", List.of(new AthenaColumn("order_id", "bigint")), List.of(), Map.of()));

        assertThat(queries.findTable("orders")).get().extracting(ExistingTable::name).isEqualTo("orders");
        assertThat(athena.requests("ListTableMetadata")).hasSize(2);
    }

    @Test
    void statementsRunInTheWorkgroupDatabaseAndResultLocationOfTheSettings() {
        new AthenaCatalog(queries).ensureTable(OrdersTable.table());

        Map<String, Object> start = athena.requests("StartQueryExecution").get(0).body();
        assertThat(start).containsEntry("WorkGroup", "etl")
                .containsEntry("QueryExecutionContext", Map.of("Catalog", "AwsDataCatalog", "Database", "shardlake"))
                .containsEntry("ResultConfiguration", Map.of("OutputLocation", "s3://results/athena/"));
        assertThat(athena.requests("ListTableMetadata").get(0).body())
                .containsEntry("CatalogName", "AwsDataCatalog").containsEntry("DatabaseName", "shardlake")
                .containsEntry("Expression", "orders");
    }

    @Test
    void pollingWaitsThePollIntervalUntilTheQueryIsDone() {
        athena.pollsBeforeDone(3);

        queries.execute("SELECT 1");

        assertThat(athena.requests("GetQueryExecution")).hasSize(4);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void anUnchangedTableOnlyGetsItsViewReplaced() {
        athena.existingTable(SchemaEvolutionTest.existing(OrdersTable.table()));

        TablePlan plan = new AthenaCatalog(queries).ensureTable(OrdersTable.table());

        assertThat(plan.action()).isEqualTo(Action.UNCHANGED);
        assertThat(athena.statements()).containsExactly(new AthenaDdl("shardlake").latestView(OrdersTable.table()));
    }

    @Test
    void newColumnsAreAddedAndTheViewReplacedWithThem() {
        athena.existingTable(SchemaEvolutionTest.existing(OrdersTable.table()));
        AthenaTable wider = OrdersTable.table(OrdersTable.dataWith(new Column("channel", ColumnType.STRING)), PartitionGranularity.DAY);

        TablePlan plan = new AthenaCatalog(queries).ensureTable(wider);

        assertThat(plan.action()).isEqualTo(Action.EVOLVE);
        assertThat(athena.statements()).hasSize(2);
        assertThat(athena.statements().get(0)).isEqualTo("ALTER TABLE shardlake.orders ADD COLUMNS (channel string)");
        assertThat(athena.statements().get(1)).startsWith("CREATE OR REPLACE VIEW").contains("\"channel\"");
    }

    @Test
    void anIncompatibleSchemaIsRefusedBeforeAnyStatementRuns() {
        athena.existingTable(SchemaEvolutionTest.existing(OrdersTable.table()));
        List<Column> data = new ArrayList<>(OrdersTable.DATA);
        data.set(0, new Column("order_id", ColumnType.STRING));
        AthenaCatalog catalog = new AthenaCatalog(queries);

        assertThatThrownBy(() -> catalog.ensureTable(OrdersTable.table(data, PartitionGranularity.DAY)))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("column 'order_id' changed type from bigint to string");
        assertThat(athena.statements()).isEmpty();
    }

    @Test
    void aWideningReCreatesTheTableKeepingTheEarlierProjectionStart() {
        Map<String, String> properties = new HashMap<>(AthenaDdl.tableProperties(OrdersTable.table(), PartitionRegistration.PROJECTION));
        properties.put(AthenaDdl.PROJECTION_RANGE, "2025-01-01,NOW");
        athena.existingTable(new ExistingTable("orders", OrdersTable.table().columns(), List.of(AthenaTable.PARTITION_COLUMN), properties));
        List<Column> data = new ArrayList<>(OrdersTable.DATA);
        data.set(3, new Column("item_count", ColumnType.BIGINT));

        TablePlan plan = new AthenaCatalog(queries).ensureTable(OrdersTable.table(data, PartitionGranularity.DAY));

        assertThat(plan.action()).isEqualTo(Action.RECREATE);
        assertThat(athena.statements()).hasSize(3);
        assertThat(athena.statements().get(0)).isEqualTo("DROP TABLE IF EXISTS shardlake.orders");
        assertThat(athena.statements().get(1)).contains("item_count bigint", "'projection.dt.range'='2025-01-01,NOW'");
    }

    @Test
    void withCatalogPartitionsAWideningReCreatesTheTableWithoutProjectionForItsCallerToRegisterPartitionsAgain() {
        useCatalogPartitions();
        athena.existingTable(SchemaEvolutionTest.existing(OrdersTable.table()));
        List<Column> data = new ArrayList<>(OrdersTable.DATA);
        data.set(3, new Column("item_count", ColumnType.BIGINT));

        TablePlan plan = new AthenaCatalog(queries).ensureTable(OrdersTable.table(data, PartitionGranularity.DAY));

        assertThat(plan.action()).isEqualTo(Action.RECREATE);
        assertThat(athena.statements()).hasSize(3);
        assertThat(athena.statements().get(0)).isEqualTo("DROP TABLE IF EXISTS shardlake.orders");
        assertThat(athena.statements().get(1)).contains("item_count bigint").doesNotContain("projection");
    }

    @Test
    void anEarlierFirstPartitionMovesTheProjectionStartBackButNeverForward() {
        athena.existingTable(SchemaEvolutionTest.existing(OrdersTable.table()));
        AthenaTable backfilled = new AthenaTable("orders", OrdersTable.LOCATION, OrdersTable.table().schema(),
                List.of("order_id"), "updated_at", PartitionGranularity.DAY, Instant.parse("2026-06-30T23:00:00Z"));

        new AthenaCatalog(queries).ensureTable(backfilled);

        assertThat(athena.statements().get(0))
                .isEqualTo("ALTER TABLE shardlake.orders SET TBLPROPERTIES ('projection.dt.range'='2026-06-30,NOW')");

        AthenaTable later = new AthenaTable("orders", OrdersTable.LOCATION, OrdersTable.table().schema(),
                List.of("order_id"), "updated_at", PartitionGranularity.DAY, Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(new AthenaCatalog(queries).plan(later).action()).isEqualTo(Action.UNCHANGED);
    }

    @Test
    void aTableWithoutProjectionGetsItTurnedOn() {
        athena.existingTable(new ExistingTable("orders", OrdersTable.table().columns(), List.of(AthenaTable.PARTITION_COLUMN), Map.of()));

        TablePlan plan = new AthenaCatalog(queries).plan(OrdersTable.table());

        assertThat(plan.action()).isEqualTo(Action.EVOLVE);
        assertThat(plan.statements().get(0)).startsWith("ALTER TABLE shardlake.orders SET TBLPROPERTIES ('projection.enabled'='true'")
                .contains("'projection.dt.range'='2026-11-01,NOW'", "'storage.location.template'=");
        assertThat(athena.statements()).as("plan runs nothing").isEmpty();
    }

    @Test
    void withProjectionRegisteringPartitionsRunsNothing() {
        assertThat(new AthenaCatalog(queries).registerPartitions(OrdersTable.table(), List.of("dt=2026-11-23"))).isEmpty();
        assertThat(athena.statements()).isEmpty();
    }

    @Test
    void withCatalogPartitionsTheRunsPartitionsAreAddedWithTheirLocations() {
        useCatalogPartitions();
        AthenaCatalog catalog = new AthenaCatalog(queries);
        catalog.ensureTable(OrdersTable.table());
        assertThat(athena.statements().get(0)).doesNotContain("projection");

        catalog.registerPartitions(OrdersTable.table(), List.of("dt=2026-11-23", "dt=2026-11-24"));

        assertThat(athena.statements()).last().isEqualTo("""
                ALTER TABLE shardlake.orders ADD IF NOT EXISTS
                  PARTITION (dt = '2026-11-23') LOCATION 's3://lake/warehouse/orders/dt=2026-11-23/'
                  PARTITION (dt = '2026-11-24') LOCATION 's3://lake/warehouse/orders/dt=2026-11-24/'""");
    }

    @Test
    void aReplacedPartitionIsPointedAtItsNewGenerationInOneStatement() {
        useCatalogPartitions();
        AthenaCatalog catalog = new AthenaCatalog(queries);
        String generation = "s3://lake/warehouse/orders/_generations/dt=2026-11-23/run-7/";

        catalog.relocatePartition(OrdersTable.table(), "dt=2026-11-23", generation);

        assertThat(athena.statements()).containsExactly("""
                ALTER TABLE shardlake.orders ADD IF NOT EXISTS
                  PARTITION (dt = '2026-11-23') LOCATION 's3://lake/warehouse/orders/dt=2026-11-23/'""",
                "ALTER TABLE shardlake.orders PARTITION (dt = '2026-11-23') SET LOCATION '" + generation + "'");
    }

    @Test
    void underProjectionAReplacedPartitionIsRefusedNotSilentlyIgnored() {
        AthenaCatalog catalog = new AthenaCatalog(queries);

        assertThatThrownBy(() -> catalog.relocatePartition(OrdersTable.table(), "dt=2026-11-23",
                "s3://lake/warehouse/orders/_generations/dt=2026-11-23/run-7/"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shardlake.athena.partitions=catalog");
        assertThatThrownBy(() -> new AthenaDdl("shardlake").setPartitionLocation(OrdersTable.table(), "dt=2026-11-23",
                "s3://elsewhere/orders/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside table orders");
        assertThat(athena.statements()).isEmpty();
    }

    @Test
    void aFailedQueryThrowsWithAthenasReasonAndTheStatement() {
        athena.failQueriesContaining("CREATE OR REPLACE VIEW",
                "line 1:8: mismatched input 'VIEW'. Expecting: 'FUNCTION', 'MATERIALIZED'");
        AthenaCatalog catalog = new AthenaCatalog(queries);

        assertThatThrownBy(() -> catalog.ensureTable(OrdersTable.table()))
                .isInstanceOfSatisfying(AthenaQueryException.class, e -> {
                    assertThat(e.state()).isEqualTo("FAILED");
                    assertThat(e.statement()).startsWith("CREATE OR REPLACE VIEW \"shardlake\".\"orders_latest\"");
                    assertThat(e.queryExecutionId()).isEqualTo("q-2");
                })
                .hasMessageStartingWith("Athena query FAILED: line 1:8: mismatched input 'VIEW'. Expecting: 'FUNCTION', 'MATERIALIZED' [query q-2]")
                .hasMessageContaining("CREATE OR REPLACE VIEW");
    }

    @Test
    void aQueryRunningPastTheTimeoutIsStoppedAndReported() {
        athena.neverFinishQueriesContaining("CREATE EXTERNAL TABLE");
        AthenaCatalog catalog = new AthenaCatalog(queries);

        assertThatThrownBy(() -> catalog.ensureTable(OrdersTable.table()))
                .isInstanceOfSatisfying(AthenaQueryTimeoutException.class, e -> assertThat(e.state()).isEqualTo("RUNNING"))
                .hasMessageStartingWith("Athena query still RUNNING after PT30S (shardlake.athena.query-timeout); stopped it");
        assertThat(athena.requests("StopQueryExecution")).singleElement()
                .satisfies(r -> assertThat(r.body()).containsEntry("QueryExecutionId", "q-1"));
        assertThat(time.sleeps()).hasSize(30);
        assertThat(athena.statements()).as("the view is not attempted").hasSize(1);
    }
}
