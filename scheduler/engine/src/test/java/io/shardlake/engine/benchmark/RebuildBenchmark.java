package io.shardlake.engine.benchmark;

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
        FullLoadBenchmark.Setup setup = FullLoadBenchmark.Setup.of("bench-rebuild");
        long sliceRows = Long.parseLong(BenchOptions.property("bench.sliceRows", "1000000").replace("_", ""));
        RebuildRound rebuild = new RebuildRound(setup.options(), setup.contents(), setup.meter(), sliceRows);
        boolean correct = true;
        for (int round = 1; round <= setup.options().rounds(); round++) {
            RoundResult r = rebuild.run(round);
            setup.report().round(r);
            correct &= r.passed();
        }
        System.exit(correct ? 0 : 1);
    }
}
