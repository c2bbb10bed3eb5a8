package io.shardlake.engine.run;

import io.shardlake.connectors.binlog.BinlogBatch;
import io.shardlake.connectors.binlog.BinlogChange;
import io.shardlake.connectors.binlog.BinlogPosition;
import io.shardlake.connectors.binlog.BinlogReader;
import io.shardlake.connectors.binlog.BinlogUnavailableException;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.source.ExtractQuery;
import java.time.ZoneId;
import io.shardlake.connectors.parquet.PartitionedParquetWriter;
import io.shardlake.connectors.parquet.WrittenFile;
import io.shardlake.connectors.source.AccessPathChoice;
import io.shardlake.connectors.source.ExtractWindow;
import io.shardlake.connectors.source.JoinReadCost;
import io.shardlake.connectors.source.ReadCost;
import io.shardlake.connectors.source.ShardReader;
import io.shardlake.connectors.source.SourceContractException;
import io.shardlake.connectors.source.SourceRowHandler;
import io.shardlake.connectors.source.SourceStatus;
import io.shardlake.engine.lake.KeyDelta;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.lake.QuarantineWriter;
import io.shardlake.engine.window.WindowPlan;
import io.shardlake.engine.window.WindowPlanner;
import io.shardlake.transforms.RowSink;
import io.shardlake.transforms.TransformContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import io.shardlake.connectors.source.AccessPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one shard of one pipeline for one run, keeping the lake exact:
 * <ol>
 *   <li>Recover: files of an earlier task of this shard that died before committing are deleted.</li>
 *   <li>Plan the window from the committed watermark and the source's clock and lag.</li>
 *   <li>Choose the access path from the replica's estimates: the cursor index for a narrow window,
 *       primary-key order for a wide one (a first load, a large backfill chunk).</li>
 *   <li>Stream the window's rows; rows below the old watermark that the tail digest
 *       says are already loaded are skipped; the rest are transformed and written to local
 *       Parquet files, each row carrying the run sequence the task took when it started reading; bad
 *       rows, and rows a sink of the pipeline cannot take, go to the quarantine file.</li>
 *   <li>Record the keys about to be published, publish each file (visible only when whole).</li>
 *   <li>Commit the new watermark (the window's ceiling) and tail digest with the task's counts.</li>
 * </ol>
 * Any failure before the commit removes what was published and leaves the watermark where it was.
 * Callers guarantee that no other task of the same pipeline and shard runs at the same time.
 */
final class ShardTask {

    private static final Logger log = LoggerFactory.getLogger(ShardTask.class);
    /** How often (in rows) a task looks whether its run was asked to stop: cheap, and well under a second. */
    private static final long STOP_CHECK_MASK = 4095;
    /** Longest an event batch waits for its replica to show the changes the events announced. */
    /** Row changes one binlog task takes at most (whole transactions); the next run goes on from there. */
    static final long BINLOG_MAX_CHANGES_PER_TASK = 2_000_000;
    static final java.time.Duration EVENT_REPLICA_WAIT = java.time.Duration.ofSeconds(5);
    private static final java.time.Duration EVENT_REPLICA_POLL = java.time.Duration.ofMillis(200);

    private final RunRepository runs;
    private final ObjectStore store;
    private final WindowPlanner planner;
    private final EngineSettings settings;
    private final Clock clock;

    /** Where a partition's live files are, {@code <table>/<partition>/} unless a generation on S3 took over. */
    @FunctionalInterface
    interface LiveFolders {
        String of(String table, String partition);
    }

    private final LiveFolders liveFolders;

    ShardTask(RunRepository runs, ObjectStore store, WindowPlanner planner, EngineSettings settings, LiveFolders liveFolders, Clock clock) {
        this.liveFolders = liveFolders;
        this.runs = runs;
        this.store = store;
        this.planner = planner;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Runs the task; never throws: the outcome, including failures, is recorded and returned.
     *
     * @param scope what kind of task it is: its window, where its files go, what it commits
     */
    ShardOutcome run(PipelinePlan plan, ShardReader reader, ShardTaskRef task, Instant runStart, RunControl control, TaskScope scope) {
        return inFrame(plan, reader, task, scope.recordedUnder(plan.name()), control,
                frame -> window(plan, reader, task, runStart, control, scope, frame, null));
    }

    /** What a task's body shares with the frame that records its outcome whatever happens. */
    private static final class Frame {
        final Counter counter = new Counter();
        final List<PublishedFile> published = new ArrayList<>();
        final Path workDir;
        /** When the attempt began, before it connected to the replica: its recorded start, so a connect timeout counts in its duration. */
        final Instant began;
        boolean started;

        Frame(Path workDir, Instant began) {
            this.workDir = workDir;
            this.began = began;
        }
    }

    @FunctionalInterface
    private interface Body {
        ShardOutcome run(Frame frame) throws Exception;
    }

    /**
     * Runs a task's body and records its outcome; never throws. Any failure before the commit removes
     * what was published and leaves the watermark where it was.
     */
    private ShardOutcome inFrame(PipelinePlan plan, ShardReader reader, ShardTaskRef task, String pipeline, RunControl control, Body body) {
        String shard = reader.shard().id();
        String runId = task.runId();
        // One flat folder per task, removed whole when the task ends: a folder per run would be left behind empty.
        Frame frame = new Frame(settings.workDirectory().resolve(LakeLayout.filePrefix(runId, shard, task.attempt())), clock.instant());
        Counter counter = frame.counter;
        List<PublishedFile> published = frame.published;
        Path workDir = frame.workDir;
        // A cancel or timeout cuts a read blocked on a replica that stopped answering.
        try (RunControl.Registration abortRead = control.onStop(reader::abort)) {
            return body.run(frame);
        } catch (CommitOutcomeUnknown e) {
            // Neither delete the files nor touch the record: if the commit landed, they are the
            // lake's data and the task is SUCCEEDED; if not, the task is still PUBLISHING and the
            // next run of this shard removes them. The database decides, not this guess.
            String error = describe(e);
            log.error("pipeline={} run={} shard={}: {}", pipeline, runId, shard, error, e.getCause());
            // Not retried in this run: the next run of the shard settles the outcome first.
            return new ShardOutcome(shard, ShardRunState.FAILED, counter.counts(List.of()), error, false);
        } catch (Exception e) {
            RunControl.Stop stop = control.stopped();
            // A stop cuts the task's replica connections: say why, not only what the cut connection threw.
            String error = stop != null && !(e instanceof ShardTaskFailure) ? "stopped: " + stop.reason() + " (" + describe(e) + ")"
                    : describe(e);
            log.warn("pipeline={} run={} shard={} failed: {}", pipeline, runId, shard, error, e instanceof ShardTaskFailure ? null : e);
            ShardRunState state = unpublish(published) ? ShardRunState.FAILED : ShardRunState.PUBLISHING;
            ShardCounts counts = counter.counts(List.of());
            boolean retryable = e instanceof ShardTaskFailure f ? f.retryable()
                    : stop == null && !(e instanceof LeaseLostException) && !(e instanceof SourceContractException);
            try {
                if (!frame.started) {
                    runs.startShardRun(task, pipeline, null, frame.began);
                }
                if (state == ShardRunState.FAILED) {
                    Instant failedAt = clock.instant();
                    runs.endShardRun(task, state, counts, error, failedAt);
                    runs.recordErrorExcerpt(task, ErrorExcerpt.of(failedAt + " WARN pipeline=" + pipeline + " run=" + runId + " shard=" + shard
                            + " attempt=" + task.attempt() + " failed: " + error, e, !(e instanceof ShardTaskFailure)));
                } else {
                    error += "; some published files could not be removed yet: the next run of this shard removes them";
                }
            } catch (RuntimeException recordFailure) {
                log.warn("pipeline={} run={} shard={}: could not record the failure: {}", pipeline, runId, shard,
                        recordFailure.getMessage());
            }
            // a binlog-followed table changed so the definition no longer fits it: every later batch would fail the same way
            boolean pause = e instanceof SourceContractException && plan.definition().source().cdc();
            return new ShardOutcome(shard, ShardRunState.FAILED, counts, error, retryable && !pause, pause);
        } finally {
            WorkDirectory.deleteQuietly(workDir);
        }
    }


    /**
     * A window of the task's scope: continuing a watermark stream, or a backfill chunk's fixed one.
     *
     * @param binlogAfter for a pipeline following binlogs, the binlog position taken before the
     *                    window's read, committed with it (the changes after it are the next batch's); else null
     */
    private ShardOutcome window(PipelinePlan plan, ShardReader reader, ShardTaskRef task, Instant runStart, RunControl control,
                                TaskScope scope, Frame frame, String binlogAfter) throws Exception {
        String stream = scope.stream(plan.name());
        String pipeline = scope.recordedUnder(plan.name());
        String shard = reader.shard().id();
        String runId = task.runId();
        Counter counter = frame.counter;
        Path workDir = frame.workDir;
        control.throwIfStopped();
        recover(pipeline, task);
        Watermark committed = stream == null ? null : runs.watermark(stream, shard).orElse(null);
        // a load that commits a binlog position commits once: its position is the one taken before its first row
        boolean slices = committed == null && scope.loadsInSlices() && binlogAfter == null;
        LoadCheckpoint checkpoint = slices ? runs.checkpoint(stream, shard).orElse(null) : null;
        SourceStatus status = reader.status(plan.query());
        // a load taken over reads on within the window it started: a later ceiling would miss rows below its checkpoint
        WindowPlan window = checkpoint != null ? WindowPlan.fixed(new ExtractWindow(null, checkpoint.until()))
                : scope.plan(planner, committed, status);
        runs.startShardRun(task, pipeline, window.window(), frame.began);
        frame.started = true;
        if (window.window() == null) {
            ShardRunState state = window.blocked() ? ShardRunState.FAILED : ShardRunState.SKIPPED;
            runs.endShardRun(task, state, ShardCounts.NONE, window.reason(), clock.instant());
            return new ShardOutcome(shard, state, ShardCounts.NONE, window.reason(), window.blocked());
        }
        ExtractWindow w = window.window();
        AccessPathChoice access = reader.chooseAccessPath(plan.query(), w, settings.primaryKeyScanFraction());
        if (slices && (checkpoint != null || access.path() == AccessPath.PRIMARY_KEY)) {
            return inSlices(plan, reader, task, runStart, control, scope, frame, w,
                    new AccessPathChoice(AccessPath.PRIMARY_KEY, access.windowRows(), access.tableRows()), checkpoint, status);
        }
        TailDigest previousTail = committed == null ? TailDigest.empty() : committed.tail();
        TailDigest.Builder nextTail = previousTail.next(scope.nextTailFrom(planner, w));
        List<StagedFile> staged = extract(plan, reader, task, runStart, plan.dedupes(access.path()), window.previousWatermark(), null,
                previousTail, nextTail, workDir, counter, control, scope, windowReads(plan, reader, w, access, scope), 0);
        List<PublishedFile> files = staged.stream().map(StagedFile::file).toList();
        publish(task, 0, staged, files, frame, control);
        ShardCounts counts = counter.counts(files);
        if (stream != null) {
            commit(task, stream, counts, committed, new Watermark(w.until(), nextTail.build(), binlogAfter),
                    w.until().atZone(status.cursorZone()).toInstant(), counter.writtenKeys());
        } else {
            commitChunk(task, pipeline, counts, counter.writtenKeys());
        }
        log.info("pipeline={} run={} shard={} attempt={} window={} access={} read={} skipped={} written={} quarantined={} files={}"
                        + " examined={} queryMs={} joins={}", pipeline, runId, shard, task.attempt(), w, access.describe(), counts.rowsRead(),
                counts.rowsSkipped(), counts.rowsWritten(), counts.rowsQuarantined(), counts.files(), counter.readCost.rowsExamined(),
                counter.readCost.queryMillis(), counter.readCost.joins());
        return ShardOutcome.succeeded(shard, counts);
    }

    /**
     * A first load in primary-key order committed in slices ({@link TaskScope#loadsInSlices}): each
     * slice's rows are read on from the last committed key until the slice is full
     * ({@link EngineSettings#rebuildSlices}, checked at page ends), its files are published, then
     * recorded committed together with the new {@link LoadCheckpoint} (its last key, the tail digest
     * so far) and its keys in one metadata transaction. The last slice commits the watermark (the
     * window's ceiling) and drops the checkpoint, like any first load. A task that dies loses only
     * its uncommitted slice: the next one reads on after the checkpoint, in the same window.
     *
     * @param resumed the checkpoint left by an earlier task of this load, or null to start at the first key
     */
    private ShardOutcome inSlices(PipelinePlan plan, ShardReader reader, ShardTaskRef task, Instant runStart, RunControl control,
                                  TaskScope scope, Frame frame, ExtractWindow w, AccessPathChoice access, LoadCheckpoint resumed,
                                  SourceStatus status) throws Exception {
        String stream = scope.stream(plan.name());
        String shard = reader.shard().id();
        Counter counter = frame.counter;
        LoadSlices limits = settings.rebuildSlices();
        TailDigest.Builder tail = resumed == null ? TailDigest.empty().next(scope.nextTailFrom(planner, w))
                : resumed.tail().next(resumed.tail().from());
        ShardCounts before = resumed == null ? ShardCounts.NONE : resumed.loaded();
        LoadCheckpoint checkpoint = resumed;
        ReadCost[] total = {new ReadCost(AccessPath.PRIMARY_KEY, 0, 0, 0, java.time.Duration.ZERO)};
        List<PublishedFile> loaded = new ArrayList<>(); // this task's files, over its slices
        if (resumed != null) {
            log.info("pipeline={} run={} shard={} attempt={}: resuming the load of {} after key {} ({} rows loaded before)", stream,
                    task.runId(), shard, task.attempt(), w, resumed.after(), resumed.loaded().rowsRead());
        }
        Object[] position = checkpoint == null ? null : checkpoint.after().toArray();
        for (int slice = 0; ; slice++) {
            Object[] after = position;
            long readBefore = counter.read;
            Object[][] next = new Object[1][];
            Reads reads = rows -> {
                ShardReader.KeyOrderedPart part = reader.readKeyOrderedPart(plan.query(), w, settings.chunkRows(), after,
                        () -> counter.read - readBefore >= limits.rows() || counter.sliceBytes() >= limits.bytes(), rows);
                next[0] = part.next();
                total[0] = total[0].plus(part.cost());
                return ShardReadCost.of(access, total[0], List.of());
            };
            List<StagedFile> staged = extract(plan, reader, task, runStart, plan.dedupes(AccessPath.PRIMARY_KEY), null, null,
                    TailDigest.empty(), tail, frame.workDir, counter, control, scope, reads, slice);
            List<PublishedFile> files = staged.stream().map(StagedFile::file).toList();
            publish(task, loaded.size(), staged, files, frame, control);
            loaded.addAll(files);
            if (next[0] == null) {
                break; // the window's end: the last slice commits the watermark
            }
            position = next[0];
            if (!LoadCheckpoint.canHold(position)) {
                continue; // the slice's files are the task's: they commit with the last slice
            }
            LoadCheckpoint reached = new LoadCheckpoint(w.until(), java.util.Arrays.asList(next[0]), tail.build(),
                    before.plus(counter.counts(loaded)));
            try {
                runs.commitSlice(task, stream, checkpoint, reached, counter.counts(loaded), counter.writtenKeys(), clock.instant());
            } catch (CommitRefusedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CommitOutcomeUnknown(e);
            }
            frame.published.clear(); // committed: a later failure keeps them
            checkpoint = reached;
        }
        ShardCounts counts = counter.counts(loaded);
        commit(task, stream, counts, null, new Watermark(w.until(), tail.build(), null), w.until().atZone(status.cursorZone()).toInstant(),
                counter.writtenKeys());
        log.info("pipeline={} run={} shard={} attempt={} window={} access={} read={} written={} quarantined={} files={} examined={}"
                        + " queryMs={} (in slices{})", stream, task.runId(), shard, task.attempt(), w, access.describe(), counts.rowsRead(),
                counts.rowsWritten(), counts.rowsQuarantined(), counts.files(), counter.readCost.rowsExamined(),
                counter.readCost.queryMillis(), resumed == null ? "" : ", resumed after key " + resumed.after());
        return ShardOutcome.succeeded(shard, counts);
    }

    /**
     * Loads the rows a batch of entity events names (see {@code TriggerKind#EVENT}): their keys are
     * read from the replica by primary key with every join, through the same transform, skipping
     * versions already loaded; a key an event says was deleted and the replica no longer has is
     * written as a tombstone, deleted as of the replica's clock. The watermark stays where it is;
     * the tail digest learns the versions written, so the scheduled window that reads them again
     * skips them. Before a shard's first load has committed, events are left to it.
     */
    ShardOutcome runEvents(PipelinePlan plan, ShardReader reader, ShardTaskRef task, Instant runStart, RunControl control,
                           List<EntityEvent> events) {
        return inFrame(plan, reader, task, plan.name(), control, frame -> events(plan, reader, task, runStart, control, events, frame));
    }

    private ShardOutcome events(PipelinePlan plan, ShardReader reader, ShardTaskRef task, Instant runStart, RunControl control,
                                List<EntityEvent> events, Frame frame) throws Exception {
        String pipeline = plan.name();
        String shard = reader.shard().id();
        control.throwIfStopped();
        recover(pipeline, task);
        Watermark committed = runs.watermark(pipeline, shard).orElse(null);
        SourceStatus status = awaitReplica(plan, reader, reader.status(plan.query()), events, control);
        runs.startShardRun(task, pipeline, null, frame.began);
        frame.started = true;
        if (committed == null) {
            String reason = "the shard's first load has not committed yet: it loads these " + events.size() + " entities";
            runs.endShardRun(task, ShardRunState.SKIPPED, ShardCounts.NONE, reason, clock.instant());
            return new ShardOutcome(shard, ShardRunState.SKIPPED, ShardCounts.NONE, reason, false);
        }
        Map<List<String>, List<Object>> keys = new LinkedHashMap<>();
        Set<List<String>> deleted = new HashSet<>();
        Set<List<String>> reloaded = new HashSet<>();
        for (EntityEvent e : events) {
            List<String> text = e.key().stream().map(String::valueOf).toList();
            keys.putIfAbsent(text, e.key());
            if (e.op() == EntityEvent.Op.DELETE) {
                deleted.add(text);
            } else {
                deleted.remove(text); // an upsert after the delete: whatever the replica has wins
            }
            if (e.op() == EntityEvent.Op.RELOAD) {
                reloaded.add(text);
            }
        }
        if (!deleted.isEmpty() && status.lag().stopped()) {
            throw new ShardTaskFailure("replication on this replica is stopped, so when its rows were last current is unknown and a"
                    + " deletion cannot be dated; the delete events wait for the next batch", true);
        }
        // the replica shows the source as of its clock less its lag: a row re-inserted on the source after that is newer than the tombstone
        Instant observed = status.utcNow().minus(status.lag().stopped() ? java.time.Duration.ZERO : status.lag().lag());
        LocalDateTime observedCursor = LocalDateTime.ofInstant(observed, status.cursorZone());
        TailDigest previousTail = committed.tail();
        // the digest knows the versions from its start; those below were loaded by the windows that covered them
        LocalDateTime covered = previousTail.from() == null ? committed.cursor() : previousTail.from();
        TailDigest.Builder nextTail = previousTail.next(covered);
        Reads reads = rows -> {
            Set<List<String>> found = new HashSet<>();
            int[] keyPositions = plan.query().keyPositions();
            ReadCost cost = reader.readKeys(plan.query(), List.copyOf(keys.values()), (values, version) -> {
                List<String> key = new ArrayList<>(keyPositions.length);
                for (int p : keyPositions) {
                    key.add(String.valueOf(values[p]));
                }
                found.add(key);
                rows.row(values, version);
            });
            for (List<String> key : deleted) {
                if (!found.contains(key)) { // verified: the replica no longer has it
                    rows.row(plan.tombstone(keys.get(key), observed), observedCursor);
                }
            }
            return ShardReadCost.of(new AccessPathChoice(AccessPath.PRIMARY_KEY, keys.size(), 0), cost, List.of());
        };
        Counter counter = frame.counter;
        // below the digest's start a version was loaded by the window that covered it, unless a reconciliation found its key missing
        LoadedBefore loadedBefore = (key, version) -> version.isBefore(covered)
                && (reloaded.isEmpty() || !reloaded.contains(java.util.Arrays.stream(key).map(String::valueOf).toList()));
        List<StagedFile> staged = extract(plan, reader, task, runStart, plan.deduplicator() != null, committed.cursor(), loadedBefore,
                previousTail, nextTail, frame.workDir, counter, control, TaskScope.INCREMENTAL, reads, 0);
        List<PublishedFile> files = staged.stream().map(StagedFile::file).toList();
        publish(task, 0, staged, files, frame, control);
        ShardCounts counts = counter.counts(files);
        commit(task, pipeline, counts, committed, new Watermark(committed.cursor(), nextTail.build()),
                committed.cursor().atZone(status.cursorZone()).toInstant(), counter.writtenKeys());
        log.info("pipeline={} run={} shard={} attempt={} events={} keys={} read={} skipped={} written={} quarantined={}", pipeline,
                task.runId(), shard, task.attempt(), events.size(), keys.size(), counts.rowsRead(), counts.rowsSkipped(),
                counts.rowsWritten(), counts.rowsQuarantined());
        return ShardOutcome.succeeded(shard, counts);
    }

    /**
     * One micro-batch of a pipeline following binlogs ({@code source.mode: cdc}). A shard with no
     * binlog position yet is first loaded by a window, after the server's current position is taken
     * (so every change committed after the snapshot's start is in the next batches; one the snapshot
     * read too is in the tail digest and skipped). Then each task takes the transactions committed
     * since the committed position up to the server's position when it started: inserts and
     * updates through the transform, each version as its own row (no dedupe), deletes as tombstones
     * dated at the delete's commit (after the deleted version); then commits the new position with
     * the watermark, tail digest and the task's counts in one transaction, so a task that dies
     * leaves the position where it was and the next one reads the same transactions again.
     *
     * <p>A position the server no longer has (purged, or a server without GTIDs took over) falls back
     * to a window from the committed cursor, starting the binlog afresh at the current position; the
     * task says so in its record. A change of the table's definition (ALTER TABLE) ends a batch; the
     * next one takes it and reads on with the table's columns if every column the pipeline reads is
     * still there, and fails without retry otherwise.
     */
    ShardOutcome runBinlog(PipelinePlan plan, ShardReader reader, BinlogReader binlog, ShardTaskRef task, Instant runStart,
                           RunControl control, TaskScope scope) {
        return inFrame(plan, reader, task, scope.recordedUnder(plan.name()), control,
                frame -> binlogBatch(plan, reader, binlog, task, runStart, control, scope, frame));
    }

    /** One binlog task of a scope that continues a stream: the pipeline's own, or a rebuild's version's (its load, then its catch-up). */
    private ShardOutcome binlogBatch(PipelinePlan plan, ShardReader reader, BinlogReader binlog, ShardTaskRef task, Instant runStart,
                                     RunControl control, TaskScope scope, Frame frame) throws Exception {
        String pipeline = scope.recordedUnder(plan.name());
        String shard = reader.shard().id();
        control.throwIfStopped();
        recover(pipeline, task);
        Watermark committed = runs.watermark(pipeline, shard).orElse(null);
        SourceStatus status = reader.status(plan.query());
        BinlogPosition head;
        try {
            head = binlog.head();
        } catch (BinlogUnavailableException e) {
            throw new ShardTaskFailure(e.getMessage(), false);
        }
        if (committed == null || committed.binlog() == null) {
            log.info("pipeline={} shard={}: first load by window, then the binlog from {}", pipeline, shard, head);
            return window(plan, reader, task, runStart, control, scope, frame, head.format());
        }
        BinlogPosition from = BinlogPosition.parse(committed.binlog());
        String unresumable = binlog.unresumable(from, head);
        if (unresumable != null) {
            return fallBack(plan, reader, task, runStart, control, scope, frame, committed, head, unresumable);
        }
        BinlogReader.Shape shape = new BinlogReader.Shape(plan.definition().source().table(), plan.query().selectColumns(),
                plan.definition().source().cursor(), plan.definition().source().softDelete(), ExtractQuery.DELETED);
        runs.startShardRun(task, pipeline, null, frame.began);
        frame.started = true;
        ZoneId zone = status.cursorZone();
        TailDigest previousTail = committed.tail();
        // the digest keeps what it knew; entries leave it once the watermark has moved a lookback past them (below)
        TailDigest.Builder collected = previousTail.next(previousTail.from() == null ? committed.cursor() : previousTail.from());
        BinlogBatch[] taken = new BinlogBatch[1];
        Reads reads = rows -> {
            taken[0] = binlog.read(from, head, shape, BINLOG_MAX_CHANGES_PER_TASK, () -> control.stopped() != null, c -> {
                if (c.op() == BinlogChange.Op.DELETE) {
                    // dated at the delete's commit, and after the version it deletes (commit times are whole seconds)
                    LocalDateTime at = max(LocalDateTime.ofInstant(Instant.ofEpochMilli(c.sourceMillis()), zone),
                            c.version() == null ? null : c.version().plusNanos(1_000_000));
                    List<Object> key = new ArrayList<>();
                    for (int p : plan.query().keyPositions()) {
                        key.add(c.values()[p]);
                    }
                    rows.row(plan.tombstone(key, at.atZone(zone).toInstant()), at);
                } else if (c.version() == null) {
                    throw new ShardTaskFailure("a row of " + shape.table() + " has a null " + shape.cursor() + " in the binlog: the"
                            + " lake versions rows by their cursor; make it NOT NULL", false);
                } else {
                    rows.row(c.values(), c.version());
                }
            });
            long changes = taken[0].changes();
            return ShardReadCost.of(new AccessPathChoice(AccessPath.PRIMARY_KEY, changes, 0),
                    new ReadCost(AccessPath.PRIMARY_KEY, changes, 0, 0, java.time.Duration.ZERO), List.of());
        };
        Counter counter = frame.counter;
        // every version is its own row (no dedupe); one the tail digest holds was written already (by the first load, or a batch)
        List<StagedFile> staged = extract(plan, reader, task, runStart, false, committed.cursor(), null, previousTail, collected,
                frame.workDir, counter, control, scope, reads, 0);
        BinlogBatch batch = taken[0];
        // the watermark: every transaction committed before the head's time is taken (a version older than that committing later is
        // a late commit, for the lookback); a read cut short only vouches for the time of its last transaction
        LocalDateTime through = batch.reachedHead() ? LocalDateTime.ofInstant(status.utcNow(), zone)
                : batch.lastCommitMillis() == 0 ? committed.cursor()
                : LocalDateTime.ofInstant(Instant.ofEpochMilli(batch.lastCommitMillis()), zone);
        LocalDateTime nextCursor = max(committed.cursor(), through.minus(settings.safetyLag()).minusSeconds(1));
        TailDigest all = collected.build();
        TailDigest nextTail = all.next(max(all.from(), planner.nextTailFrom(nextCursor))).build();
        List<PublishedFile> files = staged.stream().map(StagedFile::file).toList();
        publish(task, 0, staged, files, frame, control);
        ShardCounts counts = counter.counts(files);
        commit(task, pipeline, counts, committed, new Watermark(nextCursor, nextTail, batch.end().format()),
                nextCursor.atZone(zone).toInstant(), counter.writtenKeys());
        String note = batch.ddlApplied() != null ? "took the table change '" + clip(batch.ddlApplied()) + "'; its columns still hold"
                + " every column the pipeline reads"
                : batch.ddl() != null ? "stopped before the table change '" + clip(batch.ddl()) + "': the next batch takes it" : null;
        if (note != null) {
            runs.noteShardRun(task, note);
        }
        log.info("pipeline={} run={} shard={} attempt={} binlog={}..{} changes={} written={} skipped={} quarantined={} files={}{}",
                pipeline, task.runId(), shard, task.attempt(), from, batch.end(), batch.changes(), counts.rowsWritten(),
                counts.rowsSkipped(), counts.rowsQuarantined(), counts.files(), note == null ? "" : " (" + note + ")");
        return ShardOutcome.succeeded(shard, counts);
    }

    /**
     * The binlog cannot be resumed: a window from the committed cursor (less the lookback) reads
     * what changed since, and the binlog is followed from {@code head}, taken before it. Versions
     * in between those two reads land once (tail digest); deletes of the gap are not seen.
     */
    private ShardOutcome fallBack(PipelinePlan plan, ShardReader reader, ShardTaskRef task, Instant runStart, RunControl control,
                                  TaskScope scope, Frame frame, Watermark committed, BinlogPosition head, String why) throws Exception {
        String note = why + "; fell back to an updated_at window from the last committed cursor " + committed.cursor()
                + " (less the lookback), and follows the binlog from " + head + " on; rows deleted meanwhile are not tombstoned";
        log.warn("pipeline={} shard={}: {}", plan.name(), reader.shard().id(), note);
        ShardOutcome outcome = window(plan, reader, task, runStart, control, scope, frame, head.format());
        if (outcome.state() == ShardRunState.SUCCEEDED) {
            runs.noteShardRun(task, note);
        }
        return outcome;
    }

    private static LocalDateTime max(LocalDateTime a, LocalDateTime b) {
        return b == null || a != null && !b.isAfter(a) ? a : b;
    }

    private static String clip(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    /**
     * Waits, at most {@link #EVENT_REPLICA_WAIT}, until the replica shows every change the events
     * say happened: its clock less its lag at or past their newest {@code updated_at}. Read any
     * earlier, a row would be loaded at an older version than the event announced (still exact: the
     * scheduled window loads the newer one later, just not within seconds).
     */
    private SourceStatus awaitReplica(PipelinePlan plan, ShardReader reader, SourceStatus status, List<EntityEvent> events,
                                      RunControl control) throws Exception {
        Instant newest = events.stream().map(EntityEvent::updatedAt).filter(java.util.Objects::nonNull).max(Instant::compareTo)
                .orElse(null);
        Instant deadline = clock.instant().plus(EVENT_REPLICA_WAIT);
        while (newest != null && !appliedThrough(status, newest)) {
            if (!clock.instant().isBefore(deadline)) {
                log.warn("pipeline={} shard={}: the replica has not shown changes up to {} after {}; rows are read as they are and the"
                        + " scheduled window loads newer versions", plan.name(), reader.shard().id(), newest, EVENT_REPLICA_WAIT);
                return status;
            }
            control.throwIfStopped();
            Thread.sleep(EVENT_REPLICA_POLL.toMillis());
            status = reader.status(plan.query());
        }
        return status;
    }

    private static boolean appliedThrough(SourceStatus status, Instant at) {
        return !status.lag().stopped() && !status.utcNow().minus(status.lag().lag()).isBefore(at);
    }

    /** Records the keys about to be published with the read's cost, then publishes each file (visible only when whole). */
    private void publish(ShardTaskRef task, int firstSeq, List<StagedFile> staged, List<PublishedFile> files, Frame frame,
                         RunControl control) throws IOException, ShardTaskFailure {
        control.throwIfStopped();
        runs.markPublishing(task, firstSeq, files, frame.counter.readCost);
        for (StagedFile f : staged) {
            store.publish(f.local(), f.file().key());
            frame.published.add(f.file());
        }
    }

    /**
     * Commits the watermark. A refused compare-and-set changed nothing, so the caller may remove
     * the published files; any other failure may have happened after the database committed.
     */
    private void commit(ShardTaskRef task, String pipeline, ShardCounts counts, Watermark expected, Watermark next, Instant nextAt,
                        KeyDelta.Written keys) throws CommitOutcomeUnknown {
        try {
            runs.commitShard(task, pipeline, counts, expected, next, nextAt, keys, clock.instant());
        } catch (CommitRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CommitOutcomeUnknown(e);
        }
    }

    /** Like {@link #commit}, for a chunk: only the task's record changes. */
    private void commitChunk(ShardTaskRef task, String pipeline, ShardCounts counts, KeyDelta.Written keys) throws CommitOutcomeUnknown {
        try {
            runs.commitChunkShard(task, pipeline, counts, keys, clock.instant());
        } catch (CommitRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CommitOutcomeUnknown(e);
        }
    }

    /** The watermark commit failed in a way that does not say whether it reached the database. */
    private static final class CommitOutcomeUnknown extends Exception {
        CommitOutcomeUnknown(RuntimeException cause) {
            super("committing the watermark failed and it is unknown whether the commit landed (" + cause.getMessage()
                    + "); the published files stay: the next run of this shard keeps them if the commit landed"
                    + " and removes them if not", cause);
        }
    }

    /** Removes what tasks that died before committing may have published, then closes them. */
    private void recover(String pipeline, ShardTaskRef current) throws IOException {
        for (RunRepository.UnfinishedShardRun u : runs.unfinishedShardRuns(pipeline, current)) {
            for (PublishedFile f : u.files()) {
                store.delete(f.key());
                store.removeIncomplete(f.key()); // a kill mid-publish leaves a hidden temp file beside it
            }
            runs.endShardRun(u.task(), ShardRunState.ABANDONED, ShardCounts.NONE,
                    "the task stopped before committing (" + u.state() + "); " + u.files().size() + " file(s) it may have published were removed",
                    clock.instant());
            log.warn("pipeline={} shard={} recovered unfinished task {}: removed {} file(s)", pipeline, current.shard(), u.task(),
                    u.files().size());
        }
    }

    /** A finished local file and the object it is published as. */
    private record StagedFile(PublishedFile file, Path local) {
    }

    /** How a task reads its rows: each goes to {@code rows}; the reads' cost on the replica is returned. */
    @FunctionalInterface
    private interface Reads {
        ShardReadCost read(SourceRowHandler rows) throws Exception;
    }

    /** The window's rows, then (continuing windows with joins) the rows depending on joined rows changed in it. */
    private Reads windowReads(PipelinePlan plan, ShardReader reader, ExtractWindow window, AccessPathChoice access, TaskScope scope) {
        return rows -> {
            ReadCost cost = reader.read(plan.query(), window, access.path(), settings.chunkRows(), rows);
            List<JoinReadCost> joinReads = new ArrayList<>();
            if (scope.readsDependents(window)) {
                for (int j : plan.query().fanOutOrder()) {
                    joinReads.add(reader.readDependents(plan.query(), j, window, settings.joinLookupKeys(), settings.chunkRows(), rows));
                }
            }
            return ShardReadCost.of(access, cost, joinReads);
        };
    }

    /** Whether a row version is known to be in the lake already without asking the tail digest. */
    @FunctionalInterface
    private interface LoadedBefore {
        boolean loaded(Object[] key, LocalDateTime version);
    }

    /**
     * @param loadedBefore versions loaded by the windows that covered them (below the digest's
     *                     start, which knows only those above); null when the reads stay in the window
     */
    private List<StagedFile> extract(PipelinePlan plan, ShardReader reader, ShardTaskRef task, Instant runStart, boolean dedupe,
                                        LocalDateTime previousWatermark, LoadedBefore loadedBefore, TailDigest previousTail,
                                        TailDigest.Builder nextTail, Path workDir, Counter counter, RunControl control, TaskScope scope,
                                        Reads reads, int slice) throws Exception {
        String runId = task.runId();
        String shard = reader.shard().id();
        String table = scope.table(plan.live());
        int[] keyPositions = plan.query().keyPositions();
        // Taken when the read starts, so the task that reads a row later carries the greater sequence.
        long runSeq = runs.nextRunSequence();
        TransformContext context = new TransformContext(shard, clock.instant(), runId, runSeq);
        counter.runSeq = runSeq;
        counter.keys = plan.keepsKeyIndex() ? new KeyDelta.Builder() : null;
        String prefix = LakeLayout.filePrefix(runId, shard, task.attempt(), slice);
        Path quarantinePath = workDir.resolve(prefix + ".jsonl");
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(plan.transform().outputSchema(), plan.parquet(),
                workDir.resolve("data"), prefix);
             QuarantineWriter quarantine = new QuarantineWriter(quarantinePath, plan.query().selectColumns(), shard, runId)) {
            counter.writer = writer;
            RowRouter router = new RowRouter(plan, dedupe, writer, quarantine, settings.dedupeBatchRows(), counter);
            // rows of entity events and of binlog batches can be versions above the watermark
            ViewRowIdentity identity = new ViewRowIdentity(plan.query(), plan.takesEvents() || plan.definition().source().cdc());
            try {
                SourceRowHandler rows = (values, version) -> {
                    if ((++counter.read & STOP_CHECK_MASK) == 0) {
                        control.throwIfStopped();
                    }
                    Object[] key = new Object[keyPositions.length];
                    for (int i = 0; i < key.length; i++) {
                        key[i] = values[keyPositions[i]];
                    }
                    // A row already loaded (read again through the lookback, or a view row whose inputs did not change) is skipped.
                    boolean mayRepeat = previousWatermark != null && identity.mayRepeat(version, previousWatermark);
                    boolean remembered = nextTail.covers(version);
                    Object[] id = mayRepeat || remembered ? identity.of(key, values) : null;
                    if (loadedBefore != null && loadedBefore.loaded(key, version) || mayRepeat && previousTail.contains(version, id)) {
                        counter.skipped++;
                        return;
                    }
                    if (remembered) {
                        nextTail.add(version, id);
                    }
                    router.route(values, key, version, context);
                };
                counter.readCost = reads.read(rows);
                router.flush();
                checkQuarantine(plan, counter);
                List<StagedFile> files = new ArrayList<>();
                for (WrittenFile f : writer.finish()) {
                    files.add(new StagedFile(new PublishedFile(scope.dataKey(table, f, runId, liveFolders), PublishedFile.Kind.DATA, f.rows(),
                            f.bytes()), f.localPath()));
                }
                Path q = quarantine.finish();
                if (q != null) {
                    files.add(new StagedFile(new PublishedFile(LakeLayout.quarantineKey(table, runStart, prefix),
                            PublishedFile.Kind.QUARANTINE, quarantine.rows(), Files.size(q)), q));
                }
                return files;
            } catch (Exception e) {
                writer.abort();
                throw e;
            }
        }
    }

    private void checkQuarantine(PipelinePlan plan, Counter c) throws ShardTaskFailure {
        long considered = Math.max(1, c.read - c.skipped);
        double fraction = (double) c.quarantined / considered;
        double max = plan.definition().quarantine().maxFraction();
        if (c.quarantined >= settings.quarantineMinRows() && fraction > max) {
            throw new ShardTaskFailure(String.format(java.util.Locale.ROOT,
                    "%d of %d rows (%.2f%%) were quarantined, above quarantine.max_fraction %.2f%%; nothing was written. First reason: %s",
                    c.quarantined, considered, fraction * 100, max * 100, c.firstReason), false);
        }
    }

    /** Deletes published files of a failed task; false when some could not be deleted. */
    private boolean unpublish(List<PublishedFile> published) {
        boolean all = true;
        for (PublishedFile f : published) {
            try {
                store.delete(f.key());
            } catch (IOException | RuntimeException e) {
                log.warn("could not remove {} after a failure: {}", f.key(), e.getMessage());
                all = false;
            }
        }
        return all;
    }

    private static String describe(Throwable e) {
        if (e instanceof ShardTaskFailure || e instanceof CommitOutcomeUnknown) {
            return e.getMessage();
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 1500; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }

    /** Running counts of one task. */
    static final class Counter {
        long read;
        long skipped;
        long written;
        long quarantined;
        String firstReason;
        ShardReadCost readCost;
        /** The keys written, for pipelines that keep a key index; null otherwise. */
        KeyDelta.Builder keys;
        long runSeq;
        /** The writer of the rows being extracted. */
        PartitionedParquetWriter writer;

        /** Parquet bytes the current extract has written so far. */
        long sliceBytes() {
            return writer == null ? 0 : writer.bytesWritten();
        }

        KeyDelta.Written writtenKeys() {
            return keys == null ? KeyDelta.Written.NONE : keys.written(runSeq);
        }

        ShardCounts counts(List<PublishedFile> files) {
            long bytes = 0;
            int dataFiles = 0;
            for (PublishedFile f : files) {
                bytes += f.bytes();
                if (f.kind() == PublishedFile.Kind.DATA) {
                    dataFiles++;
                }
            }
            return new ShardCounts(read, skipped, written, quarantined, dataFiles, bytes);
        }
    }

    /** Sends transformed rows through dedupe and partitioning to the writer, bad rows to quarantine. */
    private static final class RowRouter implements RowSink {
        private final PipelinePlan plan;
        private final PartitionedParquetWriter writer;
        private final QuarantineWriter quarantine;
        private final int batchRows;
        private final Counter counter;
        private final List<Object[]> batch;
        private Object[] currentSource;
        private Object[] currentKey;
        private LocalDateTime currentCursor;
        private Exception failure;
        private final int deletedPosition;

        /** @param dedupe whether rows go through the plan's deduplicator */
        RowRouter(PipelinePlan plan, boolean dedupe, PartitionedParquetWriter writer, QuarantineWriter quarantine, int batchRows,
                  Counter counter) {
            this.plan = plan;
            this.writer = writer;
            this.quarantine = quarantine;
            this.batchRows = batchRows;
            this.counter = counter;
            this.batch = dedupe ? new ArrayList<>(Math.min(batchRows, 16_384)) : null;
            this.deletedPosition = plan.deletedPosition();
        }

        void route(Object[] source, Object[] key, LocalDateTime cursor, TransformContext context) throws Exception {
            currentSource = source;
            currentKey = key;
            currentCursor = cursor;
            plan.transform().apply(source, context, this);
            if (failure != null) {
                throw failure;
            }
            if (counter.keys != null) {
                // the key index holds every key loaded, a quarantined row's too: it is accounted for (counted,
                // kept in _quarantine), and a reconciliation must not reload it as never loaded
                counter.keys.add(((Number) key[0]).longValue(), deletedPosition >= 0 && isTrue(source[deletedPosition]));
            }
        }

        private static boolean isTrue(Object flag) {
            return flag instanceof Boolean b ? b : flag instanceof Number n && n.longValue() != 0;
        }

        @Override
        public void row(Object[] values) {
            String folder = plan.partitioner().folderOf(values);
            if (folder == null) {
                quarantine("partition column " + plan.partitioner().column() + " is null");
                return;
            }
            String refusal = plan.sinkRefusal(values);
            if (refusal != null) {
                quarantine(refusal);
                return;
            }
            if (batch == null) {
                write(folder, values);
                return;
            }
            batch.add(values);
            if (batch.size() >= batchRows) {
                flushBatch();
            }
        }

        private void write(String folder, Object[] values) {
            try {
                writer.write(folder, values);
                counter.written++;
            } catch (IOException | RuntimeException e) {
                failure = e instanceof RuntimeException r ? r : new IOException("writing Parquet failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void quarantine(String reason) {
            counter.quarantined++;
            if (counter.firstReason == null) {
                counter.firstReason = reason;
            }
            try {
                quarantine.write(currentKey, currentCursor, reason, currentSource);
            } catch (IOException e) {
                failure = e;
            }
        }

        void flush() throws Exception {
            if (batch != null) {
                flushBatch();
            }
            if (failure != null) {
                throw failure;
            }
        }

        private void flushBatch() {
            for (Object[] row : plan.deduplicator().dedupe(batch)) {
                write(plan.partitioner().folderOf(row), row);
            }
            batch.clear();
        }
    }
}
