package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.ServerCpu;

/**
 * The full-load benchmark: how fast the engine loads 12 MySQL shards into Parquet compared with
 * the fastest plain JDBC read of the same rows, in the same run, on the same machine.
 *
 * <pre>
 * ./mvnw -q -pl scheduler/engine -am -Pbench test-compile -Dbench.rows=3000000 -Dbench.heap=512m
 * </pre>
 *
 * <ol>
 *   <li>Loads (or reuses) the shard databases {@code shardlake_bench_s01..s12} on the server named
 *       by {@code SHARDLAKE_BENCH_MYSQL_HOST/PORT/USER/PASSWORD} (default the local MariaDB).</li>
 *   <li>Runs {@code bench.rounds} raw JDBC reads and full loads alternately, {@code bench.parallelism}
 *       shards at a time, and prints each round: rows/s, MB/s, client (and server) CPU per row, heap.</li>
 *   <li>Prints the medians and the ratio full load / raw read; the target is {@value Report#TARGET_RATIO}.</li>
 * </ol>
 * Options: see {@link BenchOptions}. Exits with 1 when a round did not read or write exactly the
 * source rows; speed below the target is reported, not failed.
 */
public final class FullLoadBenchmark {

    private FullLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties(System.getenv());
        ServerCpu serverCpu = ServerCpu.find(options.server());
        Report report = new Report(options);
        report.header(serverCpu);
        BenchDataset.Contents contents = new BenchDataset(options.server(), options.parallelism()).ensure(options.rows(), options.reload());
        report.dataset(contents);
        RawReadRound raw = new RawReadRound(options.server(), options.parallelism(), serverCpu);
        FullLoadRound full = new FullLoadRound(options, contents, serverCpu);
        for (int round = 1; round <= options.rounds(); round++) {
            report.round(raw.run(round, contents));
            report.round(full.run(round));
        }
        System.exit(report.summary() ? 0 : 1);
    }
}
