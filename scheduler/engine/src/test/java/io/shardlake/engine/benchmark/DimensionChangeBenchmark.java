package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.GcLog;
import io.shardlake.connectors.testing.bench.ServerCpu;
import io.shardlake.connectors.testing.bench.ServerStatus;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import java.sql.Connection;
import java.util.List;

/**
 * The dimension-change benchmark: what a changed customer costs a joined view of orders per order
 * written again, against what a changed order costs, on production-shaped data larger than the
 * server's buffer pool. A documented command, not a test:
 *
 * <pre>
 * ./mvnw -q -pl scheduler/engine -am -Pbench-join test-compile -Dbench.orders=2000000 -Dbench.heap=512m
 * </pre>
 *
 * <ol>
 *   <li>Loads (or reuses) {@value JoinDataset#DATABASE} ({@link JoinDataset}) on the server named by
 *       {@code SHARDLAKE_BENCH_MYSQL_HOST/PORT/USER/PASSWORD} (default the local MariaDB), prints its size
 *       against the InnoDB buffer pool and warns when it would fit in memory.</li>
 *   <li>Runs a first load of the view ({@link JoinBenchPipeline}: orders LEFT JOIN customers) through the
 *       engine ({@link JoinViewRuns}) and checks that it wrote every order once.</li>
 *   <li>Then {@code bench.rounds} rounds of: the ceiling, a {@link TableScan} of orders in primary-key order;
 *       and three scenarios ({@link SourceChanges}), each measured around one incremental run
 *       ({@link RoundMeter}): <b>fact changes</b>, {@code bench.changes} random orders change (a changed
 *       row's cost); <b>spread dimension change</b>, random customers change whose orders add up to about as
 *       many; <b>hot dimension change</b>, the customer owning {@code bench.hotOrders} orders changes.
 *       Each round checks that the run wrote exactly the orders depending on the change, counted with SQL
 *       on the source, and that as many rows in the lake carry the change.</li>
 *   <li>Prints the medians per row: wall time, client and server CPU, rows the server examined, buffer-pool
 *       disk reads, GC pauses and after-GC heap ({@link JoinReport}).</li>
 * </ol>
 * Options: see {@link JoinBenchOptions}. Exits with 1 when a run did not write exactly what it should,
 * with 2 when the JVM writes no GC log it can read.
 */
public final class DimensionChangeBenchmark {

    private static final List<RoundResult.Kind> SCENARIOS = List.of(RoundResult.Kind.FACT_CHANGE,
            RoundResult.Kind.SPREAD_DIMENSION_CHANGE, RoundResult.Kind.HOT_DIMENSION_CHANGE);

    private static final String SCAN_SQL = "SELECT " + JoinDataset.ORDER_COLUMNS + " FROM orders";

    private DimensionChangeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        GcLog gcLog = GcLog.ofThisJvm().orElse(null);
        if (gcLog == null) {
            System.err.println("No readable GC log: start the JVM with " + GcLog.OPTION_EXAMPLE + " (the bench-join profile does)");
            System.exit(2);
        }
        JoinBenchOptions options = JoinBenchOptions.fromSystemProperties(System.getenv());
        ServerCpu serverCpu = ServerCpu.find(options.server());
        JoinReport report = new JoinReport(options);
        report.header(serverCpu, gcLog);
        JoinDataset.Contents contents = new JoinDataset(options.server()).ensure(options);
        report.dataset(DataFootprint.measure(options.server(), List.of(JoinDataset.DATABASE), List.of("orders", "customers")));
        RoundMeter meter = new RoundMeter(serverCpu, new ServerStatus(options.server()), gcLog);
        SourceChanges changes = new SourceChanges(options.server(), contents);
        try (JoinViewRuns runs = new JoinViewRuns(options.server(), options.workDir(), options.chunkRows())) {
            meter.start();
            RunRecord first = runs.run();
            RoundMeter.Cost cost = meter.stop();
            report.firstLoad(result(RoundResult.Kind.FULL_LOAD, 0, first, cost, contents.orders()));
            for (int round = 1; round <= options.rounds(); round++) {
                report.round(scan(options, meter, round, contents), (int) Math.min(Integer.MAX_VALUE, contents.orders()));
                for (RoundResult.Kind scenario : SCENARIOS) {
                    SourceChanges.Change change = changes.apply(scenario, round, options.changes());
                    report.round(measure(runs, meter, changes, change, round), change.changedRows());
                }
            }
        }
        System.exit(report.summary() ? 0 : 1);
    }

    private static RoundResult scan(JoinBenchOptions options, RoundMeter meter, int round, JoinDataset.Contents contents)
            throws Exception {
        try (Connection c = options.server().connect(JoinDataset.DATABASE)) {
            meter.start();
            TableScan.Result scan = TableScan.read(c, SCAN_SQL);
            RoundMeter.Cost cost = meter.stop();
            String check = scan.rows() == contents.orders() ? null : "scanned " + scan.rows() + " orders of " + contents.orders();
            return new RoundResult(RoundResult.Kind.RAW_READ, round, scan.rows(), 0, cost, 0, 0, check);
        }
    }

    /**
     * One scenario's run, measured; the change was applied (and written back) before. The expected
     * rows are counted afterwards, so that the count does not warm the buffer pool for the run.
     */
    private static RoundResult measure(JoinViewRuns runs, RoundMeter meter, SourceChanges changes, SourceChanges.Change change, int round)
            throws Exception {
        meter.start();
        RunRecord run = runs.run();
        RoundMeter.Cost cost = meter.stop();
        long expected = changes.expectedRows(change);
        long inLake = runs.lakeRowsWith(change.markedColumn(), change.marker());
        RoundResult result = result(change.scenario(), round, run, cost, expected);
        if (result.passed() && inLake != expected) {
            return new RoundResult(result.kind(), round, result.rows(), 0, cost, result.outputBytes(), result.files(),
                    inLake + " rows in the lake carry the change " + change.marker() + "; " + expected + " orders depend on it");
        }
        return result;
    }

    /** The run's result, checked: it succeeded and read and wrote exactly the expected rows, skipping and quarantining none. */
    private static RoundResult result(RoundResult.Kind kind, int round, RunRecord run, RoundMeter.Cost cost, long expected) {
        ShardCounts t = run.totals();
        String check = null;
        if (run.state() != RunState.SUCCEEDED) {
            check = "run " + run.state() + ": " + run.error();
        } else if (t.rowsRead() != expected || t.rowsWritten() != expected || t.rowsSkipped() != 0 || t.rowsQuarantined() != 0) {
            check = String.format("expected %d rows read and written; the run read %d, skipped %d, wrote %d, quarantined %d", expected,
                    t.rowsRead(), t.rowsSkipped(), t.rowsWritten(), t.rowsQuarantined());
        }
        return new RoundResult(kind, round, t.rowsWritten(), 0, cost, t.bytes(), t.files(), check);
    }
}
