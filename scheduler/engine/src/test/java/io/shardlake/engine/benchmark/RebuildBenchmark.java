package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.GcLog;
import io.shardlake.connectors.testing.bench.ServerCpu;
import io.shardlake.connectors.testing.bench.ServerStatus;

/**
 * The rebuild benchmark: how fast, and at what cost to the replica, a rebuild loads the full-load
 * benchmark's 12 MySQL shards ({@code bench.rows}, default 3,000,000) into a new table version,
 * through the real rebuild path (one REBUILD run per shard in the backfill lane, at most
 * {@code bench.parallelism} shards at once, each a primary-key-order load committed in slices of
 * {@code bench.sliceRows}). A documented command, not a test:
 *
 * <pre>
 * ./mvnw -q -pl scheduler/engine -am -Pbench-rebuild test-compile -Dbench.rows=3000000 -Dbench.heap=512m
 * </pre>
 *
 * Each round ({@link RebuildRound}) prints the full-load benchmark's per-round line ({@link Report#round}:
 * rows/s, client and server CPU per row, rows examined per row sent, disk reads, GC), then the time
 * each shard took and the slices committed. Exits with 1 when a round's new version does not hold
 * exactly the source rows, each order once; with 2 when the JVM writes no GC log it can read.
 */
public final class RebuildBenchmark {

    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        GcLog gcLog = GcLog.ofThisJvm().orElse(null);
        if (gcLog == null) {
            System.err.println("No readable GC log: start the JVM with " + GcLog.OPTION_EXAMPLE + " (the bench-rebuild profile does)");
            System.exit(2);
        }
        BenchOptions options = BenchOptions.fromSystemProperties(System.getenv());
        long sliceRows = Long.parseLong(BenchOptions.property("bench.sliceRows", "1000000").replace("_", ""));
        ServerCpu serverCpu = ServerCpu.find(options.server());
        Report report = new Report(options);
        report.header(serverCpu, gcLog);
        BenchDataset.Contents contents = new BenchDataset(options.server(), options.parallelism()).ensure(options.rows(), options.reload());
        report.dataset(contents, DataFootprint.measure(options.server(), contents.shards()));
        RoundMeter meter = new RoundMeter(serverCpu, new ServerStatus(options.server()), gcLog);
        RebuildRound rebuild = new RebuildRound(options, contents, meter, sliceRows);
        boolean correct = true;
        for (int round = 1; round <= options.rounds(); round++) {
            RoundResult r = rebuild.run(round);
            report.round(r);
            correct &= r.passed();
        }
        System.exit(correct ? 0 : 1);
    }
}
