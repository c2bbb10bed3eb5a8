package io.shardlake.engine.run;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.source.ShardDataSources;
import io.shardlake.connectors.source.ShardReader;
import io.shardlake.connectors.source.SourceDialects;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import io.shardlake.engine.window.WindowPlanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines: one run reads every shard of the pipeline's source in parallel, bounded per
 * replica host and overall, and records the run and each shard's outcome. A shard that fails
 * does not stop the others; its watermark stays and the run is FAILED with that shard's reason.
 *
 * <p>At most one run per pipeline is active in this process; a second request while one is
 * active is refused (the caller sees an empty result).
 */
public final class PipelineRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

    private final SourceConnections sources;
    private final Map<String, ShardDataSources> pools = new ConcurrentHashMap<>();
    private final RunRepository runs;
    private final ShardTask task;
    private final Clock clock;
    private final ExecutorService executor;
    private final HostPermits hostPermits = new HostPermits();
    private final Map<String, Boolean> active = new ConcurrentHashMap<>();

    public PipelineRunner(SourceConnections sources, RunRepository runs, ObjectStore store, EngineSettings settings, Clock clock) {
        this.sources = sources;
        this.runs = runs;
        this.clock = clock;
        this.task = new ShardTask(runs, store, new WindowPlanner(settings.lookback(), settings.safetyLag()), settings, clock);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(settings.parallelism(), r -> {
            Thread t = new Thread(r, "shard-task-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs the pipeline now and waits for it to finish.
     *
     * @param trigger why it runs (SCHEDULED, MANUAL, STARTUP...), recorded with the run
     * @return the finished run, or empty when a run of this pipeline is already active
     */
    public Optional<RunRecord> run(PipelineDefinition definition, String trigger) {
        if (active.putIfAbsent(definition.name(), Boolean.TRUE) != null) {
            log.info("pipeline={} not started: a run is already active", definition.name());
            return Optional.empty();
        }
        try {
            return Optional.of(runNow(definition, trigger));
        } finally {
            active.remove(definition.name());
        }
    }

    private RunRecord runNow(PipelineDefinition definition, String trigger) {
        String runId = UUID.randomUUID().toString();
        Instant start = clock.instant();
        runs.createRun(new RunRecord(runId, definition.name(), definition.version(), trigger, RunState.RUNNING, start, null,
                ShardCounts.NONE, null));
        List<ShardOutcome> outcomes = new ArrayList<>();
        List<CompletableFuture<ShardOutcome>> futures = new ArrayList<>();
        String setupError = null;
        try {
            PipelinePlan plan = PipelinePlan.of(definition);
            SourceConnection source = sources.get(definition.source().connection());
            ShardDataSources dataSources = pools.computeIfAbsent(source.name(),
                    n -> new ShardDataSources(source.username(), source.password(), source.maxConcurrentPerHost(), Duration.ofSeconds(10)));
            for (Shard shard : source.shards()) {
                ShardReader reader = new ShardReader(shard, dataSources.forShard(shard), SourceDialects.forUrl(shard.jdbcUrl()),
                        source.zone(), source.lagQuery());
                Semaphore permit = hostPermits.forHost(shard.host(), source.maxConcurrentPerHost());
                permit.acquireUninterruptibly();
                try {
                    futures.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return task.run(plan, reader, runId, start);
                        } finally {
                            permit.release();
                        }
                    }, executor));
                } catch (RuntimeException e) {
                    permit.release();
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            setupError = e.getMessage();
            log.error("pipeline={} run={} could not start every shard: {}", definition.name(), runId, e.getMessage(), e);
        }
        // Every submitted task is waited for, even after a setup error: the run must not end (and
        // free the pipeline for another run) while one of its tasks still writes to a shard.
        for (CompletableFuture<ShardOutcome> f : futures) {
            try {
                outcomes.add(f.join());
            } catch (RuntimeException e) {
                setupError = setupError != null ? setupError : "a shard task died: " + e.getMessage();
                log.error("pipeline={} run={} shard task died", definition.name(), runId, e);
            }
        }
        ShardCounts totals = outcomes.stream().map(ShardOutcome::counts).reduce(ShardCounts.NONE, ShardCounts::plus);
        List<String> errors = new ArrayList<>();
        if (setupError != null) {
            errors.add(setupError);
        }
        outcomes.stream().filter(o -> o.state() == ShardRunState.FAILED).forEach(o -> errors.add(o.shard() + ": " + o.error()));
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        RunState state = error == null ? RunState.SUCCEEDED : RunState.FAILED;
        runs.finishRun(runId, state, totals, error, clock.instant());
        log.info("pipeline={} run={} {}: read={} written={} quarantined={} files={}", definition.name(), runId, state,
                totals.rowsRead(), totals.rowsWritten(), totals.rowsQuarantined(), totals.files());
        return runs.run(runId).orElseThrow();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        pools.values().forEach(ShardDataSources::close);
    }
}
