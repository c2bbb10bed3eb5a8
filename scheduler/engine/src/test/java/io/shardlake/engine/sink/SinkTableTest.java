package io.shardlake.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.transforms.spec.TransformSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinkTableTest {

    @Test
    void theKeyIsTheShardAndTheOutputsOfThePrimaryKeyAndTheCursorIsTheCursorsOutput() {
        SinkTable orders = SinkTable.of(PipelinePlan.of(OrdersPipeline.definition("shop", 0.01)));

        assertThat(orders.primaryKey()).containsExactly("_shard", "order_id");
        assertThat(orders.cursor()).isEqualTo("updated_at");
        assertThat(orders.sourceKeyLead()).as("what Redshift distributes on: never the shard").isEqualTo("order_id");
    }

    @Test
    void aPrimaryKeyLeftOutOfTheOutputIsRefusedNamingIt() {
        PipelineDefinition d = OrdersPipeline.definition("shop", 0.01);
        TransformSpec t = d.transform();
        PipelineDefinition withoutId = new PipelineDefinition(d.name(), d.description(), d.schedule(), d.source(),
                new TransformSpec(t.columns().subList(1, t.columns().size()), t.json(), t.derived(), List.of("status")),
                d.partition(), d.target(), d.quarantine(), d.runs(), d.alerts(), d.version());

        assertThatThrownBy(() -> SinkTable.of(PipelinePlan.of(withoutId)))
                .hasMessageContaining("primary key column 'id'").hasMessageContaining("transform.columns");
    }
}
