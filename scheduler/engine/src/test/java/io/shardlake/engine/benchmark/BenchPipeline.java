package io.shardlake.engine.benchmark;

import io.shardlake.connectors.parquet.Compression;
import io.shardlake.engine.definition.PartitionSpec;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.definition.QuarantineSpec;
import io.shardlake.engine.definition.ReconcileSpec;
import io.shardlake.engine.definition.ScheduleSpec;
import io.shardlake.engine.definition.SourceSpec;
import io.shardlake.engine.definition.TargetSpec;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.DerivedColumn;
import io.shardlake.transforms.spec.JsonExtraction;
import io.shardlake.transforms.spec.JsonField;
import io.shardlake.transforms.spec.TransformSpec;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The benchmark's pipeline, the transform of the project's measured baselines: columns renamed
 * and cast, the JSON payload kept as text (a {@code json} column) and besides it
 * {@code payload.customer.tier}, {@code .country} and the length of {@code payload.items}
 * flattened, two derived columns, the audit columns, dedupe on the order id, Snappy Parquet in
 * {@code dt=} folders by the UTC date of {@code updated_at}.
 */
final class BenchPipeline {

    static final String CONNECTION = "bench";
    static final String TABLE = "orders";

    private BenchPipeline() {
    }

    static PipelineDefinition definition() {
        return definition(new SourceSpec(CONNECTION, "orders", "updated_at", List.of("id")));
    }

    /**
     * The same pipeline with {@code source.reconcile} (daily, any time of day): its tasks record the
     * keys they write, so RECONCILE runs can find hard deletes.
     */
    static PipelineDefinition reconciling() {
        return definition(new SourceSpec(CONNECTION, "orders", "updated_at", List.of("id"), List.of(), null, null,
                new ReconcileSpec(ReconcileSpec.DEFAULT_EVERY, null)));
    }

    private static PipelineDefinition definition(SourceSpec source) {
        TransformSpec transform = new TransformSpec(
                List.of(new ColumnMapping("order_id", "id", ColumnType.BIGINT),
                        new ColumnMapping("customer_id", "customer_id", ColumnType.BIGINT),
                        new ColumnMapping("order_status", "status", ColumnType.STRING),
                        new ColumnMapping("amount", "amount", ColumnType.decimal(12, 2)),
                        new ColumnMapping("currency_code", "currency", ColumnType.STRING),
                        new ColumnMapping("note", "note", ColumnType.STRING),
                        new ColumnMapping("payload", "payload", ColumnType.JSON),
                        new ColumnMapping("created_at", "created_at", ColumnType.TIMESTAMP),
                        new ColumnMapping("updated_at", "updated_at", ColumnType.TIMESTAMP)),
                List.of(new JsonExtraction("payload", List.of(
                        new JsonField("customer_tier", "$.customer.tier", ColumnType.STRING),
                        new JsonField("customer_country", "$.customer.country", ColumnType.STRING),
                        new JsonField("item_count", "$.items", ColumnType.INT, JsonField.Function.LENGTH)), null)),
                List.of(new DerivedColumn("status_lower", "lower(order_status)", ColumnType.STRING),
                        new DerivedColumn("created_date", "date(created_at)", ColumnType.DATE)),
                List.of("order_id"));
        return new PipelineDefinition("orders_bench", "full-load benchmark", new ScheduleSpec("@daily", "0 0 0 * * ?", ZoneOffset.UTC),
                source, transform,
                new PartitionSpec("updated_at", PartitionGranularity.DAY),
                new TargetSpec(TABLE, Compression.SNAPPY, 128L << 20), new QuarantineSpec(0.0),
                OrdersPipeline.NO_RETRIES, "bench-v2");
    }
}
