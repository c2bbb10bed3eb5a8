package io.shardlake.engine.benchmark;

import static io.shardlake.engine.benchmark.Report.MB;
import static io.shardlake.engine.benchmark.Report.line;
import static io.shardlake.engine.benchmark.Report.maxHeapSetting;
import static io.shardlake.engine.benchmark.Report.median;
import static io.shardlake.engine.benchmark.Report.megabytes;
import static io.shardlake.engine.benchmark.Report.micros;

import io.shardlake.connectors.testing.bench.GcActivity;
import io.shardlake.connectors.testing.bench.GcLog;
import io.shardlake.connectors.testing.bench.Percentiles;
import io.shardlake.connectors.testing.bench.ServerCpu;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the dimension-change benchmark as plain lines ({@code config}, {@code data}, {@code load},
 * {@code round}), then the medians per scenario, the ceiling's scan beside them and the cost per
 * re-emitted row of each dimension change against a changed order's.
 */
final class JoinReport {

    private static final List<RoundResult.Kind> ROWS = List.of(RoundResult.Kind.RAW_READ, RoundResult.Kind.FACT_CHANGE,
            RoundResult.Kind.SPREAD_DIMENSION_CHANGE, RoundResult.Kind.HOT_DIMENSION_CHANGE);

    private final JoinBenchOptions options;
    private final Map<RoundResult.Kind, List<RoundResult>> rounds = new EnumMap<>(RoundResult.Kind.class);
    private final Map<RoundResult.Kind, List<Integer>> changedRows = new EnumMap<>(RoundResult.Kind.class);
    private DataFootprint footprint;
    private boolean firstLoadPassed;

    JoinReport(JoinBenchOptions options) {
        this.options = options;
        ROWS.forEach(k -> {
            rounds.put(k, new ArrayList<>());
            changedRows.put(k, new ArrayList<>());
        });
    }

    void header(ServerCpu serverCpu, GcLog gcLog) {
        line("config orders=%,d (hot customer %d: %,d) customers=%,d changes=%,d rounds=%d chunkRows=%,d; engine: 1 shard task,"
                        + " lookback 0, safety lag 0", options.orders(), JoinRowGenerator.HOT_CUSTOMER, options.hotOrders(),
                options.customers(), options.changes(), options.rounds(), options.chunkRows());
        line("config JVM %s (max heap %,.0f MB), Java %s, %d CPUs; server %s; server CPU %s; GC log %s", maxHeapSetting(),
                Runtime.getRuntime().maxMemory() / MB, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                options.server(), serverCpu.known() ? "from /proc (same machine)" : "unknown (not local)", gcLog.file());
    }

    void dataset(DataFootprint onServer) {
        this.footprint = onServer;
        line("data   %s.orders and .customers on the server: %,.0f MB of data + %,.0f MB of indexes = %,.0f MB (InnoDB estimate),"
                        + " %.1fx the InnoDB buffer pool of %,.0f MB", JoinDataset.DATABASE, onServer.dataBytes() / MB,
                onServer.indexBytes() / MB, onServer.totalBytes() / MB, onServer.bufferPools(), onServer.bufferPoolBytes() / MB);
        Report.warnIfInMemory(onServer, String.format(Locale.ROOT, "Use -Dbench.orders=%,d or more.",
                (long) Math.ceil(options.orders() * DataFootprint.MIN_POOL_MULTIPLE / onServer.bufferPools())));
    }

    void firstLoad(RoundResult r) {
        firstLoadPassed = r.passed();
        line("load   first load through the engine (not measured further): %,d view rows in %.1f s = %,.0f rows/s, client CPU %.2f"
                        + " us/row, server CPU %s us/row, %.1f MB in %d files | %s", r.rows(), r.seconds(), r.rowsPerSecond(),
                r.clientCpuMicrosPerRow(), micros(r.serverCpuMicrosPerRow()), r.outputBytes() / MB, r.files(),
                r.passed() ? "check OK" : "CHECK FAILED: " + r.check());
    }

    /** A measured round; {@code changed}: the source rows the scenario changed (the rows read, for the ceiling). */
    void round(RoundResult r, int changed) {
        rounds.get(r.kind()).add(r);
        changedRows.get(r.kind()).add(changed);
        GcActivity gc = r.cost().gc();
        String what = r.kind() == RoundResult.Kind.RAW_READ ? "orders scanned in primary-key order"
                : String.format(Locale.ROOT, "%,d %s changed -> view rows written", changed,
                r.kind() == RoundResult.Kind.FACT_CHANGE ? "orders" : "customers");
        line("round  %-23s %d/%d: %,d %s in %.2f s = %,.0f rows/s | client CPU %.2f us/row | server CPU %s us/row, %.2f rows"
                        + " examined/row, %.1f disk reads/1000 rows | GC pauses %.1f%% of wall (%d, %.0f ms), after-GC heap max %s MB%s | %s",
                r.kind().label, r.round(), options.rounds(), r.rows(), what, r.seconds(), r.rowsPerSecond(), r.clientCpuMicrosPerRow(),
                micros(r.serverCpuMicrosPerRow()), r.rowsExaminedPerRow(), r.bufferPoolDiskReadsPer1000Rows(), r.gcPauseShare() * 100,
                gc.pauses(), gc.pauseMillis(), megabytes(gc.maxAfterBytes()),
                r.files() > 0 ? String.format(Locale.ROOT, " | output %.1f MB in %d files", r.outputBytes() / MB, r.files()) : "",
                r.passed() ? "check OK" : "CHECK FAILED: " + r.check());
    }

    /** Prints the medians; true when the first load and every round wrote exactly the rows they should. */
    boolean summary() {
        boolean correct = firstLoadPassed && rounds.values().stream().flatMap(List::stream).allMatch(RoundResult::passed);
        System.out.println();
        line("==== shardlake dimension-change benchmark: medians of %d rounds ====", options.rounds());
        line("data        %,d orders (%,d of the hot customer), %,d customers; %,.0f MB on the server = %.1fx its %,.0f MB buffer pool%s",
                options.orders(), options.hotOrders(), options.customers(), footprint.totalBytes() / MB, footprint.bufferPools(),
                footprint.bufferPoolBytes() / MB, footprint.outgrowsMemory() ? "" : " (WARNING: fits in memory, see above)");
        line("jvm         %s, %d CPUs", maxHeapSetting(), Runtime.getRuntime().availableProcessors());
        line("%-24s %9s %10s %7s %10s %13s %13s %12s %16s %9s %9s", "scenario", "changed", "rows", "wall s", "rows/s", "client us/row",
                "server us/row", "examined/row", "disk reads/1k r", "GC pause", "heap MB");
        for (RoundResult.Kind kind : ROWS) {
            List<RoundResult> rs = rounds.get(kind);
            line("%-24s %9s %,10.0f %7.2f %,10.0f %13.2f %13s %12.2f %16.1f %8.1f%% %9s",
                    kind == RoundResult.Kind.RAW_READ ? "ceiling: primary-key scan" : kind.label,
                    kind == RoundResult.Kind.RAW_READ ? "-" : String.format(Locale.ROOT, "%,.0f",
                            Percentiles.median(changedRows.get(kind).stream().mapToDouble(Integer::doubleValue).toArray())),
                    median(rs, RoundResult::rows), median(rs, RoundResult::seconds), median(rs, RoundResult::rowsPerSecond),
                    median(rs, RoundResult::clientCpuMicrosPerRow), micros(median(rs, RoundResult::serverCpuMicrosPerRow)),
                    median(rs, RoundResult::rowsExaminedPerRow), median(rs, RoundResult::bufferPoolDiskReadsPer1000Rows),
                    median(rs, RoundResult::gcPauseShare) * 100,
                    megabytes(rs.stream().mapToDouble(r -> r.cost().gc().maxAfterBytes()).max().orElse(-1)));
        }
        for (RoundResult.Kind kind : List.of(RoundResult.Kind.SPREAD_DIMENSION_CHANGE, RoundResult.Kind.HOT_DIMENSION_CHANGE)) {
            line("per row     %s vs fact changes: %s | vs the ceiling: %s", kind.label, ratios(kind, RoundResult.Kind.FACT_CHANGE),
                    ratios(kind, RoundResult.Kind.RAW_READ));
        }
        line("per row     fact changes vs the ceiling: %s", ratios(RoundResult.Kind.FACT_CHANGE, RoundResult.Kind.RAW_READ));
        line("correctness %s", correct ? "OK: the first load wrote every order once, and every run wrote exactly the orders that"
                + " depend on what changed (counted on the source), each carrying the change" : "FAILED (see the rounds above)");
        return correct;
    }

    /** Wall time, client CPU and server CPU per row of {@code kind} over those of {@code base} (medians). */
    private String ratios(RoundResult.Kind kind, RoundResult.Kind base) {
        List<RoundResult> a = rounds.get(kind);
        List<RoundResult> b = rounds.get(base);
        return String.format(Locale.ROOT, "wall %.2fx, client CPU %.2fx, server CPU %sx",
                median(b, RoundResult::rowsPerSecond) / median(a, RoundResult::rowsPerSecond),
                median(a, RoundResult::clientCpuMicrosPerRow) / median(b, RoundResult::clientCpuMicrosPerRow),
                micros(median(a, RoundResult::serverCpuMicrosPerRow) / median(b, RoundResult::serverCpuMicrosPerRow)));
    }
}
