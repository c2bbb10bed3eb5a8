package io.shardlake.engine.run;

import io.shardlake.connectors.parquet.WrittenFile;
import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.connectors.source.SourceStatus;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.window.WindowPlan;
import io.shardlake.engine.window.WindowPlanner;
import java.time.LocalDateTime;

/**
 * The kind of a shard task, and all that differs between kinds: where its window comes from, what
 * it may read, where its files go and what its commit moves. One type per kind:
 * <ul>
 *   <li>{@link Incremental}: scheduled, catch-up and manual runs. The window continues the
 *       pipeline's watermark; files append to the live table; the commit moves the watermark.</li>
 *   <li>{@link ChunkScope}: a backfill chunk. A fixed window read once; files go to the chunk's new
 *       generation of its partitions (made live by the run when every shard succeeded); no
 *       watermark moves.</li>
 *   <li>{@link Rebuild}: a rebuild into a new table version. Like an incremental task, but on the
 *       version's own watermarks (its stream) and into the version's own table, which readers do
 *       not see until the switch.</li>
 * </ul>
 */
public sealed interface TaskScope permits TaskScope.Incremental, TaskScope.Rebuild, ChunkScope {

    /** The scope of scheduled, catch-up and manual runs. */
    Incremental INCREMENTAL = new Incremental();

    /**
     * The watermark stream the task continues (watermarks, tail digests and key index are kept
     * under this name), or null for a task with a fixed window.
     */
    String stream(String pipeline);

    /** The name the task is recorded, recovered and fenced under: its stream, or the pipeline for a fixed window. */
    default String recordedUnder(String pipeline) {
        String stream = stream(pipeline);
        return stream == null ? pipeline : stream;
    }

    /** The folder the task's files are written under, given where the table's live version is. */
    String table(LiveVersion live);

    /** The window to read, from the stream's committed watermark (null: none). */
    WindowPlan plan(WindowPlanner planner, Watermark committed, SourceStatus status);

    /** Lowest cursor value the tail digest of the next window must cover; the window's end when no tail is kept. */
    LocalDateTime nextTailFrom(WindowPlanner planner, ExtractWindow window);

    /** Whether rows depending on joined rows changed in the window are read again (a continuing window with joins). */
    boolean readsDependents(ExtractWindow window);

    /**
     * Where a written file goes.
     *
     * @param liveFolders where the live files of a partition of the defined table are
     */
    String dataKey(String table, WrittenFile file, String runId, ShardTask.LiveFolders liveFolders) throws ShardTaskFailure;

    /**
     * Whether the task's first load of a shard (no watermark yet), when read in primary-key order, is
     * committed in slices, each with a {@link LoadCheckpoint}, so that a task taking it over reads on
     * from the last committed key instead of from the start. Only where nobody reads the table before
     * the whole load is in: committed slices are visible in the table.
     */
    default boolean loadsInSlices() {
        return false;
    }

    /** Scheduled, catch-up and manual runs: continue the pipeline's watermark into the live table. */
    record Incremental() implements TaskScope {

        @Override
        public String stream(String pipeline) {
            return pipeline;
        }

        @Override
        public String table(LiveVersion live) {
            return live.folder();
        }

        @Override
        public WindowPlan plan(WindowPlanner planner, Watermark committed, SourceStatus status) {
            return planner.plan(committed == null ? null : committed.cursor(), committed == null ? null : committed.tail().from(), status);
        }

        @Override
        public LocalDateTime nextTailFrom(WindowPlanner planner, ExtractWindow window) {
            return planner.nextTailFrom(window.until());
        }

        @Override
        public boolean readsDependents(ExtractWindow window) {
            return window.from() != null; // a first load reads every row with its joins already
        }

        @Override
        public String dataKey(String table, WrittenFile file, String runId, ShardTask.LiveFolders liveFolders) {
            return liveFolders.of(table, file.partition()) + file.fileName();
        }
    }

    /**
     * A rebuild into version {@code version} of the table: the version's own stream of watermarks
     * ({@code <pipeline>@v<version>}) and its own table ({@link LakeLayout#versionTable}).
     * Its first task per shard is a full load; later ones catch up from there.
     */
    record Rebuild(int version) implements TaskScope {

        public Rebuild {
            if (version < 2) {
                throw new IllegalArgumentException("a rebuild writes version 2 or later, not " + version);
            }
        }

        /** The stream of version {@code version} of {@code pipeline}'s table. */
        public static String streamOf(String pipeline, int version) {
            return pipeline + "@v" + version;
        }

        @Override
        public String stream(String pipeline) {
            return streamOf(pipeline, version);
        }

        @Override
        public String table(LiveVersion live) {
            return LakeLayout.versionTable(live.table(), version);
        }

        @Override
        public WindowPlan plan(WindowPlanner planner, Watermark committed, SourceStatus status) {
            return INCREMENTAL.plan(planner, committed, status);
        }

        @Override
        public LocalDateTime nextTailFrom(WindowPlanner planner, ExtractWindow window) {
            return INCREMENTAL.nextTailFrom(planner, window);
        }

        @Override
        public boolean readsDependents(ExtractWindow window) {
            return INCREMENTAL.readsDependents(window);
        }

        @Override
        public String dataKey(String table, WrittenFile file, String runId, ShardTask.LiveFolders liveFolders) {
            // a version being built has no generations yet: its partitions are plain folders
            return LakeLayout.partitionFolder(table, file.partition()) + file.fileName();
        }

        /** Readers do not see a version before its switch, which waits for every shard's load. */
        @Override
        public boolean loadsInSlices() {
            return true;
        }
    }
}
