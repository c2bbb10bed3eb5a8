package io.shardlake.engine.backfill;

import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.ChunkScope;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a backfill range into chunks that each replace whole partitions, and says which cursor
 * values a chunk reads. Pure: no clock, no I/O.
 *
 * <p>Only pipelines partitioned by their cursor column can be backfilled by partition: then the
 * rows of a partition are a range of the {@code (cursor, pk)} index, read like any window. Any
 * other partition column would need a scan of the whole table on the replica to find a
 * partition's rows; {@link #forPipeline} refuses those.
 *
 * <p>A range that does not start and end on partition boundaries is refused, never widened: a
 * chunk replaces the partitions it covers, and a part of a partition cannot be replaced without
 * losing the rest of it. The refusal shows the aligned range to ask for instead.
 */
public final class BackfillPlanner {

    private final PartitionGranularity granularity;
    private final int partitionsPerChunk;

    /** One chunk per partition. */
    public BackfillPlanner(PartitionGranularity granularity) {
        this(granularity, 1);
    }

    public BackfillPlanner(PartitionGranularity granularity, int partitionsPerChunk) {
        if (partitionsPerChunk < 1) {
            throw new IllegalArgumentException("a chunk covers at least one partition: " + partitionsPerChunk);
        }
        this.granularity = granularity;
        this.partitionsPerChunk = partitionsPerChunk;
    }

    /**
     * The planner for a pipeline partitioned by its cursor column (one chunk per partition).
     *
     * @throws InvalidBackfillException when the partition column is not the cursor (field {@code ""})
     */
    public static BackfillPlanner forPipeline(PipelineDefinition pipeline) {
        String partitionColumn = pipeline.partition().column();
        String cursor = pipeline.source().cursor();
        boolean byCursor = pipeline.transform().columns().stream().anyMatch(m -> isCursorTimestamp(m, partitionColumn, cursor));
        if (!byCursor) {
            throw new InvalidBackfillException(List.of(new FieldError("", "pipeline '" + pipeline.name() + "' is partitioned by '"
                    + partitionColumn + "', which is not its cursor '" + cursor + "' kept as a timestamp: the rows of a "
                    + partitionColumn + " partition are not a range of the (" + cursor + ", "
                    + String.join(", ", pipeline.source().primaryKey()) + ") index, so a backfill by partition would scan the whole"
                    + " table on the replica; only pipelines partitioned by their cursor can be backfilled")));
        }
        return new BackfillPlanner(pipeline.partition().granularity());
    }

    private static boolean isCursorTimestamp(ColumnMapping m, String partitionColumn, String cursor) {
        return m.name().equals(partitionColumn) && cursor.equals(m.from()) && m.type().kind() == ColumnType.Kind.TIMESTAMP;
    }

    public PartitionGranularity granularity() {
        return granularity;
    }

    /**
     * The chunks of {@code [from, to)}, in time order, each covering {@code partitionsPerChunk}
     * partitions (the last one fewer when they do not divide evenly).
     *
     * @throws InvalidBackfillException when {@code from} or {@code to} is not on a partition boundary
     */
    public List<BackfillChunk> chunks(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new InvalidBackfillException(List.of(new FieldError("to", to + " is not after from " + from)));
        }
        List<FieldError> misaligned = alignmentErrors(from, to);
        if (!misaligned.isEmpty()) {
            throw new InvalidBackfillException(misaligned);
        }
        List<BackfillChunk> chunks = new ArrayList<>();
        Instant start = from;
        while (start.isBefore(to)) {
            List<String> folders = new ArrayList<>(partitionsPerChunk);
            Instant end = start;
            while (folders.size() < partitionsPerChunk && end.isBefore(to)) {
                folders.add(granularity.folderOf(end));
                end = granularity.next(end);
            }
            chunks.add(new BackfillChunk(chunks.size(), start, end, folders));
            start = end;
        }
        return chunks;
    }

    public List<BackfillChunk> chunks(BackfillRequest request) {
        return chunks(request.from(), request.to());
    }

    /** The problems of a range whose ends are not partition boundaries, showing the aligned range; empty when aligned. */
    List<FieldError> alignmentErrors(Instant from, Instant to) {
        List<FieldError> errors = new ArrayList<>();
        boolean fromOk = granularity.isBoundary(from);
        boolean toOk = granularity.isBoundary(to);
        if (fromOk && toOk) {
            return errors;
        }
        Instant alignedFrom = granularity.start(from);
        Instant alignedTo = toOk ? to : granularity.next(to);
        String use = "a backfill replaces whole " + granularity.name().toLowerCase() + " partitions (UTC) and does not widen a range;"
                + " to reload every partition this range touches, use from " + text(alignedFrom) + " to " + text(alignedTo)
                + " ([" + alignedFrom + ", " + alignedTo + "))";
        if (!fromOk) {
            errors.add(new FieldError("from", from + " is inside partition " + granularity.folderOf(from) + "; " + use));
        }
        if (!toOk) {
            errors.add(new FieldError("to", to + " is inside partition " + granularity.folderOf(to) + "; " + use));
        }
        return errors;
    }

    /** A boundary as the request would spell it: a date when it is a UTC midnight. */
    static String text(Instant boundary) {
        LocalDateTime utc = LocalDateTime.ofInstant(boundary, ZoneOffset.UTC);
        return utc.toLocalTime().equals(LocalTime.MIDNIGHT) ? utc.toLocalDate().toString() : boundary.toString();
    }

    /**
     * The cursor values to read for a chunk when the partition column is the cursor; see
     * {@link ChunkScope#cursorWindow}.
     */
    public static ExtractWindow cursorWindow(BackfillChunk chunk, ZoneId cursorZone) {
        return scope(chunk).cursorWindow(cursorZone);
    }

    /** What a chunk's run reads and replaces. */
    public static ChunkScope scope(BackfillChunk chunk) {
        return new ChunkScope(chunk.start(), chunk.end(), chunk.partitions());
    }

    /** A date as the instant of its UTC midnight, the way a request's dates are read. */
    static Instant startOfUtcDay(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
