package io.shardlake.engine.benchmark;

import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import java.util.Set;

/**
 * The dimension-change benchmark's pipeline, a joined view like the shipped {@code orders.yaml}:
 * every order with its customer's current tier and country ({@code orders LEFT JOIN customers}),
 * the payload kept as a JSON column, dedupe on the order id, Snappy Parquet by the UTC day of
 * {@code updated_at}.
 */
final class JoinBenchPipeline {

    static final String CONNECTION = "bench";
    static final String TABLE = "orders_view";

    private JoinBenchPipeline() {
    }

    static PipelineDefinition definition() {
        return new DefinitionParser(Set.of(CONNECTION)).parse(TABLE + ".yaml", """
                name: %s
                schedule: "*/15 * * * *"
                source:
                  connection: %s
                  table: orders
                  joins:
                    - {name: customer, table: customers, column: customer_id, type: left}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: customer_id, type: bigint}
                    - {name: status, type: string}
                    - {name: amount, type: "decimal(12,2)"}
                    - {name: payload, type: json}
                    - {name: updated_at, type: timestamp}
                    - {name: customer_tier, from: customer.tier, type: string}
                    - {name: customer_country, from: customer.country, type: string}
                  dedupe_key: [order_id]
                partition:
                  column: updated_at
                  granularity: day
                target:
                  table: %s
                  compression: snappy
                """.formatted(TABLE, CONNECTION, TABLE));
    }
}
