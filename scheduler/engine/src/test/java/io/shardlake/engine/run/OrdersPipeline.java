package io.shardlake.engine.run;

import io.shardlake.connectors.parquet.Compression;
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

    private OrdersPipeline() {
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
