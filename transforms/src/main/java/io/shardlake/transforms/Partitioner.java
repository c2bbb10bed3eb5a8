package io.shardlake.transforms;

import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

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

    public Partitioner(RowSchema schema, String column, PartitionGranularity granularity) {
        this.column = column;
        this.position = schema.indexOf(column);
        this.granularity = granularity;
        if (position < 0) {
            throw new TransformSpecException("partition.column", "'" + column + "' is not an output column");
        }
        ColumnType.Kind kind = schema.column(position).type().kind();
        if (kind != ColumnType.Kind.TIMESTAMP && kind != ColumnType.Kind.DATE) {
            throw new TransformSpecException("partition.column", "'" + column + "' is " + schema.column(position).type()
                    + "; partition by a timestamp or date column");
        }
        if (kind == ColumnType.Kind.DATE && granularity == PartitionGranularity.HOUR) {
            throw new TransformSpecException("partition.granularity", "'" + column + "' is a date; hourly partitions need a timestamp");
        }
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
        long bucket = v instanceof Instant i
                ? Math.floorDiv(i.getEpochSecond(), granularity == PartitionGranularity.HOUR ? 3600 : 86_400)
                : ((LocalDate) v).toEpochDay();
        // Rows arrive in cursor order, so consecutive rows almost always share a folder: formatting
        // a date per row was a measurable share of the write path. The holder is immutable, so
        // tasks sharing this partitioner may race on it harmlessly.
        Folder last = this.last;
        if (last != null && last.bucket == bucket) {
            return last.name;
        }
        String value = v instanceof Instant i
                ? granularity.formatter().format(i.atOffset(ZoneOffset.UTC))
                : granularity.formatter().format(((LocalDate) v).atStartOfDay());
        Folder folder = new Folder(bucket, KEY + "=" + value);
        this.last = folder;
        return folder.name;
    }

    private Folder last;

    private record Folder(long bucket, String name) {
    }
}
