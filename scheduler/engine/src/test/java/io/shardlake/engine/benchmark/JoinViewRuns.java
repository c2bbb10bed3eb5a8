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
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * The joined view's runs through the real engine, one after the other on one metadata database
 * (H2, production migrations) and one local warehouse: the first is a full load, each later one an
 * incremental run from the watermark the one before committed.
 *
 * <p>Lookback and safety lag are zero, so that a run's window holds exactly what changed since the
 * run before: the scenario measured. (With the service's 10-minute lookback each run would also
 * read again, and skip, what the previous scenarios changed: a cost of the lookback, not of the join.)
 */
final class JoinViewRuns implements AutoCloseable {

    private static final String SHARD = "s01";

    private final Path dir;
    private final DataSource metadata;
    private final RunNow runner;

    JoinViewRuns(MySqlEndpoint server, Path workDir, int chunkRows) throws Exception {
        this.dir = Files.createDirectories(workDir).resolve("join-" + System.nanoTime());
        this.metadata = MetadataDatabases.h2("shardlake_bench_join_" + System.nanoTime());
        JdbcRunRepository repository = new JdbcRunRepository(metadata);
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection(JoinBenchPipeline.CONNECTION,
                List.of(new Shard(SHARD, server.jdbcUrl(JoinDataset.DATABASE))), ZoneOffset.UTC, server.user(), server.password(), 1, null)));
        EngineSettings settings = new EngineSettings(Duration.ZERO, Duration.ZERO, chunkRows, 10_000, 5, dir.resolve("work"), 1);
        this.runner = new RunNow(new PipelineRunner(sources, repository, new LocalObjectStore(dir.resolve("warehouse")), settings,
                Clock.systemUTC()), new JdbcRunQueue(metadata), repository, Clock.systemUTC());
    }

    /** Runs the pipeline once, to its end. */
    RunRecord run() {
        return runner.run(JoinBenchPipeline.definition(), "MANUAL").orElseThrow();
    }

    /** View rows in the lake whose {@code column} holds {@code marker} (a plain identifier-like value of the benchmark's own). */
    long lakeRowsWith(String column, String marker) {
        Object n = DuckDbLake.query("SELECT count(*) AS n FROM read_parquet('" + dir.resolve("warehouse").resolve(JoinBenchPipeline.TABLE)
                + "/*/*.parquet', hive_partitioning = true) WHERE " + column + " = '" + marker + "'").get(0).get("n");
        return ((Number) n).longValue();
    }

    @Override
    public void close() {
        runner.close();
        FullLoadRound.shutdown(metadata);
        FullLoadRound.deleteRecursively(dir);
    }
}
