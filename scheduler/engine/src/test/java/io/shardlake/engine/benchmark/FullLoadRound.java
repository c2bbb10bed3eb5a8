package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.ServerCpu;
import io.shardlake.connectors.testing.bench.ProcessMeter;
import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.RunNow;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A full load through the real engine: a fresh metadata database (H2, production migrations),
 * a fresh local warehouse and a fresh {@link PipelineRunner} each round, so every shard starts
 * without a watermark and every row is read, transformed and written. Only
 * {@link PipelineRunner#execute} is timed. Afterwards the lake is read back with DuckDB to check that
 * it holds exactly the source rows, each order once.
 */
final class FullLoadRound {

    private final BenchOptions options;
    private final BenchDataset.Contents contents;
    private final ProcessMeter meter;

    FullLoadRound(BenchOptions options, BenchDataset.Contents contents, ServerCpu serverCpu) {
        this.options = options;
        this.contents = contents;
        this.meter = new ProcessMeter(serverCpu);
    }

    RoundResult run(int round) throws Exception {
        Path dir = Files.createDirectories(options.workDir()).resolve("full-load-" + round + "-" + System.nanoTime());
        Path warehouse = dir.resolve("warehouse");
        DataSource metadata = MetadataDatabases.h2("shardlake_bench_" + round + "_" + System.nanoTime());
        JdbcRunRepository repository = new JdbcRunRepository(metadata);
        try (RunNow runner = new RunNow(new PipelineRunner(sources(), repository, new LocalObjectStore(warehouse),
                settings(dir.resolve("work")), Clock.systemUTC()), new JdbcRunQueue(metadata), repository, Clock.systemUTC())) {
            HeapMeter.reset();
            HeapProbe probe = options.heapProbe() ? HeapProbe.start() : null;
            RunRecord run;
            ProcessMeter.Usage usage;
            try {
                meter.start();
                run = runner.run(BenchPipeline.definition(), "MANUAL").orElseThrow();
                usage = meter.stop();
            } finally {
                if (probe != null) {
                    probe.close();
                }
            }
            HeapMeter.HeapUsage heap = HeapMeter.measure();
            Output output = Output.of(warehouse.resolve(BenchPipeline.TABLE));
            return new RoundResult(RoundResult.Kind.FULL_LOAD, round, run.totals().rowsRead(), contents.valueBytes(), usage, heap,
                    output.bytes, output.files, probe == null ? List.of() : probe.quarters(), check(run, warehouse));
        } finally {
            shutdown(metadata);
            deleteRecursively(dir);
        }
    }

    private SourceConnections sources() {
        List<Shard> shards = new ArrayList<>();
        for (BenchDataset.Shard s : contents.shards()) {
            shards.add(new Shard(s.id(), options.server().jdbcUrl(s.database())));
        }
        MySqlEndpoint server = options.server();
        // All 12 shards live on one host: the per-host bound is the parallelism.
        return new SourceConnections(List.of(new SourceConnection(BenchPipeline.CONNECTION, shards, ZoneOffset.UTC,
                server.user(), server.password(), options.parallelism(), null)));
    }

    /** The service defaults (ShardlakeProperties.Extract) but for the tunables of the benchmark. */
    private EngineSettings settings(Path workDir) {
        return new EngineSettings(Duration.ofMinutes(10), Duration.ofSeconds(5), options.chunkRows(), options.dedupeBatchRows(),
                5, workDir, options.parallelism());
    }

    /** Null when the run succeeded and the lake holds exactly the source rows, each order once. */
    private String check(RunRecord run, Path warehouse) {
        ShardCounts t = run.totals();
        long expected = contents.rows();
        if (run.state() != RunState.SUCCEEDED) {
            return "run " + run.state() + ": " + run.error();
        }
        if (t.rowsRead() != expected || t.rowsWritten() != expected || t.rowsQuarantined() != 0 || t.rowsSkipped() != 0) {
            return String.format("source %d rows; run read %d, skipped %d, wrote %d, quarantined %d", expected, t.rowsRead(),
                    t.rowsSkipped(), t.rowsWritten(), t.rowsQuarantined());
        }
        Map<String, Object> lake = DuckDbLake.query("SELECT count(*) AS n, count(DISTINCT order_id) AS ids FROM read_parquet('"
                + warehouse.resolve(BenchPipeline.TABLE) + "/*/*.parquet', hive_partitioning = true)").get(0);
        long rows = ((Number) lake.get("n")).longValue();
        long ids = ((Number) lake.get("ids")).longValue();
        if (rows != expected || ids != expected) {
            return "the lake holds " + rows + " rows and " + ids + " distinct order ids; the source holds " + expected;
        }
        return null;
    }

    /** Parquet files in the table's folder and their total size. */
    private record Output(long bytes, int files) {
        static Output of(Path table) throws IOException {
            if (!Files.exists(table)) {
                return new Output(0, 0);
            }
            try (Stream<Path> paths = Files.walk(table)) {
                long[] totals = {0, 0};
                paths.filter(p -> p.getFileName().toString().endsWith(".parquet")).forEach(p -> {
                    totals[0] += p.toFile().length();
                    totals[1]++;
                });
                return new Output(totals[0], (int) totals[1]);
            }
        }
    }

    private static void shutdown(DataSource metadata) {
        try (Connection c = metadata.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            System.out.println("warn   could not shut the metadata database down: " + e.getMessage());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
