package io.shardlake.engine.run;

import io.shardlake.connectors.parquet.Compression;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PartitionSpec;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.definition.QuarantineSpec;
import io.shardlake.engine.definition.RunPolicy;
import io.shardlake.engine.definition.ScheduleSpec;
import io.shardlake.engine.definition.SourceSpec;
import io.shardlake.engine.definition.TargetSpec;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.DerivedColumn;
import io.shardlake.transforms.spec.JsonExtraction;
import io.shardlake.transforms.spec.JsonField;
import io.shardlake.transforms.spec.TransformSpec;
import java.time.ZoneOffset;
import java.util.List;

/** The small "orders" table and pipeline the engine tests load. */
public final class OrdersPipeline {

    /** Default run policy but a single attempt per shard task, so failure tests do not wait for retries. */
    public static final RunPolicy NO_RETRIES = new RunPolicy(3, java.time.Duration.ofHours(2), 1, java.time.Duration.ofSeconds(1),
            java.time.Duration.ofSeconds(1), RunPolicy.Catchup.LATEST, 24, List.of(), java.time.Duration.ofHours(6));


    public static final String DDL = """
            CREATE TABLE orders (
              id BIGINT NOT NULL PRIMARY KEY,
              status VARCHAR(20) NOT NULL,
              amount DECIMAL(12,2) NULL,
              note VARCHAR(255) NULL,
              payload LONGTEXT NULL,
              updated_at DATETIME(3) NOT NULL,
              KEY orders_cursor (updated_at, id)
            ) DEFAULT CHARSET = utf8mb4""";

    /**
     * What a joined view of {@link #DDL}'s orders needs besides it: each order's customer, and the
     * index the rows depending on a changed customer are found through.
     */
    public static final List<String> CUSTOMERS_DDL = List.of("""
            CREATE TABLE customers (
              id BIGINT NOT NULL PRIMARY KEY,
              tier VARCHAR(16) NOT NULL,
              updated_at DATETIME(3) NOT NULL,
              KEY customers_cursor (updated_at, id)
            ) DEFAULT CHARSET = utf8mb4""",
            "ALTER TABLE orders ADD COLUMN customer_id BIGINT NOT NULL DEFAULT 0",
            "CREATE INDEX orders_customer ON orders (customer_id)");

    private OrdersPipeline() {
    }

    /** {@link #definition} taking entity events too ({@code source.events}, coalescing for a second). */
    public static PipelineDefinition eventsDefinition(String connection) {
        PipelineDefinition d = definition(connection, 0.01);
        return new PipelineDefinition(d.name(), d.description(), d.schedule(), new SourceSpec(connection, "orders", "updated_at",
                List.of("id"), List.of(), null, new io.shardlake.engine.definition.EventsSpec(java.time.Duration.ofSeconds(1), 1000), null),
                d.transform(), d.partition(), d.target(), d.quarantine(), d.runs(), d.alerts(), "test-events-v1");
    }

    /** {@link #definition} following the shards' binlogs ({@code source.mode: cdc}) instead of polling. */
    public static PipelineDefinition cdcDefinition(String connection) {
        PipelineDefinition d = definition(connection, 0.01);
        return new PipelineDefinition(d.name(), d.description(), d.schedule(), new SourceSpec(connection, "orders", "updated_at",
                List.of("id"), List.of(), null, null, null, io.shardlake.engine.definition.SourceMode.CDC),
                d.transform(), d.partition(), d.target(), d.quarantine(), d.runs(), d.alerts(), "test-cdc-v1");
    }

    /** Orders left-joined with their customers ({@link #CUSTOMERS_DDL}): the customer's tier and cursor in every row. */
    public static PipelineDefinition joinedDefinition(String connection) {
        return new DefinitionParser(java.util.Set.of(connection)).parse("orders.yaml", """
                name: orders
                schedule: "*/15 * * * *"
                source:
                  connection: %s
                  table: orders
                  joins:
                    - {name: customer, table: customers, column: customer_id}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: customer_id, type: bigint}
                    - {name: status, type: string}
                    - {name: updated_at, type: timestamp}
                    - {name: customer_tier, from: customer.tier, type: string}
                    - {name: customer_updated_at, from: customer.updated_at, type: timestamp}
                runs:
                  retries: 1
                """.formatted(connection));
    }

    public static PipelineDefinition definition(String connection, double maxQuarantineFraction) {
        TransformSpec transform = new TransformSpec(
                List.of(new ColumnMapping("order_id", "id", ColumnType.BIGINT),
                        new ColumnMapping("status", "status", ColumnType.STRING),
                        new ColumnMapping("amount", "amount", ColumnType.decimal(12, 2)),
                        new ColumnMapping("note", "note", ColumnType.STRING),
                        new ColumnMapping("updated_at", "updated_at", ColumnType.TIMESTAMP)),
                List.of(new JsonExtraction("payload", List.of(
                        new JsonField("customer_tier", "$.customer.tier", ColumnType.STRING),
                        new JsonField("item_count", "$.items", ColumnType.INT, JsonField.Function.LENGTH)), null)),
                List.of(new DerivedColumn("status_lower", "lower(status)", ColumnType.STRING)),
                List.of("order_id"));
        return new PipelineDefinition("orders", null, new ScheduleSpec("*/15 * * * *", "0 */15 * * * ?", ZoneOffset.UTC),
                new SourceSpec(connection, "orders", "updated_at", List.of("id")), transform,
                new PartitionSpec("updated_at", PartitionGranularity.DAY),
                new TargetSpec("orders", Compression.SNAPPY, 128L << 20), new QuarantineSpec(maxQuarantineFraction),
                NO_RETRIES, "test-v1");
    }
}
