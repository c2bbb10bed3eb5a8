package io.shardlake.app.benchmark;

import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler benchmark does, from {@code -Dbench.*} system properties (the Maven profile
 * {@code bench-scheduler} forwards them) and where the MySQL-compatible server is, from
 * {@code SHARDLAKE_BENCH_MYSQL_HOST/PORT/USER/PASSWORD} (default the local MariaDB).
 *
 * @param pipelines     pipeline definitions generated, each on its own 15-minute cron ({@code bench.pipelines}, 1,000)
 * @param spread        how the pipelines' fire times are spread over each quarter hour ({@code bench.spread}):
 *                      {@code seconds} (default) evenly, second by second, with 6-field Quartz crons
 *                      ({@code "S M/15 * * * ?"}: 1,000 pipelines fire 1.1 times a second); {@code minutes}
 *                      with 5-field Unix crons ({@code "M/15 * * * *"}): N/15 pipelines fire together at
 *                      the start of every minute, as when people only stagger minutes
 * @param dependents    of the pipelines, how many have {@code depends_on} ({@code bench.dependents}, 0): the
 *                      last ones, each on one of the others (spread evenly) and on its cron, so it waits for that
 *                      upstream's run of the same interval
 * @param rounds        consecutive measurement windows ({@code bench.rounds}, 3)
 * @param roundSeconds  length of each window ({@code bench.roundSeconds}, 300)
 * @param rowsPerShard  rows of the tiny source table in each shard ({@code bench.rowsPerShard}, 20)
 * @param maxWarmupSeconds how long the first (full) loads of every pipeline may take to drain before the
 *                      measurement starts ({@code bench.maxWarmupSeconds}, 1,200)
 * @param serviceArgs   extra Spring arguments for the service, space-separated ({@code bench.args}), e.g.
 *                      {@code --shardlake.scheduler.max-runs-per-node=16}
 * @param workDir       definitions, lake, work files and the service log ({@code bench.dir})
 * @param server        the server holding the shard databases and the metadata database
 */
record SchedulerBenchOptions(int pipelines, Spread spread, int dependents, int rounds, int roundSeconds, int rowsPerShard,
                             int maxWarmupSeconds, List<String> serviceArgs, Path workDir, MySqlEndpoint server) {

    static final int SHARDS = 12;
    /** Every pipeline's period: the 15-minute schedules. */
    static final int PERIOD_SECONDS = 900;

    /** How fire times are spread over the period. */
    enum Spread { SECONDS, MINUTES }

    SchedulerBenchOptions {
        if (dependents < 0 || dependents > pipelines / 2) {
            throw new IllegalArgumentException("bench.dependents must be 0 to half of bench.pipelines");
        }
        if (pipelines < 1 || rounds < 1 || roundSeconds < 10 || rowsPerShard < 1 || maxWarmupSeconds < 1) {
            throw new IllegalArgumentException("bench.pipelines, rowsPerShard, rounds and maxWarmupSeconds must be positive,"
                    + " bench.roundSeconds at least 10");
        }
        serviceArgs = List.copyOf(serviceArgs);
    }

    static SchedulerBenchOptions fromSystemProperties(Map<String, String> env) {
        String args = property("bench.args", "");
        return new SchedulerBenchOptions(
                Integer.parseInt(property("bench.pipelines", "1000").replace("_", "")),
                Spread.valueOf(property("bench.spread", "seconds").toUpperCase(java.util.Locale.ROOT)),
                Integer.parseInt(property("bench.dependents", "0")),
                Integer.parseInt(property("bench.rounds", "3")),
                Integer.parseInt(property("bench.roundSeconds", "300")),
                Integer.parseInt(property("bench.rowsPerShard", "20")),
                Integer.parseInt(property("bench.maxWarmupSeconds", "1200")),
                args.isBlank() ? List.of() : Arrays.asList(args.trim().split("\\s+")),
                Path.of(property("bench.dir", System.getProperty("java.io.tmpdir") + "/shardlake-schedbench")),
                MySqlEndpoint.fromEnvironment(env));
    }

    /** Scheduled fires per second, on average, over every quarter hour. */
    double firesPerSecond() {
        return (double) pipelines / PERIOD_SECONDS;
    }

    /** An unset or blank property (Maven passes empty values through) takes the default. */
    private static String property(String name, String defaultValue) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
