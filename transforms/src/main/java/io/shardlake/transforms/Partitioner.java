package io.shardlake.transforms;

import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Names the Hive-style folder of an output row, {@code dt=2026-11-23}, from a timestamp or date
 * column taken in UTC. A row whose partition value is null has no folder and is quarantined by
 * the caller (the error names the column).
 */
public final class Partitioner {

    public static final String KEY = "dt";

    private final String column;
    private final int position;
    private final PartitionGranularity granularity;
    private final long bucketSeconds;

    public Partitioner(RowSchema schema, String column, PartitionGranularity granularity) {
        this.column = column;
        this.position = schema.indexOf(column);
        this.granularity = granularity;
        // Every instant of one UTC hour (or day) lies in the same hour, day and month folder.
        this.bucketSeconds = granularity == PartitionGranularity.HOUR ? 3_600 : 86_400;
        if (position < 0) {
            throw new TransformSpecException("partition.column", "'" + column + "' is not an output column");
        }
        ColumnType.Kind kind = schema.column(position).type().kind();
        if (!canPartitionBy(schema.column(position).type())) {
            throw new TransformSpecException("partition.column", "'" + column + "' is " + schema.column(position).type()
                    + "; partition by a timestamp or date column");
        }
        if (kind == ColumnType.Kind.DATE && granularity == PartitionGranularity.HOUR) {
            throw new TransformSpecException("partition.granularity", "'" + column + "' is a date; hourly partitions need a timestamp");
        }
    }

    /** Whether a column of this type can name a row's partition: a timestamp or a date. */
    public static boolean canPartitionBy(ColumnType type) {
        return type.kind() == ColumnType.Kind.TIMESTAMP || type.kind() == ColumnType.Kind.DATE;
    }

    public String column() {
        return column;
    }

    public PartitionGranularity granularity() {
        return granularity;
    }

    /** The folder, e.g. {@code dt=2026-11-23}, or null when the row has no partition value. */
    public String folderOf(Object[] row) {
        Object v = row[position];
        if (v == null) {
            return null;
        }
        long index = v instanceof Instant i
                ? Math.floorDiv(i.getEpochSecond(), bucketSeconds)
                : ((LocalDate) v).toEpochDay(); // dates never meet hourly partitions (refused above)
        int slot = (int) Math.floorMod(index, RECENT_BUCKETS);
        Bucket bucket = recent[slot];
        if (bucket == null || bucket.index() != index) {
            String folder = v instanceof Instant i ? granularity.folderOf(i) : granularity.folderOf((LocalDate) v);
            bucket = new Bucket(index, folder);
            recent[slot] = bucket;
        }
        return bucket.folder();
    }

    /** Slots of {@link #recent}; rows mostly arrive in cursor order, so few buckets are live at once. */
    private static final int RECENT_BUCKETS = 64;

    /**
     * Folders named recently, by UTC hour (hourly partitions) or day (daily, monthly): formatting a
     * folder per row was ~9% of a full load's CPU. Shared by the shard tasks of a run without
     * locking: a slot holds an immutable {@link Bucket}, so a racing reader sees a whole one or a
     * miss, and a miss just formats the folder again.
     */
    private final Bucket[] recent = new Bucket[RECENT_BUCKETS];

    /** The folder of every value within UTC hour or day {@code index}. */
    private record Bucket(long index, String folder) {
    }
}
