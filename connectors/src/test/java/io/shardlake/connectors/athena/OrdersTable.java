package io.shardlake.connectors.athena;

import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A table shaped like the orders pipeline's output (data columns, then the audit columns), for tests. */
final class OrdersTable {

    static final String LOCATION = "s3://lake/warehouse/orders/";
    static final Instant FIRST = Instant.parse("2026-11-01T10:15:00Z");

    static final List<Column> DATA = List.of(
            new Column("order_id", ColumnType.BIGINT),
            new Column("status", ColumnType.STRING),
            new Column("amount", ColumnType.decimal(12, 2)),
            new Column("item_count", ColumnType.INT),
            new Column("date", ColumnType.DATE),
            new Column("updated_at", ColumnType.TIMESTAMP));

    private OrdersTable() {
    }

    static RowSchema schema(List<Column> data) {
        List<Column> all = new ArrayList<>(data);
        all.addAll(AuditColumns.ALL);
        return new RowSchema(all);
    }

    static AthenaTable table() {
        return table(DATA, PartitionGranularity.DAY);
    }

    static AthenaTable table(List<Column> data, PartitionGranularity granularity) {
        return new AthenaTable("orders", LOCATION, schema(data), List.of("order_id"), "updated_at", granularity, FIRST);
    }

    static List<Column> dataWith(Column... extra) {
        List<Column> data = new ArrayList<>(DATA);
        data.addAll(List.of(extra));
        return data;
    }
}
