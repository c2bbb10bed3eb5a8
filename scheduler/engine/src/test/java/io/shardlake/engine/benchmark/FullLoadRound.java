package io.shardlake.engine.benchmark;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunNow;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A full load through the real engine: a fresh metadata database (H2, production migrations),
 * a fresh local warehouse and a fresh {@link PipelineRunner} each round, so every shard starts
 * without a watermark and every row is read, transformed and written. Only the run (queued,
 * claimed, executed, finished) is timed. Afterwards the lake is read back with DuckDB to check
 * that it holds exactly the source rows, each order once.
 */
final class FullLoadRound {

    private final BenchOptions options;
    private final BenchDataset.Contents contents;
    private final RoundMeter meter;

    FullLoadRound(BenchOptions options, BenchDataset.Contents contents, RoundMeter meter) {
        this.options = options;
        this.contents = contents;
        this.meter = meter;
    }

    RoundResult run(int round) throws Exception {
        Path dir = Files.createDirectories(options.workDir()).resolve("full-load-" + round + "-" + System.nanoTime());
        Path warehouse = dir.resolve("warehouse");
        DataSource metadata = MetadataDatabases.h2("shardlake_bench_" + round + "_" + System.nanoTime());
        JdbcRunRepository repository = new JdbcRunRepository(metadata);
        try (RunNow runner = new RunNow(new PipelineRunner(sources(), repository, new LocalObjectStore(warehouse),
                settings(dir.resolve("work")), Clock.systemUTC()), new JdbcRunQueue(metadata), repository, Clock.systemUTC())) {
            meter.start();
            RunRecord run = runner.run(BenchPipeline.definition(), "MANUAL").orElseThrow();
            RoundMeter.Cost cost = meter.stop();
            String check = check(run, warehouse);
            // A failed run's tasks may still be cleaning up: its output is not counted.
            Output output = check == null ? Output.of(warehouse.resolve(BenchPipeline.TABLE)) : Output.NONE;
            return new RoundResult(RoundResult.Kind.FULL_LOAD, round, run.totals().rowsRead(), contents.valueBytes(), cost,
                    output.bytes, output.files, check);
        } finally {
            shutdown(metadata);
            deleteRecursively(dir);
        }
    }

    private SourceConnections sources() {
        // All 12 shards live on one host: the per-host bound is the parallelism.
        return sources(options, contents, options.parallelism());
    }

    /** The dataset's shards as the engine's source connection, at most {@code perHost} reads at once on their one host. */
    static SourceConnections sources(BenchOptions options, BenchDataset.Contents contents, int perHost) {
        List<Shard> shards = new ArrayList<>();
        for (BenchDataset.Shard s : contents.shards()) {
            shards.add(new Shard(s.id(), options.server().jdbcUrl(s.database())));
        }
        MySqlEndpoint server = options.server();
        return new SourceConnections(List.of(new SourceConnection(BenchPipeline.CONNECTION, shards, ZoneOffset.UTC,
                server.user(), server.password(), perHost, null)));
    }

    private EngineSettings settings(Path workDir) {
        return settings(options, workDir);
    }

    /** The service defaults (ShardlakeProperties.Extract) but for the tunables of the benchmark. */
    static EngineSettings settings(BenchOptions options, Path workDir) {
        return new EngineSettings(Duration.ofMinutes(10), Duration.ofSeconds(5), options.chunkRows(), options.dedupeBatchRows(),
                5, workDir, options.parallelism());
    }

    /** Null when the run succeeded and the lake holds exactly the source rows, each order once. */
    private String check(RunRecord run, Path warehouse) {
        if (run.state() != RunState.SUCCEEDED) {
            return "run " + run.state() + ": " + run.error();
        }
        return check(run.totals(), contents.rows(), warehouse.resolve(BenchPipeline.TABLE));
    }

    /** Null when {@code t} read and wrote every one of the {@code expected} source rows and {@code table} holds each order once. */
    static String check(ShardCounts t, long expected, Path table) {
        if (t.rowsRead() != expected || t.rowsWritten() != expected || t.rowsQuarantined() != 0 || t.rowsSkipped() != 0) {
            return String.format("source %d rows; run read %d, skipped %d, wrote %d, quarantined %d", expected, t.rowsRead(),
                    t.rowsSkipped(), t.rowsWritten(), t.rowsQuarantined());
        }
        Map<String, Object> lake = DuckDbLake.query("SELECT count(*) AS n, count(DISTINCT order_id) AS ids FROM read_parquet('"
                + table + "/*/*.parquet', hive_partitioning = true)").get(0);
        long rows = ((Number) lake.get("n")).longValue();
        long ids = ((Number) lake.get("ids")).longValue();
        if (rows != expected || ids != expected) {
            return "the lake holds " + rows + " rows and " + ids + " distinct order ids; the source holds " + expected;
        }
        return null;
    }

    /** Parquet files in the table's folder and their total size. */
    record Output(long bytes, int files) {
        static final Output NONE = new Output(0, 0);

        static Output of(Path table) throws IOException {
            if (!Files.exists(table)) {
                return NONE;
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

    static void shutdown(DataSource metadata) {
        try (Connection c = metadata.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            System.out.println("warn   could not shut the metadata database down: " + e.getMessage());
        }
    }

    /**
     * Deletes the round's folder without masking how the round went: files that vanish meanwhile
     * (a failed shard task cleaning up after itself) are skipped, other failures are reported.
     */
    static void deleteRecursively(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // nothing was written
        } catch (IOException e) {
            System.out.println("warn   could not delete " + dir + ": " + e);
        }
    }
}
