package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.GcActivity;
import io.shardlake.connectors.testing.bench.GcLog;
import io.shardlake.connectors.testing.bench.Percentiles;
import io.shardlake.connectors.testing.bench.ServerCpu;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Prints the benchmark as plain lines, each starting with what it is about ({@code config},
 * {@code data}, {@code round}), then a summary table of medians over the rounds and the targets.
 */
final class Report {

    static final double MB = 1 << 20;

    private final BenchOptions options;
    private final List<RoundResult> raw = new ArrayList<>();
    private final List<RoundResult> full = new ArrayList<>();
    private BenchDataset.Contents contents;
    private DataFootprint footprint;

    Report(BenchOptions options) {
        this.options = options;
    }

    void header(ServerCpu serverCpu, GcLog gcLog) {
        Runtime rt = Runtime.getRuntime();
        line("config rows=%,d shards=%d rounds=%d (alternating raw/full) parallelism=%d (max %d per host) chunkRows=%,d"
                        + " dedupeBatchRows=%,d", options.rows(), BenchOptions.SHARDS, options.rounds(), options.parallelism(),
                options.parallelism(), options.chunkRows(), options.dedupeBatchRows());
        line("config JVM %s (max heap %,.0f MB), Java %s, %d CPUs; server %s; server CPU %s; GC log %s", maxHeapSetting(),
                rt.maxMemory() / MB, System.getProperty("java.version"), rt.availableProcessors(), options.server(),
                serverCpu.known() ? "from /proc (same machine)" : "unknown (not local)", gcLog.file());
    }

    void dataset(BenchDataset.Contents loaded, DataFootprint onServer) {
        this.contents = loaded;
        this.footprint = onServer;
        line("data   %,d rows in %d shards, %,d value bytes = %.1f bytes/row. Value bytes = the sum of MySQL LENGTH() of every"
                        + " column value in its text form (what the server sends per row, less length prefixes); MB = 10^6 of those"
                        + " per second of wall time.", loaded.rows(), loaded.shards().size(), loaded.valueBytes(),
                (double) loaded.valueBytes() / loaded.rows());
        line("data   on the server: %,.0f MB of data + %,.0f MB of indexes = %,.0f MB (InnoDB estimate), %.1fx the InnoDB buffer"
                        + " pool of %,.0f MB", onServer.dataBytes() / MB, onServer.indexBytes() / MB, onServer.totalBytes() / MB,
                onServer.bufferPools(), onServer.bufferPoolBytes() / MB);
        if (!onServer.outgrowsMemory()) {
            long rowsNeeded = (long) Math.ceil(loaded.rows() * DataFootprint.MIN_POOL_MULTIPLE / onServer.bufferPools());
            warnIfInMemory(onServer, String.format(Locale.ROOT, "Use -Dbench.rows=%,d or more.", rowsNeeded));
        }
    }

    /** A banner when the data is less than {@link DataFootprint#MIN_POOL_MULTIPLE} buffer pools; {@code remedy} says what to pass. */
    static void warnIfInMemory(DataFootprint onServer, String remedy) {
        if (onServer.outgrowsMemory()) {
            return;
        }
        String warning = String.format(Locale.ROOT, "WARNING: the data (%,.0f MB) is less than %dx the server's buffer pool"
                        + " (%,.0f MB): it is read from memory, unlike a replica whose tables outgrow it, so these figures hide"
                        + " what random access costs on disk. %s", onServer.totalBytes() / MB, DataFootprint.MIN_POOL_MULTIPLE,
                onServer.bufferPoolBytes() / MB, remedy);
        String bar = "!".repeat(100);
        System.out.println(bar);
        System.out.println("!!! " + warning);
        System.out.println(bar);
    }

    void round(RoundResult r) {
        boolean isFull = r.kind() == RoundResult.Kind.FULL_LOAD;
        (isFull ? full : raw).add(r);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "round  %-9s %d/%d: %,d rows in %.2f s = %,.0f rows/s",
                r.kind().label, r.round(), options.rounds(), r.rows(), r.seconds(), r.rowsPerSecond()));
        if (isFull && raw.size() >= full.size()) {
            sb.append(String.format(Locale.ROOT, " (%.3fx raw round %d)", r.rowsPerSecond() / raw.get(full.size() - 1).rowsPerSecond(),
                    raw.get(full.size() - 1).round()));
        }
        GcActivity gc = r.cost().gc();
        sb.append(String.format(Locale.ROOT, ", %.1f MB/s | client CPU %.2f us/row | server CPU %s us/row, %.2f rows examined/row,"
                        + " %.1f disk reads/1000 rows | GC pauses %.1f%% of wall (%d, %.0f ms) | after-GC heap per quarter, median/max MB:"
                        + " %s", r.megabytesPerSecond(), r.clientCpuMicrosPerRow(), micros(r.serverCpuMicrosPerRow()),
                r.rowsExaminedPerRow(), r.bufferPoolDiskReadsPer1000Rows(), r.gcPauseShare() * 100, gc.pauses(), gc.pauseMillis(),
                quarters(gc)));
        if (isFull) {
            sb.append(String.format(Locale.ROOT, " | output %.1f MB in %d files", r.outputBytes() / MB, r.files()));
        }
        sb.append(r.passed() ? " | check OK" : " | CHECK FAILED: " + r.check());
        System.out.println(sb);
    }

    static String quarters(GcActivity gc) {
        return String.join(" ", gc.quarters().stream().map(q -> q.collections() == 0 ? "-"
                : String.format(Locale.ROOT, "%.0f/%.0f", q.medianAfterBytes() / MB, q.maxAfterBytes() / MB)).toList());
    }

    /** Prints the summary; true when every round read (and wrote) exactly the source rows. */
    boolean summary() {
        boolean correct = raw.stream().allMatch(RoundResult::passed) && full.stream().allMatch(RoundResult::passed);
        double ratio = median(full, RoundResult::rowsPerSecond) / median(raw, RoundResult::rowsPerSecond);
        Targets targets = new Targets(ratio, median(full, RoundResult::serverCpuMicrosPerRow),
                median(raw, RoundResult::serverCpuMicrosPerRow), median(full, RoundResult::clientCpuMicrosPerRow),
                median(full, RoundResult::gcPauseShare));
        System.out.println();
        line("==== shardlake full-load benchmark: medians of %d rounds each ====", options.rounds());
        line("data        %,d rows, %d shards, %.1f value bytes/row; %,.0f MB on the server = %.1fx its %,.0f MB buffer pool%s",
                contents.rows(), contents.shards().size(), (double) contents.valueBytes() / contents.rows(),
                footprint.totalBytes() / MB, footprint.bufferPools(), footprint.bufferPoolBytes() / MB,
                footprint.outgrowsMemory() ? "" : " (WARNING: fits in memory, see above)");
        line("jvm         %s, parallelism %d, %d CPUs", maxHeapSetting(), options.parallelism(),
                Runtime.getRuntime().availableProcessors());
        line("%-10s %10s %7s %7s %13s %13s %12s %16s %9s  %s", "path", "rows/s", "MB/s", "wall s", "client us/row",
                "server us/row", "examined/row", "disk reads/1k r", "GC pause", "after-GC heap MB q1 q2 q3 q4 (max)");
        tableRow("raw read", raw);
        tableRow("full load", full);
        line("rounds      rows/s raw %s | full %s", rates(raw), rates(full));
        line("ratio       full/raw %.3f (median full / median raw); per round %s", ratio, pairRatios());
        full.stream().filter(RoundResult::passed).findFirst().ifPresentOrElse(
                r -> line("output      full load: %.1f MB in %d files per round (%.1f bytes/row)", r.outputBytes() / MB, r.files(),
                        (double) r.outputBytes() / contents.rows()),
                () -> line("output      full load: none (no full load passed)"));
        line("targets     %s", targets.verdicts());
        line("correctness %s", correct ? "OK: every round read, and every full load wrote, exactly the source rows"
                : "FAILED (see the rounds above)");
        return correct;
    }

    private static void tableRow(String label, List<RoundResult> rounds) {
        String heap = String.join(" ", IntStream.range(0, 4).mapToObj(q -> megabytes(Percentiles.median(rounds.stream()
                .mapToDouble(r -> r.cost().gc().quarters().get(q).medianAfterBytes()).filter(b -> b >= 0).toArray()))).toList());
        line("%-10s %,10.0f %7.1f %7.2f %13.2f %13s %12.2f %16.1f %8.1f%%  %s (%s)", label, median(rounds, RoundResult::rowsPerSecond),
                median(rounds, RoundResult::megabytesPerSecond), median(rounds, RoundResult::seconds),
                median(rounds, RoundResult::clientCpuMicrosPerRow), micros(median(rounds, RoundResult::serverCpuMicrosPerRow)),
                median(rounds, RoundResult::rowsExaminedPerRow), median(rounds, RoundResult::bufferPoolDiskReadsPer1000Rows),
                median(rounds, RoundResult::gcPauseShare) * 100, heap,
                megabytes(rounds.stream().mapToDouble(r -> r.cost().gc().maxAfterBytes()).max().orElse(-1)));
    }

    private static String rates(List<RoundResult> rounds) {
        return String.join(" ", rounds.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.rowsPerSecond())).toList());
    }

    private String pairRatios() {
        return String.join(" ", IntStream.range(0, Math.min(raw.size(), full.size()))
                .mapToObj(i -> String.format(Locale.ROOT, "%.3f", full.get(i).rowsPerSecond() / raw.get(i).rowsPerSecond())).toList());
    }

    static double median(List<RoundResult> rounds, ToDoubleFunction<RoundResult> f) {
        return Percentiles.median(rounds.stream().mapToDouble(f).toArray());
    }

    /** Megabytes, or "-" for an unknown (negative or NaN) figure. */
    static String megabytes(double bytes) {
        return bytes >= 0 ? String.format(Locale.ROOT, "%.0f", bytes / MB) : "-";
    }

    static String micros(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** The -Xmx the JVM was started with, or the max heap it chose. */
    static String maxHeapSetting() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(arg -> arg.startsWith("-Xmx")).findFirst()
                .orElse("(no -Xmx; default max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB)");
    }

    static void line(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
