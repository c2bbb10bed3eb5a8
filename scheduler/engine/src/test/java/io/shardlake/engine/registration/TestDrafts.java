package io.shardlake.engine.registration;

import java.util.List;

/** Drafts the registration tests share: an orders pipeline as the form fills it in. */
final class TestDrafts {

    private TestDrafts() {
    }

    /** The hand-written file {@link #orders()} stands for. */
    static final String ORDERS_FILE = """
            # Orders, flattened; written by hand.
            name: orders_flat
            description: Orders with the customer tier flattened
            schedule: "*/15 * * * *"
            schedule_zone: UTC
            source:
              connection: shop
              table: orders
              cursor: updated_at
              primary_key: [id]
            transform:
              columns:
                - {name: order_id, from: id, type: bigint}
                - {name: status, type: string}
                - {name: amount, type: "decimal(12,2)"}
                - {name: updated_at, type: timestamp}
              json:
                - column: payload
                  fields:
                    - {name: customer_tier, path: $.customer.tier, type: string}
                    - {name: item_count, path: $.items, type: int, function: length}
            partition:
              column: updated_at
              granularity: day
            target:
              table: orders_flat
              compression: zstd
              file_size_mb: 64
            quarantine:
              max_fraction: 0.5
            """;

    static PipelineDraft orders() {
        return orders("orders_flat", "*/15 * * * *");
    }

    static PipelineDraft orders(String name, String schedule) {
        return new PipelineDraft(name, "Orders with the customer tier flattened", "shop", "orders",
                List.of(new PipelineDraft.Column("id", "order_id", "bigint", true),
                        new PipelineDraft.Column("status", "status", "string", true),
                        new PipelineDraft.Column("note", "note", "string", false),
                        new PipelineDraft.Column("amount", "", "decimal(12,2)", true),
                        new PipelineDraft.Column("updated_at", null, "timestamp", null)),
                "updated_at", List.of("id"),
                List.of(new PipelineDraft.Json("payload", List.of(
                        new PipelineDraft.JsonField("$.customer.tier", "customer_tier", "string", "value", true),
                        new PipelineDraft.JsonField("$.channel", "channel", "string", null, false),
                        new PipelineDraft.JsonField("$.items", "item_count", "int", "length", true)))),
                "updated_at", "day", schedule, "UTC", name, "zstd", 64, 0.5, null, null);
    }
}
