package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the dimension-change benchmark does, from {@code -Dbench.*} system properties (the Maven
 * profile {@code bench-join} forwards them) and where the server is, from the environment.
 *
 * @param orders     rows of {@code orders} ({@code bench.orders}, default 2,000,000)
 * @param hotOrders  orders of the one hot customer ({@code bench.hotOrders}, 200,000)
 * @param customers  rows of {@code customers} ({@code bench.customers}, 100,000)
 * @param changes    orders changed by the fact-change scenario, and about the orders of the customers
 *                   changed by the spread scenario ({@code bench.changes}, 20,000)
 * @param rounds     rounds of the three scenarios and of the ceiling's scan ({@code bench.rounds}, 3)
 * @param chunkRows  engine rows per keyset-paged query ({@code bench.chunkRows}, the service default)
 * @param reload     drop and reload the database even if it holds the right data ({@code bench.reload})
 * @param workDir    scratch folder for the warehouse and work files ({@code bench.dir})
 * @param server     the server holding the database
 */
record JoinBenchOptions(long orders, long hotOrders, int customers, int changes, int rounds, int chunkRows, boolean reload,
                        Path workDir, MySqlEndpoint server) {

    JoinBenchOptions {
        if (customers < 2 || hotOrders < 0 || hotOrders > orders || changes < 1 || changes > orders - hotOrders || rounds < 1
                || chunkRows < 1) {
            throw new IllegalArgumentException("need bench.customers >= 2, 0 <= bench.hotOrders <= bench.orders,"
                    + " 1 <= bench.changes <= the orders of the other customers, and positive rounds and chunkRows");
        }
    }

    static JoinBenchOptions fromSystemProperties(Map<String, String> env) {
        return new JoinBenchOptions(
                Long.parseLong(BenchOptions.property("bench.orders", "2000000").replace("_", "")),
                Long.parseLong(BenchOptions.property("bench.hotOrders", "200000").replace("_", "")),
                Integer.parseInt(BenchOptions.property("bench.customers", "100000").replace("_", "")),
                Integer.parseInt(BenchOptions.property("bench.changes", "20000").replace("_", "")),
                Integer.parseInt(BenchOptions.property("bench.rounds", "3")),
                Integer.parseInt(BenchOptions.property("bench.chunkRows", "100000")),
                Boolean.parseBoolean(BenchOptions.property("bench.reload", "false")),
                Path.of(BenchOptions.property("bench.dir", System.getProperty("java.io.tmpdir") + "/shardlake-bench")),
                MySqlEndpoint.fromEnvironment(env));
    }
}
