package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.Percentiles;
import io.shardlake.connectors.testing.bench.ServerCpu;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Prints the benchmark as plain lines, each starting with what it is about ({@code config},
 * {@code load}, {@code round}, {@code heap}), then a summary block of medians.
 */
final class Report {

    /** Full load at least this fraction of the raw read rate, measured in the same run. */
    static final double TARGET_RATIO = 0.45;

    private static final double MB = 1 << 20;

    private final BenchOptions options;
    private final List<RoundResult> raw = new ArrayList<>();
    private final List<RoundResult> full = new ArrayList<>();
    private BenchDataset.Contents contents;

    Report(BenchOptions options) {
        this.options = options;
    }

    void header(ServerCpu serverCpu) {
        Runtime rt = Runtime.getRuntime();
        line("config rows=%,d shards=%d rounds=%d (alternating raw/full) parallelism=%d (max %d per host) chunkRows=%,d"
                        + " dedupeBatchRows=%,d heapProbe=%s", options.rows(), BenchOptions.SHARDS, options.rounds(),
                options.parallelism(), options.parallelism(), options.chunkRows(), options.dedupeBatchRows(), options.heapProbe());
        line("config JVM %s (max heap %,.0f MB), Java %s, %d CPUs; server %s; server CPU %s", HeapMeter.maxHeapSetting(),
                rt.maxMemory() / MB, System.getProperty("java.version"), rt.availableProcessors(), options.server(),
                serverCpu.known() ? "from /proc (same machine)" : "unknown (not local)");
    }

    void dataset(BenchDataset.Contents loaded) {
        this.contents = loaded;
        line("data   %,d rows in %d shards, %,d value bytes = %.1f bytes/row. Value bytes = the sum of MySQL LENGTH() of every"
                        + " column value in its text form (what the server sends per row, less length prefixes); MB = 10^6 of those"
                        + " per second of wall time.", loaded.rows(), loaded.shards().size(), loaded.valueBytes(),
                (double) loaded.valueBytes() / loaded.rows());
    }

    void round(RoundResult r) {
        (r.kind() == RoundResult.Kind.RAW_READ ? raw : full).add(r);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "round  %-9s %d/%d: %,d rows in %.2f s = %,.0f rows/s, %.1f MB/s | client CPU %.2f us/row (GC %d, %d ms)"
                        + " | server CPU %s us/row | heap peak %.0f MB (pool sum; old gen %.0f MB), %.1f MB after GC",
                r.kind().label, r.round(), options.rounds(), r.rows(), r.usage().seconds(), r.rowsPerSecond(),
                r.megabytesPerSecond(), r.clientCpuMicrosPerRow(), r.usage().gcCount(), r.usage().gcMillis(),
                micros(r.serverCpuMicrosPerRow()), r.heap().peakPoolSumBytes() / MB, r.heap().oldGenPeakBytes() / MB,
                r.heap().usedAfterGcBytes() / MB));
        if (r.kind() == RoundResult.Kind.FULL_LOAD) {
            sb.append(String.format(Locale.ROOT, " | output %.1f MB in %d files", r.outputBytes() / MB, r.files()));
        }
        sb.append(r.passed() ? " | check OK" : " | CHECK FAILED: " + r.check());
        System.out.println(sb);
        for (HeapProbe.Quarter q : r.heapProbe()) {
            line("heap   %-9s %d/%d quarter %d: %3d samples every %d ms, used p50 %.0f MB, p90 %.0f MB, max %.0f MB;"
                            + " %3d GCs, used after GC min %s MB, max %s MB", r.kind().label, r.round(), options.rounds(), q.number(),
                    q.samples(), HeapProbe.INTERVAL_MILLIS, q.p50() / MB, q.p90() / MB, q.max() / MB, q.collections(),
                    megabytes(q.afterGcMin()), megabytes(q.afterGcMax()));
        }
    }

    /** Prints the summary; true when every round read (and wrote) exactly the source rows. */
    boolean summary() {
        double rawRate = median(raw, RoundResult::rowsPerSecond);
        double fullRate = median(full, RoundResult::rowsPerSecond);
        double ratio = fullRate / rawRate;
        boolean correct = raw.stream().allMatch(RoundResult::passed) && full.stream().allMatch(RoundResult::passed);
        System.out.println();
        System.out.println("==== shardlake full-load benchmark: summary ====");
        line("data               %,d rows, %d shards, %.1f value bytes/row", contents.rows(), contents.shards().size(),
                (double) contents.valueBytes() / contents.rows());
        line("jvm                %s, parallelism %d, %d CPUs", HeapMeter.maxHeapSetting(), options.parallelism(),
                Runtime.getRuntime().availableProcessors());
        medians("raw read", raw);
        medians("full load", full);
        line("rounds rows/s      raw %s | full %s", rates(raw), rates(full));
        line("ratio full/raw     %.3f (median full / median raw); per round pair %s -> median %.3f; target >= %.2f: %s",
                ratio, pairRatios(), medianOf(pairRatioValues()), TARGET_RATIO, ratio >= TARGET_RATIO ? "MET" : "NOT MET");
        line("heap (full load)   peak pool sum max %.0f MB, old gen peak max %.0f MB, after GC max %.1f MB",
                max(full, r -> r.heap().peakPoolSumBytes()) / MB, max(full, r -> r.heap().oldGenPeakBytes()) / MB,
                max(full, r -> r.heap().usedAfterGcBytes()) / MB);
        line("output (full load) %.1f MB in %d files per round (%.1f bytes/row)", full.get(0).outputBytes() / MB, full.get(0).files(),
                (double) full.get(0).outputBytes() / contents.rows());
        line("correctness        %s", correct ? "OK: every round read, and every full load wrote, exactly the source rows"
                : "FAILED (see the rounds above)");
        return correct;
    }

    private void medians(String label, List<RoundResult> rounds) {
        line("%-18s median %,.0f rows/s, %.1f MB/s, %.2f s | client CPU %.2f us/row | server CPU %s us/row", label,
                median(rounds, RoundResult::rowsPerSecond), median(rounds, RoundResult::megabytesPerSecond),
                median(rounds, r -> r.usage().seconds()), median(rounds, RoundResult::clientCpuMicrosPerRow),
                micros(median(rounds, RoundResult::serverCpuMicrosPerRow)));
    }

    private static String rates(List<RoundResult> rounds) {
        return String.join(" ", rounds.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond())).toList());
    }

    private double[] pairRatioValues() {
        int pairs = Math.min(raw.size(), full.size());
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            ratios[i] = full.get(i).rowsPerSecond() / raw.get(i).rowsPerSecond();
        }
        return ratios;
    }

    private String pairRatios() {
        return String.join(" ", Arrays.stream(pairRatioValues()).mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).toList());
    }

    static double median(List<RoundResult> rounds, ToDoubleFunction<RoundResult> f) {
        return medianOf(rounds.stream().mapToDouble(f).toArray());
    }

    static double medianOf(double[] values) {
        return Percentiles.median(values);
    }

    private static double max(List<RoundResult> rounds, ToDoubleFunction<RoundResult> f) {
        return rounds.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / MB);
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void line(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
