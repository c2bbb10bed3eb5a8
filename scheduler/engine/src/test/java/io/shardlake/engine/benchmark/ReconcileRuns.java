package io.shardlake.engine.benchmark;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.bench.MySqlEndpoint;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.events.EventBatcher;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.metadata.JdbcKeyIndexStore;
import io.shardlake.engine.metadata.JdbcReconciliations;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.PipelineSinks;
import io.shardlake.engine.run.RunNow;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardReconciler;
import io.shardlake.engine.run.ShardReconciliation;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The reconciling pipeline's runs through the real engine, the service's path without its loops: one
 * H2 metadata database (production migrations) with the key index, the reconciliation findings and
 * the entity-event queue, one local warehouse, one runner with a {@link ShardReconciler}. A first
 * load (MANUAL), RECONCILE runs, and the EVENT runs the {@link EventBatcher} queues from what they
 * found; the lake is read back with DuckDB.
 */
final class ReconcileRuns implements AutoCloseable {

    private static final Duration LOOKBACK = Duration.ofMinutes(10);

    /** The EVENT runs that loaded the waiting events; {@code coalescingWaits}: times the batcher had to wait for more events. */
    record EventRuns(List<RunRecord> runs, int coalescingWaits) {
        long rowsWritten() {
            return runs.stream().mapToLong(r -> r.totals().rowsWritten()).sum();
        }

        String failure() {
            return runs.stream().filter(r -> r.state() != RunState.SUCCEEDED).map(r -> "EVENT run " + r.state() + ": " + r.error())
                    .findFirst().orElse(null);
        }
    }

    private final Path dir;
    private final DataSource metadata;
    private final JdbcReconciliations findings;
    private final JdbcEntityEvents events;
    private final EventBatcher batcher;
    private final PipelineDefinition pipeline = BenchPipeline.reconciling();
    private final RunNow node;

    ReconcileRuns(ReconcileBenchOptions options, BenchDataset.Contents contents) throws Exception {
        this.dir = Files.createDirectories(options.workDir()).resolve("reconcile-" + System.nanoTime());
        this.metadata = MetadataDatabases.h2("shardlake_bench_reconcile_" + System.nanoTime());
        JdbcRunRepository runs = new JdbcRunRepository(metadata);
        JdbcRunQueue queue = new JdbcRunQueue(metadata);
        this.findings = new JdbcReconciliations(metadata);
        this.events = new JdbcEntityEvents(metadata);
        this.batcher = new EventBatcher(events, queue, DefinitionLookup.of(pipeline), Clock.systemUTC());
        MySqlEndpoint server = options.server();
        List<Shard> shards = contents.shards().stream().map(s -> new Shard(s.id(), server.jdbcUrl(s.database()))).toList();
        // all shards live on one host: the per-host bound is the parallelism
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection(BenchPipeline.CONNECTION, shards, ZoneOffset.UTC,
                server.user(), server.password(), options.parallelism(), null)));
        // the service defaults (ShardlakeProperties.Extract) but for the benchmark's parallelism
        EngineSettings settings = new EngineSettings(LOOKBACK, Duration.ofSeconds(5), 100_000, 10_000, 5, dir.resolve("work"),
                options.parallelism());
        ShardReconciler reconciler = new ShardReconciler(runs, new JdbcKeyIndexStore(metadata), events, findings, LOOKBACK,
                Clock.systemUTC());
        PipelineRunner runner = new PipelineRunner(sources, runs, new LocalObjectStore(dir.resolve("warehouse")), null, PipelineSinks.NONE,
                events, reconciler, settings, Clock.systemUTC());
        this.node = new RunNow(runner, queue, runs, Clock.systemUTC());
    }

    /** The pipeline's first load: every order, each task recording the keys it wrote. */
    RunRecord firstLoad() {
        return node.run(pipeline, "MANUAL").orElseThrow();
    }

    /** One RECONCILE run of every shard, to its end. */
    RunRecord reconcile() {
        return node.run(pipeline, "RECONCILE").orElseThrow();
    }

    List<ShardReconciliation> findings(RunRecord reconcile) {
        return findings.ofRun(reconcile.id());
    }

    /**
     * Runs EVENT runs until no event waits: the batcher queues one as soon as {@code max_keys} events
     * wait, else after the coalescing interval (then it is asked again 100 ms later). Stops at a run
     * that did not succeed (its events are handed back, they would come round again).
     */
    EventRuns eventRuns() throws InterruptedException {
        List<RunRecord> done = new ArrayList<>();
        int waits = 0;
        while (!events.waiting().isEmpty()) {
            List<RunRecord> queued = batcher.tick();
            if (queued.isEmpty()) {
                waits++;
                Thread.sleep(100);
                continue;
            }
            for (RunRecord run : queued) {
                RunRecord finished = node.runQueued(run, pipeline).orElseThrow();
                done.add(finished);
                if (finished.state() != RunState.SUCCEEDED) {
                    return new EventRuns(done, waits);
                }
            }
            batcher.tick(); // settles the runs' events
        }
        return new EventRuns(done, waits);
    }

    /** Events still waiting or claimed by a run not settled: none after {@link #eventRuns}. */
    int eventsLeft() {
        return events.waiting().stream().mapToInt(w -> w.events()).sum();
    }

    /** The keys of the tombstones {@code runs} wrote, by shard. */
    Map<String, Set<Long>> tombstones(List<RunRecord> runs) {
        Map<String, Set<Long>> byShard = new HashMap<>();
        if (runs.isEmpty()) {
            return byShard;
        }
        String ids = runs.stream().map(r -> "'" + r.id() + "'").collect(Collectors.joining(", "));
        for (Map<String, Object> row : DuckDbLake.query("SELECT _shard, order_id FROM " + files() + " WHERE _deleted AND _run_id IN ("
                + ids + ")")) {
            byShard.computeIfAbsent((String) row.get("_shard"), k -> new HashSet<>()).add(((Number) row.get("order_id")).longValue());
        }
        return byShard;
    }

    /** Tombstones in the whole table. */
    long allTombstones() {
        return number(DuckDbLake.query("SELECT count(*) AS n FROM " + files() + " WHERE _deleted").get(0).get("n"));
    }

    /** Keys in the lake's current state, deletes applied: the README's query, counted. */
    long currentKeys() {
        return number(DuckDbLake.query("SELECT count(*) AS n FROM (SELECT _deleted, row_number() OVER (PARTITION BY _shard, order_id"
                + " ORDER BY updated_at DESC, _run_seq DESC) AS rn FROM " + files() + ") WHERE rn = 1 AND NOT coalesce(_deleted, false)")
                .get(0).get("n"));
    }

    private String files() {
        return "read_parquet('" + dir.resolve("warehouse").resolve(BenchPipeline.TABLE) + "/*/*.parquet', hive_partitioning = true,"
                + " union_by_name = true)";
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    @Override
    public void close() {
        node.close();
        FullLoadRound.shutdown(metadata);
        FullLoadRound.deleteRecursively(dir);
    }
}
