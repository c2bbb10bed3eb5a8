package io.shardlake.engine.benchmark;

import static io.shardlake.engine.benchmark.Report.MB;
import static io.shardlake.engine.benchmark.Report.line;
import static io.shardlake.engine.benchmark.Report.maxHeapSetting;
import static io.shardlake.engine.benchmark.Report.megabytes;

import io.shardlake.connectors.testing.bench.GcActivity;
import io.shardlake.connectors.testing.bench.GcLog;
import io.shardlake.connectors.testing.bench.Percentiles;
import io.shardlake.connectors.testing.bench.ServerCpu;
import io.shardlake.engine.run.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Prints the reconciliation benchmark as plain lines ({@code config}, {@code data}, {@code plan},
 * {@code load}, {@code round}), then the medians of the delete rounds and of the unchanged rounds.
 */
final class ReconcileReport {

    private final ReconcileBenchOptions options;
    private final List<ReconcileRound> deletes = new ArrayList<>();
    private final List<ReconcileRound> unchanged = new ArrayList<>();
    private final List<ReconcileRound> all = new ArrayList<>();
    private DataFootprint footprint;
    private boolean firstLoadPassed;

    ReconcileReport(ReconcileBenchOptions options) {
        this.options = options;
    }

    void header(ServerCpu serverCpu, GcLog gcLog) {
        line("config shards=%d keysPerShard=%,d deletedFraction=%s (%,d keys per shard per delete round) rounds=%d parallelism=%d;"
                        + " engine: RunNow on H2 metadata, local lake, lookback 10 min", options.shards(), options.keysPerShard(),
                options.deletedFraction(), options.deletedPerShard(), options.rounds(), options.parallelism());
        line("config JVM %s (max heap %,.0f MB), Java %s, %d CPUs; server %s; server CPU %s; GC log %s", maxHeapSetting(),
                Runtime.getRuntime().maxMemory() / MB, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                options.server(), serverCpu.known() ? "from /proc (same machine)" : "unknown (not local)", gcLog.file());
    }

    void dataset(BenchDataset.Contents contents, DataFootprint onServer) {
        this.footprint = onServer;
        line("data   %,d orders in %d shards (%s01..%02d); on the server: %,.0f MB of data + %,.0f MB of indexes = %,.0f MB (InnoDB"
                        + " estimate), %.1fx the InnoDB buffer pool of %,.0f MB", contents.rows(), contents.shards().size(),
                ReconcileBenchmark.DATABASE_PREFIX, contents.shards().size(), onServer.dataBytes() / MB, onServer.indexBytes() / MB,
                onServer.totalBytes() / MB, onServer.bufferPools(), onServer.bufferPoolBytes() / MB);
        Report.warnIfInMemory(onServer, String.format(Locale.ROOT, "Use -Dbench.keysPerShard=%,d or more.",
                (long) Math.ceil(options.keysPerShard() * DataFootprint.MIN_POOL_MULTIPLE / onServer.bufferPools())));
    }

    void plan(List<String> explain) {
        line("plan   the replica's plan of the summary aggregate on shard s01 (EXPLAIN):");
        explain.forEach(l -> line("plan     %s", l));
    }

    void firstLoad(RunRecord run, RoundMeter.Cost cost, String problem) {
        firstLoadPassed = problem == null;
        line("load   first load through the engine (not part of the figures): %s, %,d orders written in %.1f s, %d files | %s",
                run.state(), run.totals().rowsWritten(), cost.usage().seconds(), run.totals().files(),
                problem == null ? "check OK" : "CHECK FAILED: " + problem);
    }

    void round(ReconcileRound r) {
        all.add(r);
        if (r.kind() == ReconcileRound.Kind.DELETES) {
            deletes.add(r);
        } else if (r.kind() == ReconcileRound.Kind.UNCHANGED) {
            unchanged.add(r);
        }
        GcActivity gc = r.cost().gc();
        String label = String.format(Locale.ROOT, "%-15s %d/%d", r.kind().label, r.round(),
                r.kind() == ReconcileRound.Kind.FIRST ? 0 : options.rounds());
        line("round  %s: RECONCILE of %d shards in %.2f s | replica: %,d rows examined (findings; %.2f per source key; global"
                        + " Handler_read_* %,d), server CPU %s s, %.1f disk reads/1000 keys | ranges %,d, differing %,d, keys listed %,d |"
                        + " found deleted %,d, missing %,d | client CPU %.2f s | GC pauses %d (%.0f ms), after-GC heap max %s MB | %s",
                label, r.findings().size(), r.seconds(), r.rowsExamined(), (double) r.rowsExamined() / r.sourceKeys(),
                r.cost().server().rowsExamined(), seconds(r.serverCpuSeconds()),
                r.cost().server().bufferPoolDiskReads() * 1000.0 / r.sourceKeys(), r.ranges(), r.rangesDiffering(), r.keysListed(),
                r.deletedFound(), r.missingFound(), r.clientCpuSeconds(), gc.pauses(), gc.pauseMillis(), megabytes(gc.maxAfterBytes()),
                r.events() == null ? verdict(r) : "tombstones below");
        ReconcileRound.Tombstones t = r.events();
        if (t != null) {
            line("round  %s: %d EVENT run(s) in %.2f s (server CPU %s s, global Handler_read_* %,d) | tombstones written %,d of %,d"
                            + " deleted: %,d missing, %,d extra | lake current state %,d keys, source %,d | %s", label, t.runs(),
                    t.cost().usage().seconds(), seconds(t.cost().usage().serverCpuNanos() < 0 ? Double.NaN
                            : t.cost().usage().serverCpuNanos() / 1e9), t.cost().server().rowsExamined(), t.written(), t.expected(),
                    t.missing(), t.extra(), t.currentKeys(), t.sourceKeys(), verdict(r));
        }
    }

    /** Prints the medians; true when the first load and every round checked out. */
    boolean summary() {
        boolean correct = firstLoadPassed && all.stream().allMatch(ReconcileRound::passed);
        System.out.println();
        line("==== shardlake reconciliation benchmark: medians of %d rounds ====", options.rounds());
        line("data        %,d orders, %d shards x %,d keys; %,.0f MB on the server = %.1fx its %,.0f MB buffer pool%s",
                options.totalKeys(), options.shards(), options.keysPerShard(), footprint.totalBytes() / MB, footprint.bufferPools(),
                footprint.bufferPoolBytes() / MB, footprint.outgrowsMemory() ? "" : " (WARNING: fits in memory, see above)");
        line("jvm         %s, parallelism %d, %d CPUs", maxHeapSetting(), options.parallelism(), Runtime.getRuntime().availableProcessors());
        line("%-11s %7s %15s %9s %15s %10s %10s %8s %10s %11s %9s %10s %12s %8s %8s", "reconcile", "wall s", "rows examined",
                "per key", "global examined", "server s", "client s", "ranges", "differing", "keys listed", "deleted", "EVENT s",
                "tombstones", "extra", "heap MB");
        tableRow("deletes", deletes);
        tableRow("unchanged", unchanged);
        line("rounds      wall s deletes %s | unchanged %s", walls(deletes), walls(unchanged));
        line("correctness %s", correct ? "OK: every deleted key got one tombstone and no other key did; the lake's current state"
                + " equals the source after each delete round; unchanged rounds found nothing" : "FAILED (see the rounds above)");
        return correct;
    }

    private void tableRow(String label, List<ReconcileRound> rounds) {
        List<ReconcileRound.Tombstones> t = rounds.stream().map(ReconcileRound::events).filter(e -> e != null).toList();
        line("%-11s %7.2f %,15.0f %9.2f %,15.0f %10s %10.2f %,8.0f %,10.0f %,11.0f %,9.0f %10s %12s %8s %8s", label,
                median(rounds, ReconcileRound::seconds), median(rounds, r -> r.rowsExamined()),
                median(rounds, r -> (double) r.rowsExamined() / r.sourceKeys()), median(rounds, r -> r.cost().server().rowsExamined()),
                seconds(median(rounds, ReconcileRound::serverCpuSeconds)), median(rounds, ReconcileRound::clientCpuSeconds),
                median(rounds, r -> r.ranges()), median(rounds, r -> r.rangesDiffering()), median(rounds, r -> r.keysListed()),
                median(rounds, r -> r.deletedFound()),
                t.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", Percentiles.median(t.stream()
                        .mapToDouble(e -> e.cost().usage().seconds()).toArray())),
                t.isEmpty() ? "-" : String.format(Locale.ROOT, "%,.0f/%,.0f", Percentiles.median(t.stream().mapToDouble(e -> e.written())
                        .toArray()), Percentiles.median(t.stream().mapToDouble(e -> e.expected()).toArray())),
                t.isEmpty() ? "-" : String.valueOf(t.stream().mapToLong(e -> e.extra()).sum()),
                megabytes(rounds.stream().mapToDouble(r -> r.cost().gc().maxAfterBytes()).max().orElse(-1)));
    }

    private static String walls(List<ReconcileRound> rounds) {
        return String.join(" ", rounds.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.seconds())).toList());
    }

    private static String verdict(ReconcileRound r) {
        return r.passed() ? "check OK" : "CHECK FAILED: " + String.join("; ", r.problems());
    }

    private static double median(List<ReconcileRound> rounds, ToDoubleFunction<ReconcileRound> f) {
        return Percentiles.median(rounds.stream().mapToDouble(f).toArray());
    }

    private static String seconds(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }
}
