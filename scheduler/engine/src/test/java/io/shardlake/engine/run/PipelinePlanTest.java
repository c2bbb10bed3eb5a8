package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.connectors.source.AccessPath;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.Explode;
import io.shardlake.transforms.spec.JsonExtraction;
import io.shardlake.transforms.spec.JsonField;
import io.shardlake.transforms.spec.TransformSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinePlanTest {

    private static final PipelineDefinition ORDERS = OrdersPipeline.definition("shop", 0.01);

    @Test
    void aDedupeKeyHoldingThePrimaryKeyNeedsNoDedupeOnAPrimaryKeyReadOnly() {
        PipelinePlan plan = PipelinePlan.of(ORDERS);

        assertThat(plan.dedupes(AccessPath.PRIMARY_KEY)).as("one row per key in a key-order read").isFalse();
        assertThat(plan.dedupes(AccessPath.CURSOR_INDEX)).as("a row moved ahead of the read comes twice").isTrue();
    }

    @Test
    void aDedupeKeyWithoutThePrimaryKeyIsAlwaysApplied() {
        PipelinePlan plan = PipelinePlan.of(withTransform(ORDERS.transform().columns(), ORDERS.transform().json(), List.of("status")));

        assertThat(plan.dedupes(AccessPath.PRIMARY_KEY)).isTrue();
    }

    @Test
    void explodedRowsShareTheirSourceKeySoDedupeIsAlwaysApplied() {
        JsonExtraction items = new JsonExtraction("payload", List.of(),
                new Explode("$.items", "item_index", null, null, null, List.of(new JsonField("sku", "$.sku", ColumnType.STRING))));
        PipelinePlan plan = PipelinePlan.of(withTransform(ORDERS.transform().columns(), List.of(items), List.of("order_id", "item_index")));

        assertThat(plan.dedupes(AccessPath.PRIMARY_KEY)).isTrue();
    }

    @Test
    void aKeyCastToATypeThatMayMergeValuesKeepsTheDedupe() {
        List<ColumnMapping> columns = ORDERS.transform().columns().stream()
                .map(c -> c.name().equals("order_id") ? new ColumnMapping("order_id", "id", ColumnType.DOUBLE) : c).toList();
        PipelinePlan plan = PipelinePlan.of(withTransform(columns, ORDERS.transform().json(), List.of("order_id")));

        assertThat(plan.dedupes(AccessPath.PRIMARY_KEY)).isTrue();
    }

    @Test
    void withoutADedupeKeyNothingIsDeduplicated() {
        PipelinePlan plan = PipelinePlan.of(withTransform(ORDERS.transform().columns(), ORDERS.transform().json(), List.of()));

        assertThat(plan.dedupes(AccessPath.CURSOR_INDEX)).isFalse();
    }

    private static PipelineDefinition withTransform(List<ColumnMapping> columns, List<JsonExtraction> json, List<String> dedupeKey) {
        TransformSpec t = new TransformSpec(columns, json, ORDERS.transform().derived(), dedupeKey);
        PipelineDefinition d = ORDERS;
        return new PipelineDefinition(d.name(), d.description(), d.schedule(), d.source(), t, d.partition(), d.target(), d.quarantine(),
                d.runs(), d.version());
    }
}
