package io.shardlake.engine.benchmark;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import io.shardlake.connectors.testing.bench.Percentiles;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.events.EventBatcher;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.EntityEvent;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.PipelineSinks;
import io.shardlake.engine.run.RunNow;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * How long an entity event takes to reach the lake: a writer changes random orders of 12 MariaDB
 * shards at {@code bench.rate} per second and stores an event for each (as the HTTP endpoint does,
 * without the HTTP hop), while a node's loop batches the events every 250 ms and runs each EVENT
 * run as the coordinator would (one run of the pipeline at a time). Each event's latency runs from
 * the source commit to the shard task's commit in the metadata database. A documented command, not
 * a test:
 *
 * <pre>
 * ./mvnw -q -pl scheduler/engine -am -Pbench-events test-compile -Dbench.rate=200 -Dbench.seconds=60
 * </pre>
 *
 * Prints p50, p99 and max latency, the events and runs per second achieved and the data files
 * written per minute. Exits with 1 when an event's row did not land in the lake.
 */
public final class EventLatencyBenchmark {

    private static final int SHARDS = 12;
    private static final String CONNECTION = "shop";
    private static final String COALESCE = "1s";

    private EventLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 200);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int rowsPerShard = Integer.getInteger("bench.rowsPerShard", 20_000);
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench-events"))).resolve("run-" + System.nanoTime());
        MySqlEndpoint server = MySqlEndpoint.fromEnvironment(System.getenv());
        List<String> databases = IntStream.rangeClosed(1, SHARDS).mapToObj(i -> String.format("shardlake_bench_ev_s%02d", i)).toList();
        for (String db : databases) {
            ensure(server, db, rowsPerShard);
        }
        PipelineDefinition orders = new DefinitionParser(Set.of(CONNECTION)).parse("orders.yaml", """
                name: orders
                schedule: "*/15 * * * *"
                source:
                  connection: shop
                  table: orders
                  events: {coalesce: %s}
                transform:
                  columns:
                    - {name: order_id, from: id, type: bigint}
                    - {name: status, type: string}
                    - {name: payload, type: json}
                    - {name: updated_at, type: timestamp}
                """.formatted(COALESCE));
        DataSource metadata = MetadataDatabases.h2("shardlake_bench_events_" + System.nanoTime());
        JdbcRunRepository runs = new JdbcRunRepository(metadata);
        JdbcEntityEvents events = new JdbcEntityEvents(metadata);
        JdbcRunQueue queue = new JdbcRunQueue(metadata);
        List<Shard> shards = IntStream.range(0, SHARDS).mapToObj(i -> new Shard(String.format("shard%02d", i + 1),
                server.jdbcUrl(databases.get(i)))).toList();
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection(CONNECTION, shards, ZoneOffset.UTC, server.user(),
                server.password(), 4, null)));
        EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 10_000, 10_000, 5, dir.resolve("work"), 4);
        PipelineRunner runner = new PipelineRunner(sources, runs, new LocalObjectStore(dir.resolve("warehouse")), null, PipelineSinks.NONE,
                events, settings, Clock.systemUTC());
        EventBatcher batcher = new EventBatcher(events, queue, DefinitionLookup.of(orders), Clock.systemUTC());
        try (RunNow node = new RunNow(runner, queue, runs, Clock.systemUTC())) {
            RunRecord first = node.run(orders, "MANUAL").orElseThrow();
            System.out.printf(Locale.ROOT, "first load   %s, %,d rows%n", first.state(), first.totals().rowsWritten());

            Map<String, Long> sentAt = new ConcurrentHashMap<>(); // "shard/id" of a change not yet in the lake -> nanoTime of its commit
            List<Double> latencies = new ArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            Thread writer = new Thread(() -> write(server, databases, rowsPerShard, rate, seconds, events, sentAt, sent, writing), "writer");
            long start = System.nanoTime();
            writer.start();
            int eventRuns = 0;
            int files = 0;
            while (writing.get() || !sentAt.isEmpty() && System.nanoTime() - start < Duration.ofSeconds(seconds + 30).toNanos()) {
                for (RunRecord queued : batcher.tick()) {
                    Map<String, List<EntityEvent>> claimed = events.claimed(queued.id());
                    RunRecord run = node.runQueued(queued, orders).orElseThrow();
                    if (run.state() != RunState.SUCCEEDED) {
                        System.out.println("event run " + run.id() + " " + run.state() + ": " + run.error());
                        continue;
                    }
                    eventRuns++;
                    for (ShardRunRecord task : runs.shardRuns(run.id())) {
                        files += task.counts().files();
                        long committed = System.nanoTime() - (System.currentTimeMillis() - task.finishedAt().toEpochMilli()) * 1_000_000;
                        for (EntityEvent e : claimed.getOrDefault(task.shard(), List.of())) {
                            Long at = sentAt.remove(task.shard() + "/" + e.key().get(0));
                            if (at != null) {
                                latencies.add((committed - at) / 1e6);
                            }
                        }
                    }
                }
                Thread.sleep(250);
            }
            writer.join();
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            double[] ms = latencies.stream().mapToDouble(Double::doubleValue).toArray();
            System.out.printf(Locale.ROOT, "config       %d shards x %,d rows, %d events/s for %d s, coalesce %s, H2 metadata%n", SHARDS,
                    rowsPerShard, rate, seconds, COALESCE);
            System.out.printf(Locale.ROOT, "events       %,d sent (%.0f/s), %,d in the lake, %d EVENT runs (%.1f/s), %.0f data files/minute%n",
                    sent.get(), sent.get() / (double) seconds, ms.length, eventRuns, eventRuns / wallSeconds, files / wallSeconds * 60);
            System.out.printf(Locale.ROOT, "latency      source commit -> lake commit: p50 %.0f ms, p99 %.0f ms, max %.0f ms (target p99 < 5,000 ms)%n",
                    Percentiles.median(ms), Percentiles.of(ms, 99), Percentiles.of(ms, 100));
            if (!sentAt.isEmpty()) {
                System.out.println("MISSING      " + sentAt.size() + " changes never reached the lake");
                System.exit(1);
            }
        }
        System.exit(0);
    }

    /** Changes random orders at {@code rate} per second, each committed and then announced by an event. */
    private static void write(MySqlEndpoint server, List<String> databases, int rowsPerShard, int rate, int seconds, JdbcEntityEvents events,
                              Map<String, Long> sentAt, AtomicInteger sent, AtomicBoolean writing) {
        SplittableRandom random = new SplittableRandom(7);
        List<Connection> connections = new ArrayList<>();
        try {
            for (String db : databases) {
                connections.add(server.connect(db));
            }
            long intervalNanos = 1_000_000_000L / rate;
            long next = System.nanoTime();
            long end = next + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                int s = random.nextInt(databases.size());
                long id = 1 + random.nextInt(rowsPerShard);
                String shard = String.format("shard%02d", s + 1);
                try (PreparedStatement ps = connections.get(s).prepareStatement(
                        "UPDATE orders SET status = ?, updated_at = UTC_TIMESTAMP(3) WHERE id = ?")) {
                    ps.setString(1, "ev" + sent.get());
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                sentAt.putIfAbsent(shard + "/" + id, System.nanoTime());
                events.add(List.of(new EntityEvent("orders", shard, List.of(id), EntityEvent.Op.UPSERT, null)), java.time.Instant.now());
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
            connections.forEach(c -> {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing after the benchmark
                }
            });
        }
    }

    /** The shard database with its orders, created and filled once, reused afterwards. */
    private static void ensure(MySqlEndpoint server, String db, int rows) throws Exception {
        try (Connection c = server.connectToServer(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + db + " CHARACTER SET utf8mb4");
        }
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL,"
                    + " payload LONGTEXT NULL, updated_at DATETIME(3) NOT NULL, KEY orders_cursor (updated_at, id))");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                rs.next();
                if (rs.getLong(1) == rows) {
                    return;
                }
            }
            s.execute("DELETE FROM orders");
            c.setAutoCommit(false);
            String payload = "{\"channel\":\"web\",\"items\":[{\"sku\":\"SKU-10001\",\"qty\":2,\"price\":19.90}],\"note\":\""
                    + "x".repeat(200) + "\"}";
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders VALUES (?, 'new', ?, UTC_TIMESTAMP(3) - INTERVAL ? SECOND)")) {
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
