package io.shardlake.app.crash;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.engine.coordinator.CoordinatorSettings;
import io.shardlake.engine.coordinator.DefinitionLookup;
import io.shardlake.engine.coordinator.RunCoordinator;
import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.events.EventBatcher;
import io.shardlake.engine.metadata.JdbcEntityEvents;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.EngineSettings;
import io.shardlake.engine.run.LoadSlices;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.PipelineSinks;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.ShardTaskRef;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.DataInterval;
import io.shardlake.engine.sink.RunSinks;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One service node in a child JVM for {@link CrashSafetyContract}: the engine's own coordinator,
 * runner, queue and repository on the given metadata database, running the orders pipeline back
 * to back (a new manual run whenever the last one ended), taking over runs a killed node left, and
 * printing {@code queued <run>} / {@code started <run>} / {@code finished <run> <state>} lines. It stops taking runs once
 * the stop file exists, and exits when idle.
 *
 * <p>Arguments: metadata URL, user, password; shard URLs (comma separated), shard user, password;
 * lake folder, work folder, stop file, node id; optionally {@code joined} to run the orders view
 * joined with customers ({@link OrdersPipeline#joinedDefinition}) instead of the orders table, or
 * {@code events} to run the orders table taking entity events, batched into EVENT runs here, or
 * {@code cdc} to run it following the shards' binlogs ({@link OrdersPipeline#cdcDefinition}), printing
 * {@code committing <run> <shard>} and {@code committed <run> <shard>} around each shard commit, or
 * {@code rebuild} to also rebuild the orders table once ({@link RebuildOnce}), exiting only once it is over, or
 * {@code rebuild-current} to do so with {@code target.current} on (the current-state table kept, built and switched too).
 */
public final class CrashLoopNode {

    static final Duration LEASE = Duration.ofMillis(1500);

    private CrashLoopNode() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args[2]);
        config.setMaximumPoolSize(6);
        HikariDataSource metadata = new HikariDataSource(config);
        MetadataDatabases.migrated(metadata);
        JdbcRunRepository runs = new JdbcRunRepository(metadata);
        JdbcRunQueue queue = new JdbcRunQueue(metadata);
        List<Shard> shards = new ArrayList<>();
        String[] urls = args[3].split(",");
        for (int i = 0; i < urls.length; i++) {
            shards.add(new Shard(String.format("shard%02d", i + 1), urls[i]));
        }
        SourceConnections sources = new SourceConnections(List.of(new SourceConnection("shop", shards, ZoneOffset.UTC, args[4], args[5], 2,
                null)));
        // Small pages, so a kill often lands between two of them.
        EngineSettings settings = new EngineSettings(Duration.ofMinutes(10), Duration.ZERO, 200, 100, 1, Path.of(args[7]), 2);
        String mode = args.length > 10 ? args[10] : "orders";
        PipelineDefinition orders = switch (mode) {
            case "joined" -> OrdersPipeline.joinedDefinition("shop");
            case "events" -> OrdersPipeline.eventsDefinition("shop");
            case "cdc" -> OrdersPipeline.cdcDefinition("shop");
            case "rebuild-current" -> RebuildOnce.withCurrentTable(OrdersPipeline.definition("shop", 0.01));
            default -> OrdersPipeline.definition("shop", 0.01);
        };
        JdbcEntityEvents events = new JdbcEntityEvents(metadata);
        EventBatcher batcher = new EventBatcher(events, queue, DefinitionLookup.of(orders), Clock.systemUTC());
        RunRepository recorded = mode.equals("cdc") ? pausingBeforeCommits(runs) : runs;
        LocalObjectStore lake = new LocalObjectStore(Path.of(args[6]));
        boolean rebuilding = mode.startsWith("rebuild");
        RunSinks sinks = mode.equals("rebuild-current") ? RebuildOnce.currentTableSinks(metadata, runs, lake, Path.of(args[7]), args[9]) : null;
        PipelineRunner runner = new PipelineRunner(sources, recorded, lake, null, sinks != null ? sinks : PipelineSinks.NONE, events,
                rebuilding ? settings.withRebuildSlices(new LoadSlices(100, 1L << 30)) : settings, Clock.systemUTC());
        RebuildOnce rebuild = rebuilding ? new RebuildOnce(metadata, runs, queue, sources, lake, runner, orders, sinks) : null;
        RunCoordinator node = rebuild != null ? rebuild.node(args[9], LEASE, printer())
                : new RunCoordinator(queue, runner, DefinitionLookup.of(orders), printer(), new CoordinatorSettings(args[9], LEASE, 2, 100),
                Clock.systemUTC());
        Path stop = Path.of(args[8]);
        System.out.println("ready " + args[9]);
        long nextHeartbeat = 0;
        // a rebuild under way is finished before the node stops (its switch run reads every shard after the last writes)
        while (!(Files.exists(stop) && node.activeRunIds().isEmpty() && (rebuild == null || !rebuild.underway()))) {
            node.recoverExpired();
            // during a rebuild only its runs: a run this node queues then is its own only once the rebuild is over
            if (!Files.exists(stop) && idle(runs, orders.name()) && (rebuild == null || !rebuild.underway())) {
                Instant now = Instant.now();
                String id = UUID.randomUUID().toString();
                queue.enqueue(RunRecord.queued(id, orders.name(), "crash-loop:" + UUID.randomUUID(), TriggerKind.MANUAL, orders.version(),
                        new DataInterval(now.minusSeconds(900), now), now, null, List.of()));
                System.out.println("queued " + id);
            }
            if (rebuild != null && !Files.exists(stop)) {
                rebuild.startOnce();
            }
            if (mode.equals("events")) {
                batcher.tick(); // the events the test's writer sends become EVENT runs, as on a service node
            }
            node.dispatchDue();
            if (System.currentTimeMillis() >= nextHeartbeat) {
                node.heartbeat();
                nextHeartbeat = System.currentTimeMillis() + LEASE.dividedBy(3).toMillis();
            }
            Thread.sleep(20);
        }
        node.close();
        runner.close();
        metadata.close();
        System.out.println("stopped");
    }

    /**
     * {@code runs}, printing {@code committing <run> <shard>} once a shard task's files are published
     * and {@code committed <run> <shard>} after its commit, and pausing up to 150 ms in between: a
     * binlog batch is quick, and a kill should often land after its files are out and before its
     * position is committed.
     */
    private static RunRepository pausingBeforeCommits(RunRepository runs) {
        return (RunRepository) Proxy.newProxyInstance(RunRepository.class.getClassLoader(), new Class<?>[] {RunRepository.class},
                (proxy, method, args) -> {
                    boolean commit = method.getName().equals("commitShard");
                    String task = commit ? ((ShardTaskRef) args[0]).runId() + " " + ((ShardTaskRef) args[0]).shard() : null;
                    if (commit) {
                        System.out.println("committing " + task);
                        Thread.sleep(ThreadLocalRandom.current().nextInt(150));
                    }
                    Object result;
                    try {
                        result = method.invoke(runs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (commit) {
                        System.out.println("committed " + task);
                    }
                    return result;
                });
    }

    /** No run of the pipeline is queued or running (a dead node's run counts as running until taken over). */
    private static boolean idle(JdbcRunRepository runs, String pipeline) {
        return runs.recentRuns(pipeline, 1).stream().allMatch(r -> r.state().isTerminal());
    }

    private static RunListener printer() {
        return new RunListener() {
            @Override
            public void runStarted(RunRecord run, Duration triggerDelay) {
                System.out.println("started " + run.id() + " " + System.currentTimeMillis());
            }

            @Override
            public void runFinished(RunRecord run, RunResult result, Duration took) {
                System.out.println("finished " + run.id() + " " + result.state() + " " + System.currentTimeMillis()
                        + (result.error() == null ? "" : " " + result.error().lines().findFirst().orElse("")));
            }
        };
    }
}
