package io.shardlake.engine.benchmark;

import static io.shardlake.engine.benchmark.BenchOptions.property;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the reconciliation benchmark does, from {@code -Dbench.*} system properties (the Maven profile
 * {@code bench-reconcile} forwards them) and where the MySQL-compatible server is, from the environment.
 *
 * @param shards          shard databases ({@code bench.shards}, default 12)
 * @param keysPerShard    orders per shard ({@code bench.keysPerShard}, 1,000,000)
 * @param deletedFraction share of each shard's keys hard-deleted before each delete round ({@code bench.deletedFraction}, 0.001)
 * @param rounds          delete rounds, each followed by an unchanged round ({@code bench.rounds}, 3)
 * @param parallelism     shard tasks at once, as the service's default ({@code bench.parallelism}, 2 = cores)
 * @param reload          drop and reload the shards even if they hold the right data ({@code bench.reload})
 * @param workDir         scratch folder for the warehouse and work files ({@code bench.dir}; the profile also writes
 *                        the GC log there)
 * @param server          the server holding the shard databases
 */
record ReconcileBenchOptions(int shards, long keysPerShard, double deletedFraction, int rounds, int parallelism, boolean reload,
                             Path workDir, MySqlEndpoint server) {

    ReconcileBenchOptions {
        if (shards < 1 || keysPerShard < 1 || rounds < 1 || parallelism < 1) {
            throw new IllegalArgumentException("bench.shards, keysPerShard, rounds and parallelism must be positive");
        }
        if (!(deletedFraction > 0) || deletedFraction * rounds >= 1) {
            throw new IllegalArgumentException("bench.deletedFraction must be above 0, and all rounds together must leave keys");
        }
    }

    static ReconcileBenchOptions fromSystemProperties(Map<String, String> env) {
        return new ReconcileBenchOptions(
                Integer.parseInt(property("bench.shards", "12")),
                Long.parseLong(property("bench.keysPerShard", "1000000").replace("_", "")),
                Double.parseDouble(property("bench.deletedFraction", "0.001")),
                Integer.parseInt(property("bench.rounds", "3")),
                Integer.parseInt(property("bench.parallelism", "2")),
                Boolean.parseBoolean(property("bench.reload", "false")),
                Path.of(property("bench.dir", System.getProperty("java.io.tmpdir") + "/shardlake-bench-reconcile")),
                MySqlEndpoint.fromEnvironment(env));
    }

    long totalKeys() {
        return shards * keysPerShard;
    }

    /** Keys deleted per shard in a delete round. */
    int deletedPerShard() {
        return (int) Math.max(1, Math.round(keysPerShard * deletedFraction));
    }
}
