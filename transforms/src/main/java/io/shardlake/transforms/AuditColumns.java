package io.shardlake.transforms;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import java.util.List;

/**
 * Columns every output row carries, appended last: where it came from and which run wrote it.
 * {@code _run_seq} was added after the others, so lake files written before it lack it (read as NULL).
 */
public final class AuditColumns {

    public static final String SHARD = "_shard";
    public static final String EXTRACTED_AT = "_extracted_at";
    public static final String RUN_ID = "_run_id";
    /**
     * The run sequence of the shard task that read the row: allocated from the metadata database when
     * the task starts reading its replica, greater than every one allocated before, on any node. Of two
     * versions of a row with one cursor value, the one with the greater sequence is the later extract.
     */
    public static final String RUN_SEQ = "_run_seq";

    /**
     * Not one of {@link #ALL}: only tables whose rows can be deleted have it (a pipeline with a soft
     * delete). True on a tombstone, a row saying its key was deleted at the source as of its version;
     * the current state leaves such a key out.
     */
    public static final String DELETED = "_deleted";

    public static final List<Column> ALL = List.of(
            new Column(SHARD, ColumnType.STRING),
            new Column(EXTRACTED_AT, ColumnType.TIMESTAMP),
            new Column(RUN_ID, ColumnType.STRING),
            new Column(RUN_SEQ, ColumnType.BIGINT));

    private AuditColumns() {
    }
}
