package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the benchmark does, from {@code -Dbench.*} system properties (the Maven profile
 * {@code bench} forwards them) and where the MySQL-compatible server is, from the environment.
 *
 * @param rows           rows in total over the 12 shards ({@code bench.rows}, default 3,000,000)
 * @param rounds         raw-read and full-load rounds each, run alternately ({@code bench.rounds}, 3)
 * @param parallelism    shards read at once, in both paths ({@code bench.parallelism}, 2 = cores)
 * @param chunkRows      engine rows per keyset-paged query ({@code bench.chunkRows}, the service default)
 * @param dedupeBatchRows engine dedupe batch ({@code bench.dedupeBatchRows}, the service default)
 * @param reload         drop and reload the shards even if they hold the right data ({@code bench.reload})
 * @param workDir        scratch folder for warehouses and work files ({@code bench.dir}; the profile also writes
 *                       the GC log there)
 * @param server         the server holding the shard databases
 */
record BenchOptions(long rows, int rounds, int parallelism, int chunkRows, int dedupeBatchRows, boolean reload,
                    Path workDir, MySqlEndpoint server) {

    static final int SHARDS = 12;

    BenchOptions {
        if (rows < SHARDS || rounds < 1 || parallelism < 1 || chunkRows < 1 || dedupeBatchRows < 1) {
            throw new IllegalArgumentException("bench.rows must be at least " + SHARDS
                    + "; rounds, parallelism, chunkRows and dedupeBatchRows must be positive");
        }
    }

    static BenchOptions fromSystemProperties(Map<String, String> env) {
        return new BenchOptions(
                Long.parseLong(property("bench.rows", "3000000").replace("_", "")),
                Integer.parseInt(property("bench.rounds", "3")),
                Integer.parseInt(property("bench.parallelism", "2")),
                Integer.parseInt(property("bench.chunkRows", "100000")),
                Integer.parseInt(property("bench.dedupeBatchRows", "10000")),
                Boolean.parseBoolean(property("bench.reload", "false")),
                Path.of(property("bench.dir", System.getProperty("java.io.tmpdir") + "/shardlake-bench")),
                MySqlEndpoint.fromEnvironment(env));
    }

    /** An unset or blank property (Maven passes empty values through) takes the default. */
    static String property(String name, String defaultValue) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
