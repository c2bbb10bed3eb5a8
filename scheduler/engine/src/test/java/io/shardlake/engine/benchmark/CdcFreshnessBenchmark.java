package io.shardlake.engine.benchmark;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.BinlogMariaDb;
import io.shardlake.connectors.testing.bench.Percentiles;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.PipelineSinks;
import io.shardlake.engine.run.RunNow;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * Freshness of a {@code source.mode: cdc} pipeline: a MariaDB with its binlog on (started by the
 * benchmark as its own process) holds 12 shard databases of orders; a writer updates random orders
 * at {@code bench.rate} per second, and a loop runs the pipeline every {@code bench.interval}
 * seconds as its schedule would (one run at a time). A change counts as in the lake at the commit
 * of its shard's task in the first run that started after the change committed (an upper bound:
 * a run may take changes committed just after it started). Also the CPU the service spent, all of
 * it but the writer thread's (the follower: binlog reads, transform, Parquet, commits). A
 * documented command, not a test:
 *
 * <pre>
 * ./mvnw -q -pl scheduler/engine -am -Pbench-cdc test-compile -Dbench.rate=200 -Dbench.seconds=120 -Dbench.interval=10
 * </pre>
 *
 * Exits with 1 when the versions written differ from the updates made.
 */
public final class CdcFreshnessBenchmark {

    private static final int SHARDS = 12;

    private CdcFreshnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 200);
        int seconds = Integer.getInteger("bench.seconds", 120);
        int interval = Integer.getInteger("bench.interval", 10);
        int rowsPerShard = Integer.getInteger("bench.rowsPerShard", 20_000);
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench-cdc"))).resolve("run-" + System.nanoTime());
        BinlogMariaDb server = BinlogMariaDb.start();
        try {
            List<String> databases = IntStream.rangeClosed(1, SHARDS).mapToObj(i -> String.format("cdc_s%02d", i)).toList();
            for (String db : databases) {
                fill(server, db, rowsPerShard);
            }
            PipelineDefinition orders = new DefinitionParser(Set.of("shop")).parse("orders.yaml", """
                    name: orders
                    schedule: "*/10 * * * * ?"
                    source:
                      connection: shop
                      table: orders
                      mode: cdc
                    transform:
                      columns:
                        - {name: order_id, from: id, type: bigint}
                        - {name: status, type: string}
                        - {name: payload, type: json}
                        - {name: updated_at, type: timestamp}
                    """);
            DataSource metadata = MetadataDatabases.h2("shardlake_bench_cdc_" + System.nanoTime());
            JdbcRunRepository runs = new JdbcRunRepository(metadata);
            JdbcRunQueue queue = new JdbcRunQueue(metadata);
            List<Shard> shards = IntStream.range(0, SHARDS).mapToObj(i -> new Shard(String.format("shard%02d", i + 1),
                    "jdbc:mysql://127.0.0.1:" + server.port() + "/" + databases.get(i) + "?useSSL=false&allowPublicKeyRetrieval=true"))
                    .toList();
            SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop", shards, ZoneOffset.UTC, "root", "", 4,
                    "SELECT 0")));
            EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 10_000, 10_000, 5, dir.resolve("work"), 4);
            PipelineRunner runner = new PipelineRunner(sources, runs, new LocalObjectStore(dir.resolve("warehouse")), settings,
                    Clock.systemUTC());
            try (RunNow node = new RunNow(runner, queue, runs, Clock.systemUTC())) {
                RunRecord first = node.run(orders, "MANUAL").orElseThrow();
                System.out.printf(Locale.ROOT, "first load   %s, %,d rows%n", first.state(), first.totals().rowsWritten());

                List<ConcurrentLinkedQueue<Long>> committedAt = new ArrayList<>(); // per shard: wall millis of each update's commit
                for (int i = 0; i < SHARDS; i++) {
                    committedAt.add(new ConcurrentLinkedQueue<>());
                }
                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicLong sent = new AtomicLong();
                Thread writer = new Thread(() -> write(server, databases, rowsPerShard, rate, seconds, committedAt, sent, writing), "writer");
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                        .getOperatingSystemMXBean();
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                writer.start();
                List<Double> latencies = new ArrayList<>();
                long written = 0;
                int batches = 0;
                long writerCpu = 0;
                while (writing.get() || committedAt.stream().anyMatch(q -> !q.isEmpty())) {
                    long nextRun = System.nanoTime() + Duration.ofSeconds(interval).toNanos();
                    long runStart = System.currentTimeMillis();
                    RunRecord run = node.run(orders, "SCHEDULED").orElseThrow();
                    if (writer.isAlive()) {
                        writerCpu = Math.max(writerCpu, threads.getThreadCpuTime(writer.getId()));
                    }
                    if (run.state() != RunState.SUCCEEDED && run.state() != RunState.SKIPPED) {
                        System.out.println("run " + run.id() + " " + run.state() + ": " + run.error());
                        continue;
                    }
                    batches++;
                    for (ShardRunRecord task : runs.shardRuns(run.id())) {
                        written += task.counts().rowsWritten();
                        ConcurrentLinkedQueue<Long> q = committedAt.get(Integer.parseInt(task.shard().substring(5)) - 1);
                        for (Long at = q.peek(); at != null && at < runStart; at = q.peek()) {
                            q.poll();
                            latencies.add((double) (task.finishedAt().toEpochMilli() - at));
                        }
                    }
                    long sleep = nextRun - System.nanoTime();
                    if (sleep > 0 && writing.get()) {
                        Thread.sleep(sleep / 1_000_000);
                    }
                }
                writer.join();
                double wall = (System.nanoTime() - start) / 1e9;
                double followerCpu = (os.getProcessCpuTime() - cpuStart - writerCpu) / 1e9;
                double[] ms = latencies.stream().mapToDouble(Double::doubleValue).toArray();
                System.out.printf(Locale.ROOT, "config       %d shards x %,d rows, %d updates/s for %d s, a run every %d s, H2 metadata%n",
                        SHARDS, rowsPerShard, rate, seconds, interval);
                System.out.printf(Locale.ROOT, "changes      %,d updates, %,d versions written by %d runs%n", sent.get(), written, batches);
                System.out.printf(Locale.ROOT, "freshness    source commit -> lake commit: p50 %.1f s, p99 %.1f s, max %.1f s (target p99 < 60 s)%n",
                        Percentiles.median(ms) / 1000, Percentiles.of(ms, 99) / 1000, Percentiles.of(ms, 100) / 1000);
                System.out.printf(Locale.ROOT, "follower CPU %.1f s over %.0f s wall = %.1f%% of one core, %.0f us per change%n", followerCpu, wall,
                        followerCpu / wall * 100, followerCpu * 1e6 / Math.max(1, sent.get()));
                if (written != sent.get()) {
                    System.out.println("MISMATCH     " + sent.get() + " updates but " + written + " versions written");
                    System.exit(1);
                }
            }
        } finally {
            server.stop();
        }
        System.exit(0);
    }

    /** Updates random orders at {@code rate} per second, each its own transaction; records each commit's wall time. */
    private static void write(BinlogMariaDb server, List<String> databases, int rowsPerShard, int rate, int seconds,
                              List<ConcurrentLinkedQueue<Long>> committedAt, AtomicLong sent, AtomicBoolean writing) {
        SplittableRandom random = new SplittableRandom(7);
        List<Connection> connections = new ArrayList<>();
        try {
            for (String db : databases) {
                connections.add(server.connection(db));
            }
            long intervalNanos = 1_000_000_000L / rate;
            long next = System.nanoTime();
            long end = next + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                int s = random.nextInt(databases.size());
                try (PreparedStatement ps = connections.get(s).prepareStatement(
                        "UPDATE orders SET status = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?")) {
                    ps.setString(1, "u" + sent.get());
                    ps.setLong(2, 1 + random.nextInt(rowsPerShard));
                    ps.executeUpdate();
                }
                committedAt.get(s).add(System.currentTimeMillis());
                sent.incrementAndGet();
                next += intervalNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            writing.set(false);
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing after the benchmark
                }
            }
        }
    }

    private static void fill(BinlogMariaDb server, String db, int rows) throws Exception {
        server.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
        try (Connection c = server.connection(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL, payload LONGTEXT NULL,"
                    + " updated_at DATETIME(6) NOT NULL, KEY orders_cursor (updated_at, id))");
            c.setAutoCommit(false);
            String payload = "{\"channel\":\"web\",\"items\":[{\"sku\":\"SKU-10001\",\"qty\":2,\"price\":19.90}],\"note\":\""
                    + "x".repeat(200) + "\"}";
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders VALUES (?, 'new', ?, UTC_TIMESTAMP(6) - INTERVAL ? SECOND)")) {
                for (int id = 1; id <= rows; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, payload);
                    ps.setInt(3, 3600 + id % 86_400);
                    ps.addBatch();
                    if (id % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
