package io.shardlake.engine.run;

import io.shardlake.connectors.parquet.WrittenFile;
import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.connectors.source.SourceStatus;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.window.WindowPlan;
import io.shardlake.engine.window.WindowPlanner;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Objects;

/**
 * What a backfill chunk's run reads and replaces: the rows whose cursor (the partition column) is
 * in {@code [start, end)}, which make up exactly the {@code partitions} folders. Unlike an
 * incremental run, its window is fixed, it reads no watermark and moves none.
 */
public record ChunkScope(Instant start, Instant end, List<String> partitions) implements TaskScope {

    public ChunkScope {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        partitions = List.copyOf(partitions);
    }

    /**
     * The cursor values to read for a chunk when the partition column is the cursor:
     * {@code [start, end)} as wall-clock values in the cursor's zone
     * ({@code SourceStatus.cursorZone()}: the source zone for DATETIME, UTC for TIMESTAMP).
     *
     * <p>Exactly the values the reader turns into instants of {@code [start, end)}: it reads a
     * wall-clock value {@code v} as {@code v.atZone(zone)}, which takes the earlier offset for a
     * time repeated when clocks go back and moves a skipped time forward by the gap. So on a
     * fall-back night the repeated hour belongs to the chunk of its first occurrence (the chunk of
     * the second reads nothing), and skipped values (which a DATETIME column can hold) belong to
     * the chunk of the instants they become. Consecutive chunks get consecutive windows: every
     * cursor value is in exactly one.
     */
    public ExtractWindow cursorWindow(ZoneId cursorZone) {
        return new ExtractWindow(firstValueAtOrAfter(start, cursorZone), firstValueAtOrAfter(end, cursorZone));
    }

    /** The smallest wall-clock value {@code v} with {@code v.atZone(zone).toInstant() >= instant}. */
    static LocalDateTime firstValueAtOrAfter(Instant instant, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        ZoneOffsetTransition last = zone.getRules().previousTransition(instant.plusNanos(1)); // at or before instant
        if (last != null && instant.isBefore(last.getInstant().plus(last.getDuration().abs()))) {
            if (last.isGap()) {
                // local values skipped by the gap read as the instants just after it
                return local.minus(last.getDuration());
            }
            // the second pass of a repeated hour: its values read as the first pass, before instant
            return last.getDateTimeBefore();
        }
        return local;
    }

    @Override
    public String stream(String pipeline) {
        return null; // a fixed window: no watermark is read or moved
    }

    @Override
    public String table(LiveVersion live) {
        return live.folder();
    }

    @Override
    public WindowPlan plan(WindowPlanner planner, Watermark committed, SourceStatus status) {
        return WindowPlan.fixed(cursorWindow(status.cursorZone()));
    }

    @Override
    public LocalDateTime nextTailFrom(WindowPlanner planner, ExtractWindow window) {
        return window.until(); // a chunk keeps no tail: nothing of its window is skipped, nothing is remembered
    }

    @Override
    public boolean readsDependents(ExtractWindow window) {
        return false; // the chunk reads every row of its window with its joins
    }

    /** A chunk's file goes to the chunk's new generation of its partition, never elsewhere. */
    @Override
    public String dataKey(String table, WrittenFile file, String runId, ShardTask.LiveFolders liveFolders) throws ShardTaskFailure {
        if (!partitions.contains(file.partition())) {
            throw new ShardTaskFailure("rows of the chunk [" + start + ", " + end + ") fell into partition " + file.partition()
                    + ", outside the partitions it replaces " + partitions + "; the partition column must be the cursor", false);
        }
        return LakeLayout.generationFolder(table, file.partition(), runId) + file.fileName();
    }
}
