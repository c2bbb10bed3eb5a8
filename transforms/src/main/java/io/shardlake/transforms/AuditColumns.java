package io.shardlake.transforms;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import java.util.List;

/** Columns every output row carries, appended last: where it came from and which run wrote it. */
public final class AuditColumns {

    public static final String SHARD = "_shard";
    public static final String EXTRACTED_AT = "_extracted_at";
    public static final String RUN_ID = "_run_id";

    public static final List<Column> ALL = List.of(
            new Column(SHARD, ColumnType.STRING),
            new Column(EXTRACTED_AT, ColumnType.TIMESTAMP),
            new Column(RUN_ID, ColumnType.STRING));

    private AuditColumns() {
    }
}
