package io.shardlake.engine.run;

import io.shardlake.connectors.source.ReadCost;
import io.shardlake.connectors.source.ShardReader;
import io.shardlake.engine.lake.KeyDelta;
import io.shardlake.engine.lake.KeyIndexStore;
import io.shardlake.engine.lake.LiveKeys;
import io.shardlake.engine.reconcile.KeyRanges;
import io.shardlake.engine.reconcile.RangeComparison;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one shard's keys (a task of a RECONCILE run), so that hard deletes reach the lake
 * without events or CDC:
 * <ol>
 *   <li>folds the deltas tasks committed since the last time into the shard's lake key index (the
 *       lake's files are never read);</li>
 *   <li>summarizes every key range on the replica in one aggregate over an index (count and hash
 *       sum per range, no row read) and the same on the lake's keys;</li>
 *   <li>lists, by primary-key ranges, only the keys of ranges that differ;</li>
 *   <li>queues a delete event for each lake key the replica no longer has (the EVENT run verifies
 *       it is gone and writes the tombstone) and an upsert event for each key the replica has had
 *       since before the watermark (less the lookback) that the lake lacks: that is data lost
 *       somewhere, so the shard fails with the keys named, which alerts.</li>
 * </ol>
 * A key the replica holds whose cursor is at or past that point may simply not be loaded yet: not
 * missing.
 */
public final class ShardReconciler {

    private static final Logger log = LoggerFactory.getLogger(ShardReconciler.class);
    /** About how many ranges a shard is cut into: groups of the replica's aggregate, sent as one row each. */
    static final int TARGET_RANGES = 16_384;
    /** Narrower ranges cost a group each for few keys. */
    static final long MIN_RANGE_WIDTH = 16;
    private static final int SAMPLE_KEYS = 20;

    private final RunRepository runs;
    private final KeyIndexStore index;
    private final EntityEventStore events;
    private final ReconciliationStore findings;
    private final io.shardlake.engine.window.Lookback lookback;
    private final Clock clock;

    public ShardReconciler(RunRepository runs, KeyIndexStore index, EntityEventStore events, ReconciliationStore findings,
                           Duration lookback, Clock clock) {
        this.runs = runs;
        this.index = index;
        this.events = events;
        this.findings = findings;
        this.lookback = new io.shardlake.engine.window.Lookback(lookback);
        this.clock = clock;
    }

    /** Never throws: the outcome, failures included, is recorded and returned. */
    ShardOutcome run(PipelinePlan plan, ShardReader reader, ShardTaskRef task, RunControl control) {
        String pipeline = plan.name();
        String shard = reader.shard().id();
        boolean started = false;
        try (RunControl.Registration abortRead = control.onStop(reader::abort)) {
            control.throwIfStopped();
            runs.startShardRun(task, pipeline, null, clock.instant());
            started = true;
            Watermark committed = runs.watermark(pipeline, shard).orElse(null);
            if (committed == null) {
                return end(task, ShardRunState.SKIPPED, ShardCounts.NONE, "the shard's first load has not committed yet: nothing to"
                        + " reconcile", false);
            }
            KeyIndexStore.Folded folded = index.folded(pipeline, shard).orElse(null);
            if (folded == null) {
                return end(task, ShardRunState.FAILED, ShardCounts.NONE, "this shard was loaded before the pipeline had"
                        + " source.reconcile, so the lake's keys of that load were never recorded: reconciliation needs a table loaded"
                        + " with it (rebuild the table, or register the pipeline under a new target table)", false);
            }
            List<KeyIndexStore.Delta> deltas = index.deltas(pipeline, shard);
            LiveKeys.Changes changes = new LiveKeys.Changes();
            deltas.forEach(d -> KeyDelta.decode(d.data(), changes::add));
            LiveKeys lake = LiveKeys.decode(folded.parts()).apply(changes);
            if (!index.replace(pipeline, shard, folded.generation(), lake.encode(), lake.size(),
                    deltas.stream().map(KeyIndexStore.Delta::id).toList(), clock.instant())) {
                return end(task, ShardRunState.FAILED, ShardCounts.NONE, "another reconciliation folded this shard's key index"
                        + " meanwhile; retried", true);
            }
            control.throwIfStopped();
            String table = plan.query().table();
            String key = plan.query().primaryKey().get(0);
            long[] span = reader.keySpan(table, key);
            KeyRanges ranges = span == null ? new KeyRanges(0, 1L << 60) // every lake key is gone: a few ranges hold them
                    : rangesOver(span[0], span[1]);
            Map<Long, KeyRanges.Summary> source = new TreeMap<>();
            long[] sourceKeys = new long[1];
            ReadCost summaryCost = span == null ? null : reader.summarizeKeyRanges(table, key, ranges.base(), ranges.width(), (r, n, h) -> {
                source.put(r, new KeyRanges.Summary(n, h));
                sourceKeys[0] += n;
            });
            RangeComparison comparison = RangeComparison.of(source, ranges.summarize(lake));
            control.throwIfStopped();
            LocalDateTime dueBefore = lookback.below(committed.cursor());
            List<Long> gone = new ArrayList<>();
            List<Long> missing = new ArrayList<>();
            for (long r : comparison.goneFromSource()) {
                addLakeKeys(lake, ranges.from(r), ranges.until(r), gone);
            }
            ReadCost listCost = null;
            if (!comparison.toList().isEmpty()) {
                List<long[]> listed = comparison.toList().stream().map(r -> new long[] {ranges.from(r), ranges.until(r)}).toList();
                List<Long> sourceListed = new ArrayList<>();
                List<LocalDateTime> cursors = new ArrayList<>();
                listCost = reader.listKeys(table, key, plan.query().cursor(), listed, (k, cursor) -> {
                    sourceListed.add(k);
                    cursors.add(cursor);
                });
                diff(lake, listed, sourceListed, cursors, dueBefore, gone, missing);
            }
            queue(pipeline, shard, gone, missing);
            long examined = examined(summaryCost, listCost);
            String sample = (missing.isEmpty() ? gone : missing).stream().limit(SAMPLE_KEYS).map(String::valueOf)
                    .collect(Collectors.joining(", "));
            findings.record(new ShardReconciliation(task.runId(), shard, pipeline, sourceKeys[0], lake.size(), comparison.ranges(),
                    comparison.differing(), examined, gone.size(), missing.size(), sample, clock.instant()));
            log.info("pipeline={} run={} shard={} reconciled: source keys={} lake keys={} ranges={} differing={} examined={} deleted={}"
                            + " missing={}", pipeline, task.runId(), shard, sourceKeys[0], lake.size(), comparison.ranges(),
                    comparison.differing(), examined, gone.size(), missing.size());
            ShardCounts counts = new ShardCounts(sourceKeys[0], 0, 0, 0, 0, 0);
            if (!missing.isEmpty()) {
                return end(task, ShardRunState.FAILED, counts, missing.size() + " key(s) the replica has had since before the watermark"
                        + " were never loaded (e.g. " + sample + "): rows committed with an updated_at older than the lookback"
                        + " allowed, or inserted without moving it; they are reloaded by an EVENT run. Raise"
                        + " shardlake.extract.lookback if this recurs", false);
            }
            return end(task, ShardRunState.SUCCEEDED, counts, null, false);
        } catch (Exception e) {
            RunControl.Stop stop = control.stopped();
            String error = (stop != null ? "stopped: " + stop.reason() + " (" : "") + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (stop != null ? ")" : "");
            log.warn("pipeline={} run={} shard={} reconciliation failed: {}", pipeline, task.runId(), shard, error,
                    e instanceof RuntimeException ? e : null);
            try {
                if (!started) {
                    runs.startShardRun(task, pipeline, null, clock.instant());
                }
                runs.endShardRun(task, ShardRunState.FAILED, ShardCounts.NONE, error, clock.instant());
            } catch (RuntimeException recordFailure) {
                log.warn("pipeline={} run={} shard={}: could not record the failure: {}", pipeline, task.runId(), shard,
                        recordFailure.getMessage());
            }
            return new ShardOutcome(shard, ShardRunState.FAILED, ShardCounts.NONE, error,
                    stop == null && !(e instanceof LeaseLostException) && !(e instanceof io.shardlake.connectors.source.SourceContractException));
        }
    }

    /** The ranges a shard whose replica holds keys {@code [min, max]} is compared by. */
    public static KeyRanges rangesOver(long min, long max) {
        return KeyRanges.over(min, max, TARGET_RANGES, MIN_RANGE_WIDTH);
    }

    private ShardOutcome end(ShardTaskRef task, ShardRunState state, ShardCounts counts, String error, boolean retryable) {
        runs.endShardRun(task, state, counts, error, clock.instant());
        return new ShardOutcome(task.shard(), state, counts, error, retryable);
    }

    /** Lake keys in {@code [from, until)}. */
    private static void addLakeKeys(LiveKeys lake, long from, long until, List<Long> out) {
        for (int i = lake.indexAtOrAbove(from); i < lake.size() && lake.get(i) < until; i++) {
            out.add(lake.get(i));
        }
    }

    /**
     * Compares the listed ranges key by key: lake keys the replica lacks are gone; replica keys the lake
     * lacks are missing when their cursor is below {@code dueBefore} (else not loaded yet).
     */
    static void diff(LiveKeys lake, List<long[]> listed, List<Long> sourceKeys, List<LocalDateTime> cursors, LocalDateTime dueBefore,
                     List<Long> gone, List<Long> missing) {
        int s = 0;
        for (long[] range : listed) {
            int l = lake.indexAtOrAbove(range[0]);
            while (true) {
                boolean lakeHas = l < lake.size() && lake.get(l) < range[1];
                boolean sourceHas = s < sourceKeys.size() && sourceKeys.get(s) < range[1];
                if (!lakeHas && !sourceHas) {
                    break;
                }
                long lk = lakeHas ? lake.get(l) : Long.MAX_VALUE;
                long sk = sourceHas ? sourceKeys.get(s) : Long.MAX_VALUE;
                if (lk == sk) {
                    l++;
                    s++;
                } else if (lk < sk) {
                    gone.add(lk);
                    l++;
                } else {
                    LocalDateTime cursor = cursors.get(s);
                    if (cursor != null && cursor.isBefore(dueBefore)) {
                        missing.add(sk);
                    }
                    s++;
                }
            }
        }
    }

    private void queue(String pipeline, String shard, List<Long> gone, List<Long> missing) {
        List<EntityEvent> found = new ArrayList<>(gone.size() + missing.size());
        gone.forEach(k -> found.add(new EntityEvent(pipeline, shard, List.of(k), EntityEvent.Op.DELETE, null)));
        missing.forEach(k -> found.add(new EntityEvent(pipeline, shard, List.of(k), EntityEvent.Op.RELOAD, null)));
        Instant now = clock.instant();
        for (int from = 0; from < found.size(); from += 10_000) {
            events.add(found.subList(from, Math.min(found.size(), from + 10_000)), now);
        }
    }

    private static long examined(ReadCost a, ReadCost b) {
        long total = 0;
        for (ReadCost c : new ReadCost[] {a, b}) {
            if (c != null) {
                if (c.rowsExamined() < 0) {
                    return -1;
                }
                total += c.rowsExamined();
            }
        }
        return total;
    }
}
