package io.shardlake.connectors.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.objectstore.S3Settings;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AthenaDdlTest {

    private final AthenaDdl ddl = new AthenaDdl("shardlake");

    @Test
    void createTableDeclaresTheFilesColumnsPartitionsByDtAndProjectsFromTheFirstPartition() {
        assertThat(ddl.createTable(OrdersTable.table(), PartitionRegistration.PROJECTION)).isEqualTo("""
                CREATE EXTERNAL TABLE IF NOT EXISTS shardlake.orders (
                  order_id bigint,
                  status string,
                  amount decimal(12,2),
                  item_count int,
                  `date` date,
                  updated_at timestamp,
                  `_shard` string,
                  `_extracted_at` timestamp,
                  `_run_id` string,
                  `_run_seq` bigint
                )
                PARTITIONED BY (dt string)
                STORED AS PARQUET
                LOCATION 's3://lake/warehouse/orders/'
                TBLPROPERTIES (
                  'projection.enabled'='true',
                  'projection.dt.type'='date',
                  'projection.dt.format'='yyyy-MM-dd',
                  'projection.dt.range'='2026-11-01,NOW',
                  'projection.dt.interval'='1',
                  'projection.dt.interval.unit'='DAYS',
                  'storage.location.template'='s3://lake/warehouse/orders/dt=${dt}/',
                  'shardlake.primary_key'='order_id',
                  'shardlake.partition_format'='yyyy-MM-dd'
                )""");
    }

    @Test
    void hourlyPartitionsProjectHoursFromTheHourOfTheFirstPartition() {
        AthenaTable hourly = OrdersTable.table(OrdersTable.DATA, PartitionGranularity.HOUR);
        assertThat(AthenaDdl.tableProperties(hourly, PartitionRegistration.PROJECTION))
                .containsEntry("projection.dt.format", "yyyy-MM-dd-HH")
                .containsEntry("projection.dt.range", "2026-11-01-10,NOW")
                .containsEntry("projection.dt.interval.unit", "HOURS");
        AthenaTable monthly = OrdersTable.table(OrdersTable.DATA, PartitionGranularity.MONTH);
        assertThat(AthenaDdl.tableProperties(monthly, PartitionRegistration.PROJECTION))
                .containsEntry("projection.dt.range", "2026-11,NOW")
                .containsEntry("projection.dt.interval.unit", "MONTHS");
    }

    @Test
    void withCatalogPartitionsTheTableHasNoProjection() {
        String create = ddl.createTable(OrdersTable.table(), PartitionRegistration.CATALOG);
        assertThat(create).doesNotContain("projection").doesNotContain("storage.location.template")
                .contains("'shardlake.partition_format'='yyyy-MM-dd'");
    }

    @Test
    void addPartitionsNamesEachFolderWithItsLocationInBatchesOfAHundred() {
        assertThat(ddl.addPartitions(OrdersTable.table(), List.of("dt=2026-11-24", "dt=2026-11-23", "2026-11-24")))
                .containsExactly("""
                        ALTER TABLE shardlake.orders ADD IF NOT EXISTS
                          PARTITION (dt = '2026-11-23') LOCATION 's3://lake/warehouse/orders/dt=2026-11-23/'
                          PARTITION (dt = '2026-11-24') LOCATION 's3://lake/warehouse/orders/dt=2026-11-24/'""");

        List<String> days = IntStream.range(0, 250).mapToObj(i -> java.time.LocalDate.of(2026, 1, 1).plusDays(i))
                .map(d -> "dt=" + d).toList();
        List<String> statements = ddl.addPartitions(OrdersTable.table(), days);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(2).lines().filter(l -> l.contains("PARTITION (")).count()).isEqualTo(50);
        assertThat(ddl.addPartitions(OrdersTable.table(), List.of())).isEmpty();
    }

    @Test
    void aPartitionOutsideTheTablesFormatIsRefusedNamingIt() {
        assertThatThrownBy(() -> ddl.addPartitions(OrdersTable.table(), List.of("dt=2026-11-23-05")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition 'dt=2026-11-23-05' of table orders is not a dt folder in the format yyyy-MM-dd,"
                        + " e.g. dt=2026-11-01");
        assertThatThrownBy(() -> ddl.addPartitions(OrdersTable.table(), List.of("dt=2026-11-23' OR 1=1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addColumnsListsTheNewColumnsWithTheirTypes() {
        assertThat(ddl.addColumns(OrdersTable.table(), List.of(new AthenaColumn("channel", "string"),
                new AthenaColumn("order", "decimal(20,0)"))))
                .isEqualTo("ALTER TABLE shardlake.orders ADD COLUMNS (channel string, `order` decimal(20,0))");
    }

    @Test
    void theLatestViewKeepsTheNewestVersionOfEachKeyByCursorThenRunSequenceThenExtractionTime() {
        assertThat(ddl.latestView(OrdersTable.table())).isEqualTo("""
                CREATE OR REPLACE VIEW "shardlake"."orders_latest" AS
                SELECT "order_id", "status", "amount", "item_count", "date", "updated_at", "_shard", "_extracted_at", "_run_id", "_run_seq", "dt"
                FROM (
                  SELECT *, row_number() OVER (PARTITION BY "order_id" ORDER BY "updated_at" DESC NULLS LAST, "_run_seq" DESC NULLS LAST, "_extracted_at" DESC NULLS LAST) AS "_version_rank"
                  FROM "shardlake"."orders"
                ) AS ranked
                WHERE "_version_rank" = 1""");
    }

    @Test
    void theCurrentTableReadsTheFilesItsManifestListsAndItsViewLeavesTombstonesOut() {
        AthenaTable withDeletes = OrdersTable.table(OrdersTable.dataWith(new Column("_deleted", ColumnType.BOOLEAN)),
                PartitionGranularity.DAY);
        assertThat(ddl.createCurrentTable(OrdersTable.table(), "orders_current", "s3://lake/warehouse/orders_current/manifest/"))
                .isEqualTo("""
                CREATE EXTERNAL TABLE IF NOT EXISTS shardlake.orders_current_all (
                  order_id bigint,
                  status string,
                  amount decimal(12,2),
                  item_count int,
                  `date` date,
                  updated_at timestamp,
                  `_shard` string,
                  `_extracted_at` timestamp,
                  `_run_id` string,
                  `_run_seq` bigint
                )
                ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
                STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'
                OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
                LOCATION 's3://lake/warehouse/orders_current/manifest/'""");
        assertThat(ddl.currentView(OrdersTable.table(), "orders_current")).isEqualTo("""
                CREATE OR REPLACE VIEW "shardlake"."orders_current" AS
                SELECT "order_id", "status", "amount", "item_count", "date", "updated_at", "_shard", "_extracted_at", "_run_id", "_run_seq"
                FROM "shardlake"."orders_current_all\"""");
        assertThat(ddl.currentView(withDeletes, "orders_current")).endsWith("""
                FROM "shardlake"."orders_current_all"
                WHERE NOT coalesce("_deleted", false)""");
    }

    @Test
    void readersCurrentNamesBecomeViewsOfAVersionsOwnCurrentTable() {
        assertThat(ddl.currentView(OrdersTable.table(), "orders_current", "orders__v2_current")).isEqualTo("""
                CREATE OR REPLACE VIEW "shardlake"."orders_current" AS
                SELECT "order_id", "status", "amount", "item_count", "date", "updated_at", "_shard", "_extracted_at", "_run_id", "_run_seq"
                FROM "shardlake"."orders__v2_current_all\"""");
        assertThat(ddl.currentAllView(OrdersTable.table(), "orders_current", "orders__v2_current")).isEqualTo("""
                CREATE OR REPLACE VIEW "shardlake"."orders_current_all" AS
                SELECT "order_id", "status", "amount", "item_count", "date", "updated_at", "_shard", "_extracted_at", "_run_id", "_run_seq"
                FROM "shardlake"."orders__v2_current_all\"""");
    }

    @Test
    void aCompositeKeyPartitionsTheWindowByEveryKeyColumn() {
        AthenaTable table = new AthenaTable("answers", "s3://lake/answers", OrdersTable.schema(List.of(
                new Column("submission_id", ColumnType.BIGINT), new Column("question_id", ColumnType.STRING),
                new Column("updated_at", ColumnType.TIMESTAMP))),
                List.of("submission_id", "question_id"), "updated_at", PartitionGranularity.DAY, OrdersTable.FIRST);
        assertThat(ddl.latestView(table)).contains("PARTITION BY \"submission_id\", \"question_id\" ORDER BY");
        assertThat(table.location()).isEqualTo("s3://lake/answers/");
    }

    @Test
    void theTableLocationIsTheLakesTableFolderInTheBucket() {
        assertThat(AthenaTable.locationOf(S3Settings.of("lake", "/warehouse/", "eu-west-1"), "orders"))
                .isEqualTo("s3://lake/warehouse/orders/");
        assertThat(AthenaTable.locationOf(S3Settings.of("lake", "", "eu-west-1"), "orders")).isEqualTo("s3://lake/orders/");
    }

    @Test
    void aTableWhoseKeyOrCursorIsNoOutputColumnIsRefused() {
        assertThatThrownBy(() -> new AthenaTable("orders", OrdersTable.LOCATION, OrdersTable.schema(OrdersTable.DATA),
                List.of("id"), "updated_at", PartitionGranularity.DAY, OrdersTable.FIRST))
                .hasMessage("primary key column 'id' of table orders is not an output column");
        assertThatThrownBy(() -> new AthenaTable("orders", OrdersTable.LOCATION, OrdersTable.schema(OrdersTable.DATA),
                List.of("order_id"), "changed_at", PartitionGranularity.DAY, OrdersTable.FIRST))
                .hasMessage("cursor column 'changed_at' of table orders is not an output column");
        assertThatThrownBy(() -> new AthenaTable("orders", "lake/orders", OrdersTable.schema(OrdersTable.DATA),
                List.of("order_id"), "updated_at", PartitionGranularity.DAY, OrdersTable.FIRST))
                .hasMessageContaining("must be an s3:// folder");
        assertThatThrownBy(() -> OrdersTable.table(OrdersTable.dataWith(new Column("dt", ColumnType.DATE)),
                PartitionGranularity.DAY)).hasMessageContaining("'dt', which is its partition key");
    }
}
