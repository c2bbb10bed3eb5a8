package io.shardlake.app.benchmark;

import static io.shardlake.app.benchmark.SchedulerBenchReport.line;

import io.shardlake.app.nodes.ChildNode;
import io.shardlake.app.nodes.NodeSettings;
import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import io.shardlake.connectors.testing.bench.Percentiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Three service nodes, each a JVM of its own ({@link ChildNode}), on one metadata database on the
 * local MariaDB, reading shard databases on that same server: the cluster-wide replica budget and
 * rolling restarts, measured.
 *
 * <pre>
 * ./mvnw -q -pl scheduler/app -am -Pbench-cluster test-compile                    # burst (default)
 * ./mvnw -q -pl scheduler/app -am -Pbench-cluster test-compile -Dbench.mode=roll
 * </pre>
 *
 * Every shard URL points at one server, so all shards are one budget host ({@code 127.0.0.1:3306})
 * and the nodes read as their own MariaDB user ({@code shardlake_clusterbench}): the replica's
 * process list, sampled every 10 ms, counts that user's connections that are not idle
 * ({@code COMMAND <> 'Sleep'}), which are the reads in flight on the host. A shard read is made to
 * last by the source's {@code lag-query} ({@code SELECT SLEEP(bench.readSeconds)}, run by every shard
 * task while it holds its slot), so a sample sees reads instead of gaps between tiny queries.
 * <ul>
 *   <li>{@code burst}: {@code bench.pipelines} (300) pipelines appear at once in the definitions
 *       folder of the running nodes; each queues its first run at once. Reports the most concurrent
 *       reads seen on the host against the budget, and the runs each node executed.</li>
 *   <li>{@code roll}: {@code bench.pipelines} (12) pipelines on a 15-second cron; after a warm-up, each
 *       node in turn gets SIGTERM (as a rolling update sends), is started again and given 20 s. Reports
 *       missed and duplicated intervals, runs handed back and how long they waited, and the
 *       trigger-to-start delay during the roll and outside it.</li>
 * </ul>
 */
public final class ClusterBenchmark {

    private static final String READER = "shardlake_clusterbench";
    private static final int NODES = 3;
    private static final Pattern STARTED = Pattern.compile("run=(\\S+) started on (node-\\d) \\(attempt (\\d+)");

    private final MySqlEndpoint server = MySqlEndpoint.fromEnvironment(System.getenv());
    private final String mode = property("bench.mode", "burst");
    private final int pipelines = Integer.parseInt(property("bench.pipelines", mode.equals("roll") ? "12" : "300"));
    private final int shards = Integer.parseInt(property("bench.shards", "4"));
    private final int budget = Integer.parseInt(property("bench.budget", "4"));
    private final String readSeconds = property("bench.readSeconds", mode.equals("roll") ? "0.1" : "0.25");
    private final Path dir = Path.of(property("bench.dir", System.getProperty("java.io.tmpdir") + "/shardlake-clusterbench"));
    private final BenchDatabases databases = new BenchDatabases(server);
    private final List<ChildNode> nodes = new ArrayList<>();

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ClusterBenchmark bench = new ClusterBenchmark();
        int exit;
        try {
            exit = bench.mode.equals("roll") ? bench.roll() : bench.burst();
        } finally {
            for (ChildNode n : bench.nodes) {
                n.close();
            }
        }
        System.exit(exit);
    }

    private int burst() throws Exception {
        NodeSettings settings = setUp();
        line("config mode=burst nodes=%d pipelines=%d shards=%d (one host %s) budget=%d reads per host, read >= %s s;"
                + " %d CPUs shared by the nodes and MariaDB, load average %s", NODES, pipelines, shards, host(), budget, readSeconds,
                Runtime.getRuntime().availableProcessors(), load());
        startNodes(settings);
        ProcessListSampler sampler = new ProcessListSampler();
        Thread sampling = new Thread(sampler, "process-list-sampler");
        sampling.setDaemon(true);
        sampling.start();
        Instant start = Instant.now();
        writePipelines("0 0 1 1 *"); // yearly: only the first runs fire during the burst
        boolean drained = awaitRuns(pipelines, Duration.ofMinutes(15));
        Duration took = Duration.between(start, Instant.now());
        sampler.stop.set(true);
        sampling.join();
        line("burst  %d runs %s in %d s (all queued by %d nodes from the definitions folder)", pipelines,
                databases.runStates(), took.toSeconds(), NODES);
        line("reads  most concurrent reads on host %s: %d (budget %d); mean %.2f over %,d samples, at the budget in %.0f%% of them;"
                        + " host_slot rows at most %d", host(), sampler.most, budget, (double) sampler.readsSum / Math.max(1, sampler.samples),
                sampler.samples, 100.0 * sampler.atBudget / Math.max(1, sampler.samples), sampler.mostSlots);
        line("spread runs executed per node %s; load average %s", startsPerNode(), load());
        return drained && sampler.most <= budget ? 0 : 1;
    }

    private int roll() throws Exception {
        String period = "15";
        NodeSettings settings = setUp();
        line("config mode=roll nodes=%d pipelines=%d every %s s, shards=%d budget=%d, read >= %s s; lease 30 s; %d CPUs shared,"
                + " load average %s", NODES, pipelines, period, shards, budget, readSeconds, Runtime.getRuntime().availableProcessors(), load());
        startNodes(settings);
        writePipelines(null);
        awaitFirstRuns(Duration.ofMinutes(5));
        Instant warm = Instant.now(); // delays of the first loads' backlog are not the roll's
        Thread.sleep(45_000); // a few scheduled intervals before the roll
        Instant rollStart = Instant.now();
        for (int i = 0; i < NODES; i++) {
            ChildNode old = nodes.get(i);
            Duration stop = old.stop(Duration.ofSeconds(90));
            ChildNode fresh = ChildNode.start(settings, old.id(), dir.resolve(old.id() + "-restarted-" + Instant.now().getEpochSecond() + ".log"));
            nodes.set(i, fresh);
            fresh.awaitUp(Duration.ofMinutes(3));
            line("roll   %s stopped (SIGTERM) in %.1f s, back up after %d s", old.id(), stop.toMillis() / 1000.0,
                    Duration.between(rollStart, Instant.now()).toSeconds());
            Thread.sleep(20_000);
        }
        Instant rollEnd = Instant.now();
        Thread.sleep(45_000);
        Instant end = Instant.now();
        for (ChildNode n : nodes) {
            n.stop(Duration.ofSeconds(90));
        }
        return report(warm, rollStart, rollEnd, end, Long.parseLong(period) * 1000);
    }

    /** Missed and duplicated intervals, hand-backs and trigger-to-start delays, from the runs table. */
    private int report(Instant warm, Instant rollStart, Instant rollEnd, Instant end, long periodMillis) throws Exception {
        record Run(String pipeline, String trigger, long start, long end, String state, int attempt, Long startedAt, Long finishedAt) {
        }
        List<Run> runs = new ArrayList<>();
        try (Connection c = server.connect(BenchDatabases.METADATA); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pipeline, trigger_kind, interval_start, interval_end, state, attempt, started_at,"
                     + " finished_at FROM pipeline_run ORDER BY pipeline, interval_start")) {
            while (rs.next()) {
                runs.add(new Run(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getInt(6),
                        (Long) rs.getObject(7, Long.class), (Long) rs.getObject(8, Long.class)));
            }
        }
        long cutoff = end.toEpochMilli() - 2 * periodMillis; // the last fires may still be in flight at the final stop
        int missed = 0;
        int overlapping = 0;
        int catchups = 0;
        Map<String, Run> previous = new HashMap<>();
        Map<String, Integer> states = new TreeMap<>();
        List<Double> delayRoll = new ArrayList<>();
        List<Double> delayOther = new ArrayList<>();
        List<Double> handedBackTotal = new ArrayList<>();
        for (Run r : runs) {
            Run p = previous.put(r.pipeline(), r);
            if (p != null && r.start() > p.end()) {
                missed += (int) ((r.start() - p.end()) / periodMillis);
            } else if (p != null && r.start() < p.end()) {
                overlapping++;
            }
            if (r.end() > cutoff) {
                continue;
            }
            states.merge(r.state(), 1, Integer::sum);
            if (r.trigger().equals("CATCHUP")) {
                catchups++;
            }
            if (r.trigger().equals("SCHEDULED") && r.startedAt() != null && r.end() >= warm.toEpochMilli()) {
                double delay = (r.startedAt() - r.end()) / 1000.0;
                boolean inRoll = r.end() >= rollStart.toEpochMilli() && r.end() <= rollEnd.toEpochMilli();
                (inRoll ? delayRoll : delayOther).add(delay);
            }
            if (r.attempt() > 1 && r.finishedAt() != null) {
                handedBackTotal.add((r.finishedAt() - r.end()) / 1000.0);
            }
        }
        for (Map.Entry<String, Run> last : previous.entrySet()) {
            if (last.getValue().end() < cutoff) {
                missed += (int) ((cutoff - last.getValue().end()) / periodMillis);
            }
        }
        line("roll   intervals up to %s: %d runs %s; missed intervals %d, overlapping (duplicated) %d, catch-up runs %d",
                Instant.ofEpochMilli(cutoff), states.values().stream().mapToInt(Integer::intValue).sum(), states, missed, overlapping,
                catchups);
        line("delay  trigger-to-start during the roll: %s; 45 s before and after it: %s", stats(delayRoll), stats(delayOther));
        line("handed runs that ran on a second attempt: %d, fire-to-end %s; stop-to-restart on another node %s", handedBackTotal.size(),
                stats(handedBackTotal), stats(handBackDelays()));
        line("spread run starts per node (attempts included) %s; load average %s", startsPerNode(), load());
        return missed == 0 && overlapping == 0 ? 0 : 1;
    }

    private static String stats(List<Double> values) {
        if (values.isEmpty()) {
            return "none";
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return String.format("n=%d median %.2f s, p95 %.2f s, max %.2f s", v.length, Percentiles.median(v), Percentiles.of(v, 95),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    private NodeSettings setUp() throws Exception {
        List<String> shardDbs = databases.ensureShards(shards, 20);
        databases.resetMetadata();
        try (Connection c = server.connectToServer(); Statement s = c.createStatement()) {
            for (String host : List.of("localhost", "127.0.0.1", "%")) {
                s.execute("CREATE USER IF NOT EXISTS '" + READER + "'@'" + host + "' IDENTIFIED BY '" + READER + "'");
                s.execute("GRANT SELECT ON `" + BenchDatabases.SHARD_PREFIX.replace("_", "\\_") + "%`.* TO '" + READER + "'@'" + host + "'");
            }
        }
        deleteTree(dir);
        Files.createDirectories(dir.resolve("definitions"));
        NodeSettings settings = NodeSettings.on(databases.metadataUrl(), server.user(), server.password(), dir)
                .set("shardlake.sources." + PipelineFiles.CONNECTION + ".username", READER)
                .set("shardlake.sources." + PipelineFiles.CONNECTION + ".password", READER)
                .set("shardlake.sources." + PipelineFiles.CONNECTION + ".max-concurrent-per-host", budget)
                .set("shardlake.sources." + PipelineFiles.CONNECTION + ".lag-query", "SELECT SLEEP(" + readSeconds + ")")
                .set("shardlake.scheduler.definitions-poll", "1s");
        for (int i = 0; i < shardDbs.size(); i++) {
            String shard = "shardlake.sources." + PipelineFiles.CONNECTION + ".shards[" + i + "].";
            settings.set(shard + "id", String.format("shard%02d", i + 1)).set(shard + "url", databases.shardUrl(shardDbs.get(i)));
        }
        return settings;
    }

    private void startNodes(NodeSettings settings) throws Exception {
        for (int i = 1; i <= NODES; i++) {
            nodes.add(ChildNode.start(settings, "node-" + i, dir.resolve("node-" + i + ".log")));
        }
        for (ChildNode n : nodes) {
            n.awaitUp(Duration.ofMinutes(3));
        }
    }

    /** {@code cron} for every pipeline, or (null) a 15-second cron whose phase differs per pipeline. */
    private void writePipelines(String cron) throws Exception {
        Path folder = dir.resolve("definitions");
        Path staging = Files.createDirectories(dir.resolve("staging"));
        for (int i = 0; i < pipelines; i++) {
            String name = String.format("p%04d", i + 1);
            String schedule = cron != null ? cron : (i % 15) + "/15 * * * * ?";
            Files.writeString(staging.resolve(name + ".yaml"), """
                    name: %s
                    schedule: "%s"
                    schedule_zone: UTC
                    source:
                      connection: %s
                      table: %s
                    transform:
                      columns:
                        - {name: event_id, from: id, type: bigint}
                        - {name: status, type: string}
                        - {name: amount, type: "decimal(12,2)"}
                        - {name: updated_at, type: timestamp}
                    """.formatted(name, schedule, PipelineFiles.CONNECTION, BenchDatabases.TABLE));
        }
        try (Stream<Path> files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Files.move(f, folder.resolve(f.getFileName())); // each file appears whole
            }
        }
    }

    /** Waits until {@code count} runs exist and none is queued or running. */
    private boolean awaitRuns(int count, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            List<String> states = databases.runStates();
            int total = states.stream().mapToInt(s -> Integer.parseInt(s.substring(s.indexOf('=') + 1))).sum();
            if (total >= count && databases.unfinishedRuns() == 0) {
                return true;
            }
            Thread.sleep(1000);
        }
        line("timeout: runs %s after %s", databases.runStates(), timeout);
        return false;
    }

    /** Waits until every pipeline has ended a run (its first load; scheduled runs go on meanwhile). */
    private void awaitFirstRuns(Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            try (Connection c = server.connect(BenchDatabases.METADATA); Statement s = c.createStatement();
                 // a pipeline whose cron fired before it was first loaded starts with a scheduled run instead
                 ResultSet rs = s.executeQuery("SELECT COUNT(DISTINCT pipeline) FROM pipeline_run WHERE state NOT IN ('QUEUED', 'RUNNING')")) {
                rs.next();
                if (rs.getInt(1) >= pipelines) {
                    return;
                }
            }
            Thread.sleep(1000);
        }
        line("timeout: first runs still unfinished after %s: %s", timeout, databases.runStates());
    }

    /** The machine's load average now (other work shares it). */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /**
     * For each run a stopping node handed back: seconds from its shard task's "is shutting down"
     * line to its next attempt's "started on" line (the nodes' log timestamps, one clock).
     */
    private List<Double> handBackDelays() throws Exception {
        Pattern stopped = Pattern.compile("^(\\S+Z) .* run=(\\S+) shard=\\S+ .*is shutting down");
        Pattern restarted = Pattern.compile("^(\\S+Z) .* run=(\\S+) started on node-\\d \\(attempt [2-9]");
        Map<String, Instant> stops = new HashMap<>();
        Map<String, Instant> restarts = new HashMap<>();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                for (String l : Files.readAllLines(log)) {
                    Matcher m = stopped.matcher(l);
                    if (m.find()) {
                        stops.merge(m.group(2), Instant.parse(m.group(1)), (a, b) -> a.isBefore(b) ? a : b);
                    }
                    m = restarted.matcher(l);
                    if (m.find()) {
                        restarts.merge(m.group(2), Instant.parse(m.group(1)), (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
            }
        }
        List<Double> delays = new ArrayList<>();
        stops.forEach((run, at) -> {
            Instant again = restarts.get(run);
            if (again != null && again.isAfter(at)) {
                delays.add(Duration.between(at, again).toMillis() / 1000.0);
            }
        });
        return delays;
    }

    /** Run starts per node, from the nodes' logs ("run=... started on node-N (attempt K"). */
    private Map<String, Integer> startsPerNode() throws Exception {
        Map<String, Integer> perNode = new TreeMap<>();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                for (String l : Files.readAllLines(log)) {
                    Matcher m = STARTED.matcher(l);
                    if (m.find()) {
                        perNode.merge(m.group(2), 1, Integer::sum);
                    }
                }
            }
        }
        return perNode;
    }

    private String host() {
        return server.host() + ":" + server.port();
    }

    /** Samples the replica's process list and the slot table every 10 ms on its own connection. */
    private final class ProcessListSampler implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        volatile int most;
        volatile int mostSlots;
        volatile long samples;
        volatile long readsSum;
        volatile long atBudget;

        @Override
        public void run() {
            try (Connection c = server.connectToServer(); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    int reads = count(s, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + READER
                            + "' AND COMMAND <> 'Sleep'");
                    int slots = count(s, "SELECT COUNT(*) FROM " + BenchDatabases.METADATA + ".host_slot WHERE lease_until > "
                            + System.currentTimeMillis());
                    samples++;
                    most = Math.max(most, reads);
                    mostSlots = Math.max(mostSlots, slots);
                    readsSum += reads;
                    if (reads >= budget) {
                        atBudget++;
                    }
                    Thread.sleep(10);
                }
            } catch (SQLException | InterruptedException e) {
                line("sampler stopped: %s", e);
            }
        }

        private int count(Statement s, String sql) throws SQLException {
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String property(String name, String defaultValue) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
