package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.GcLog;
import io.shardlake.connectors.testing.bench.ServerCpu;
import io.shardlake.connectors.testing.bench.ServerStatus;

/**
 * The full-load benchmark: how fast, and at what cost to the replica, the engine loads 12 MySQL
 * shards into Parquet, compared with the cheapest read of the same rows (a plain primary-key-order
 * scan) in the same run, on the same machine, on production-shaped data. A documented command, not
 * a test:
 *
 * <pre>
 * ./mvnw -q -pl scheduler/engine -am -Pbench test-compile -Dbench.rows=3000000 -Dbench.heap=512m
 * </pre>
 *
 * <ol>
 *   <li>Loads (or reuses) the shard databases {@code shardlake_bench_s01..s12} on the server named
 *       by {@code SHARDLAKE_BENCH_MYSQL_HOST/PORT/USER/PASSWORD} (default the local MariaDB): an
 *       {@code orders} table per shard with {@code updated_at} uniform over 30 days and independent
 *       of {@code id} ({@link OrderGenerator}). Prints the data size against the server's InnoDB buffer
 *       pool and warns when the data would fit in memory (less than 2 pools).</li>
 *   <li>Runs {@code bench.rounds} raw reads ({@link RawReadRound}) and full loads ({@link FullLoadRound})
 *       alternately, {@code bench.parallelism} shards at a time, and prints each round ({@link RoundMeter}):
 *       rows/s, ratio full/raw, client and server CPU per row, rows examined per row and buffer-pool disk
 *       reads per 1,000 rows on the server, GC pause share of wall time and the after-GC heap per quarter
 *       of the round, read from this JVM's GC log (the profile passes {@value GcLog#OPTION_EXAMPLE}).</li>
 *   <li>Prints the medians and the {@link Targets}.</li>
 * </ol>
 * Options: see {@link BenchOptions}. Exits with 1 when a round did not read or write exactly the
 * source rows, with 2 when the JVM writes no GC log it can read; a missed target is reported, not failed.
 */
public final class FullLoadBenchmark {

    private FullLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Setup setup = Setup.of("bench");
        BenchOptions options = setup.options();
        Report report = setup.report();
        BenchDataset.Contents contents = setup.contents();
        RoundMeter meter = setup.meter();
        RawReadRound raw = new RawReadRound(options.server(), options.parallelism(), meter);
        FullLoadRound full = new FullLoadRound(options, contents, meter);
        for (int round = 1; round <= options.rounds(); round++) {
            report.round(raw.run(round, contents));
            report.round(full.run(round));
        }
        System.exit(report.summary() ? 0 : 1);
    }

    /** What a benchmark on the 12 shard databases starts from: its options, the dataset loaded (or reused), its report and meter. */
    record Setup(BenchOptions options, Report report, BenchDataset.Contents contents, RoundMeter meter) {

        /**
         * Reads the options, prints the configuration, loads or reuses the dataset and prints its size;
         * exits with 2 when the JVM writes no GC log it can read.
         *
         * @param profile the Maven profile that starts the benchmark with its GC log
         */
        static Setup of(String profile) throws Exception {
            GcLog gcLog = GcLog.ofThisJvm().orElse(null);
            if (gcLog == null) {
                System.err.println("No readable GC log: start the JVM with " + GcLog.OPTION_EXAMPLE + " (the " + profile + " profile does)");
                System.exit(2);
            }
            BenchOptions options = BenchOptions.fromSystemProperties(System.getenv());
            ServerCpu serverCpu = ServerCpu.find(options.server());
            Report report = new Report(options);
            report.header(serverCpu, gcLog);
            BenchDataset.Contents contents = new BenchDataset(options.server(), options.parallelism()).ensure(options.rows(),
                    options.reload());
            report.dataset(contents, DataFootprint.measure(options.server(), contents.shards()));
            return new Setup(options, report, contents, new RoundMeter(serverCpu, new ServerStatus(options.server()), gcLog));
        }
    }
}
