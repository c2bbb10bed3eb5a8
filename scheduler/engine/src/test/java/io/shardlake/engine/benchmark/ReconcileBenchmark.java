package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.GcLog;
import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import io.shardlake.connectors.testing.bench.ServerCpu;
import io.shardlake.connectors.testing.bench.ServerStatus;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardReconciliation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The reconciliation benchmark: what finding hard deletes costs the replica and how long it takes,
 * for {@code bench.shards} shards of {@code bench.keysPerShard} orders with {@code bench.deletedFraction}
 * of them deleted, and whether exactly the deleted keys get tombstones. A documented command, not a test:
 *
 * <pre>
 * ./mvnw -q -pl scheduler/engine -am -Pbench-reconcile test-compile -Dbench.shards=12 -Dbench.keysPerShard=1000000 \
 *     -Dbench.deletedFraction=0.001 -Dbench.rounds=3 -Dbench.heap=512m
 * </pre>
 *
 * <ol>
 *   <li>Loads (or reuses) the shard databases {@value #DATABASE_PREFIX}01.. on the server named by
 *       {@code SHARDLAKE_BENCH_MYSQL_HOST/PORT/USER/PASSWORD} (default the local MariaDB): the production-shaped
 *       orders of {@link OrderGenerator} ({@code updated_at} independent of the key, the JSON payload kept, an
 *       index on {@code (updated_at, id)}). Rows an earlier invocation deleted are put back first
 *       ({@link HardDeletes#restore}). Prints the data size against the InnoDB buffer pool, and the replica's
 *       plan of the summary aggregate (an index-only pass: {@code Using index}).</li>
 *   <li>Runs the first load of the pipeline with {@code source.reconcile} ({@link BenchPipeline#reconciling})
 *       through the engine ({@link ReconcileRuns}), so each shard has a key index, then a first RECONCILE run,
 *       which folds the first load's key deltas into it (reported, not in the medians).</li>
 *   <li>Then {@code bench.rounds} rounds of: <b>deletes</b>, a fresh random {@code bench.deletedFraction} of
 *       each shard's keys deleted ({@link HardDeletes}), one RECONCILE run measured ({@link RoundMeter}), its
 *       findings read, the EVENT run(s) it queued run and measured, and the lake read back with DuckDB: the
 *       tombstones those runs wrote are exactly the deleted keys, and the current state (deletes applied)
 *       holds as many keys as the shards; then <b>unchanged</b>, one RECONCILE run with nothing changed,
 *       which must find no differing range and queue nothing.</li>
 *   <li>Prints per round and as medians: wall time, the replica's rows examined (the findings' sum, from the
 *       sessions' {@code Handler_read_*} counters: index entries read plus the aggregate's temporary-table
 *       lookups; and the global counters), the replica's CPU (from /proc), ranges and ranges differing, keys
 *       listed, tombstones written against keys deleted, the EVENT runs' wall time, GC and after-GC heap.</li>
 * </ol>
 * Exits with 1 when a round did not tombstone exactly the deleted keys (or found anything in an
 * unchanged round), with 2 when the JVM writes no GC log it can read.
 */
public final class ReconcileBenchmark {

    static final String DATABASE_PREFIX = "shardlake_bench_rec_s";

    private ReconcileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        GcLog gcLog = GcLog.ofThisJvm().orElse(null);
        if (gcLog == null) {
            System.err.println("No readable GC log: start the JVM with " + GcLog.OPTION_EXAMPLE + " (the bench-reconcile profile does)");
            System.exit(2);
        }
        ReconcileBenchOptions options = ReconcileBenchOptions.fromSystemProperties(System.getenv());
        MySqlEndpoint server = options.server();
        ServerCpu serverCpu = ServerCpu.find(server);
        ReconcileReport report = new ReconcileReport(options);
        report.header(serverCpu, gcLog);
        List<String> databases = IntStream.rangeClosed(1, options.shards()).mapToObj(i -> String.format("%s%02d", DATABASE_PREFIX, i))
                .toList();
        HardDeletes.restore(server, databases);
        boolean correct;
        try {
            BenchDataset.Contents contents = new BenchDataset(server, options.parallelism(), DATABASE_PREFIX, options.shards())
                    .ensure(options.totalKeys(), options.reload());
            report.dataset(contents, DataFootprint.measure(server, contents.shards()));
            ReplicaKeys replica = new ReplicaKeys(server, contents.shards());
            report.plan(replica.explainSummary(contents.shards().get(0)));
            HardDeletes deletes = new HardDeletes(server, contents.shards());
            RoundMeter meter = new RoundMeter(serverCpu, new ServerStatus(server), gcLog);
            try (ReconcileRuns runs = new ReconcileRuns(options, contents)) {
                meter.start();
                RunRecord first = runs.firstLoad();
                RoundMeter.Cost cost = meter.stop();
                report.firstLoad(first, cost, first.state() == RunState.SUCCEEDED && first.totals().rowsWritten() == contents.rows() ? null
                        : "expected " + contents.rows() + " orders written; " + first.state() + ", " + first.totals().rowsWritten()
                        + " written: " + first.error());
                report.round(unchanged(runs, meter, replica, ReconcileRound.Kind.FIRST, 0));
                for (int round = 1; round <= options.rounds(); round++) {
                    Map<String, long[]> deleted = deletes.delete(round, options.deletedPerShard());
                    report.round(deletes(runs, meter, replica, deletes, deleted, round));
                    report.round(unchanged(runs, meter, replica, ReconcileRound.Kind.UNCHANGED, round));
                }
            }
            correct = report.summary();
        } finally {
            HardDeletes.restore(server, databases);
        }
        System.exit(correct ? 0 : 1);
    }

    /** A reconciliation with nothing changed since the last: one summary pass per shard, nothing differing, nothing queued. */
    private static ReconcileRound unchanged(ReconcileRuns runs, RoundMeter meter, ReplicaKeys replica, ReconcileRound.Kind kind,
                                           int round) throws Exception {
        meter.start();
        RunRecord run = runs.reconcile();
        RoundMeter.Cost cost = meter.stop();
        List<ShardReconciliation> findings = runs.findings(run);
        List<String> problems = new ArrayList<>();
        checkRun(run, findings, replica.counts(), 0, problems);
        if (runs.eventsLeft() != 0) {
            problems.add(runs.eventsLeft() + " events queued");
        }
        return new ReconcileRound(kind, round, cost, findings, 0, null, problems);
    }

    /** A reconciliation after {@code deleted} were deleted at the source, then the EVENT runs it queued, then the lake checked. */
    private static ReconcileRound deletes(ReconcileRuns runs, RoundMeter meter, ReplicaKeys replica, HardDeletes deletes,
                                          Map<String, long[]> deleted, int round) throws Exception {
        meter.start();
        RunRecord run = runs.reconcile();
        RoundMeter.Cost cost = meter.stop();
        List<ShardReconciliation> findings = runs.findings(run);

        meter.start();
        ReconcileRuns.EventRuns eventRuns = runs.eventRuns();
        RoundMeter.Cost eventCost = meter.stop();

        List<String> problems = new ArrayList<>();
        Map<String, Long> sourceKeys = replica.counts();
        long expected = deleted.values().stream().mapToLong(k -> k.length).sum();
        checkRun(run, findings, sourceKeys, deleted.values().iterator().next().length, problems);
        ReplicaKeys.Listing listing = replica.listing(deleted);
        long differing = findings.stream().mapToLong(ShardReconciliation::rangesDiffering).sum();
        if (differing != listing.rangesDiffering()) {
            problems.add(differing + " ranges differed; the deleted keys fall in " + listing.rangesDiffering());
        }
        if (eventRuns.failure() != null) {
            problems.add(eventRuns.failure());
        }
        if (eventRuns.coalescingWaits() > 0) {
            Report.line("note   round %d: the EVENT runs' time includes %d waits of 100 ms for the batcher's coalescing interval", round,
                    eventRuns.coalescingWaits());
        }
        Map<String, Set<Long>> tombstones = runs.tombstones(eventRuns.runs());
        long missing = 0;
        long extra = 0;
        long written = 0;
        for (Map.Entry<String, long[]> shard : deleted.entrySet()) {
            Set<Long> keys = new HashSet<>();
            for (long k : shard.getValue()) {
                keys.add(k);
            }
            Set<Long> found = tombstones.getOrDefault(shard.getKey(), Set.of());
            written += found.size();
            missing += keys.stream().filter(k -> !found.contains(k)).count();
            extra += found.stream().filter(k -> !keys.contains(k)).count();
        }
        long elsewhere = tombstones.keySet().stream().filter(s -> !deleted.containsKey(s)).mapToLong(s -> tombstones.get(s).size()).sum();
        extra += elsewhere;
        written += elsewhere;
        if (missing > 0 || extra > 0 || eventRuns.rowsWritten() != expected) {
            problems.add(String.format("%d deleted keys without a tombstone, %d tombstones of keys not deleted; the EVENT runs wrote %d rows",
                    missing, extra, eventRuns.rowsWritten()));
        }
        long allTombstones = runs.allTombstones();
        if (allTombstones != deletes.deletedSoFar()) {
            problems.add(allTombstones + " tombstones in the lake; " + deletes.deletedSoFar() + " keys deleted so far");
        }
        long current = runs.currentKeys();
        long source = sourceKeys.values().stream().mapToLong(Long::longValue).sum();
        if (current != source) {
            problems.add("the lake's current state holds " + current + " keys; the source " + source);
        }
        if (runs.eventsLeft() != 0) {
            problems.add(runs.eventsLeft() + " events still waiting");
        }
        ReconcileRound.Tombstones t = new ReconcileRound.Tombstones(eventRuns.runs().size(), eventCost, written, expected, missing, extra,
                current, source);
        return new ReconcileRound(ReconcileRound.Kind.DELETES, round, cost, findings, listing.keysListed(), t, problems);
    }

    /**
     * The run succeeded and each shard's findings are what the source says: its keys, {@code deletedPerShard}
     * keys more in the lake, as many found deleted, none missing.
     */
    private static void checkRun(RunRecord run, List<ShardReconciliation> findings, Map<String, Long> sourceKeys, int deletedPerShard,
                                 List<String> problems) {
        if (run.state() != RunState.SUCCEEDED) {
            problems.add("RECONCILE run " + run.state() + ": " + run.error());
        }
        if (findings.size() != sourceKeys.size()) {
            problems.add(findings.size() + " shards reconciled of " + sourceKeys.size());
        }
        for (ShardReconciliation f : findings) {
            long source = sourceKeys.getOrDefault(f.shard(), -1L);
            if (f.sourceKeys() != source || f.lakeKeys() != source + deletedPerShard || f.deletedKeys() != deletedPerShard
                    || f.missingKeys() != 0 || deletedPerShard == 0 && f.rangesDiffering() != 0) {
                problems.add(String.format("%s: source %d keys (the replica holds %d), lake %d, %d ranges differing, %d deleted (expected %d),"
                                + " %d missing", f.shard(), f.sourceKeys(), source, f.lakeKeys(), f.rangesDiffering(), f.deletedKeys(),
                        deletedPerShard, f.missingKeys()));
            }
        }
    }
}
