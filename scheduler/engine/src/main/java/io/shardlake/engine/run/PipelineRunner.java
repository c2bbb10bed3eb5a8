package io.shardlake.engine.run;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.source.Shard;
import io.shardlake.connectors.source.ShardDataSources;
import io.shardlake.connectors.source.JoinedTable;
import io.shardlake.connectors.source.LookupTable;
import io.shardlake.connectors.source.ShardReader;
import io.shardlake.connectors.source.SourceContractException;
import io.shardlake.connectors.source.SourceDialects;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.lake.PartitionReplacer;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import io.shardlake.engine.window.WindowPlanner;
import io.shardlake.transforms.PartitionGranularity;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Executes claimed runs: one run reads every shard of the pipeline's source (or the run's shard
 * subset) in parallel, bounded per replica host ({@link ReadSlots}: shared by every run of this
 * process, and by every node once {@link #shareHostBudgets} was called) and overall
 * ({@code parallelism} task threads), and retries a failed shard task with exponential backoff. A
 * read takes its host slot only once a task thread is free for it, so no slot of a replica is
 * held by a read waiting for a thread while another node could use it. A shard that fails does not stop the others; its watermark stays and the
 * run is FAILED with that shard's reason. A run taken over from another node continues: shards
 * that already succeeded in it are not read again.
 *
 * <p>Callers own the run's life cycle in the queue: they claim it before and finish it after.
 */
public final class PipelineRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
    private static final long MAX_WAIT_MILLIS = 200;

    private final SourceConnections sources;
    private final Map<String, ShardDataSources> pools = new ConcurrentHashMap<>();
    private final RunRepository runs;
    private final ShardTask task;
    private final Clock clock;
    private final ExecutorService executor;
    /** Free task threads of {@link #executor}: taken before a host slot, given back when the task ends. */
    private final Semaphore taskThreads;
    private final ReadSlots hosts;
    private final int lookupCacheRows;

    private final PartitionReplacer replacer;
    private final PipelineSinks sinks;
    private final EntityEventStore events;
    private final ShardReconciler reconciler;
    private volatile RunExecutor compaction;
    private volatile RebuildRuns rebuilds;
    /** Identity in the service; tests wrap shard connections to act between a read's pages (the race tests). */
    private volatile UnaryOperator<DataSource> shardDataSourceWrapper = UnaryOperator.identity();

    /** A runner of incremental runs only: backfill chunks need a {@link PartitionReplacer}. */
    public PipelineRunner(SourceConnections sources, RunRepository runs, ObjectStore store, EngineSettings settings, Clock clock) {
        this(sources, runs, store, null, settings, clock);
    }

    /** @param replacer makes backfill chunks' partitions live, on the same {@code store} */
    public PipelineRunner(SourceConnections sources, RunRepository runs, ObjectStore store, PartitionReplacer replacer,
                          EngineSettings settings, Clock clock) {
        this(sources, runs, store, replacer, PipelineSinks.NONE, settings, clock);
    }

    /** @param sinks where committed runs go besides the lake (Athena, Redshift); checked before a run writes */
    public PipelineRunner(SourceConnections sources, RunRepository runs, ObjectStore store, PartitionReplacer replacer, PipelineSinks sinks,
                          EngineSettings settings, Clock clock) {
        this(sources, runs, store, replacer, sinks, null, settings, clock);
    }

    /** @param events where entity events wait for the EVENT runs that load them; null where no run is one */
    public PipelineRunner(SourceConnections sources, RunRepository runs, ObjectStore store, PartitionReplacer replacer, PipelineSinks sinks,
                          EntityEventStore events, EngineSettings settings, Clock clock) {
        this(sources, runs, store, replacer, sinks, events, null, settings, clock);
    }

    /** @param reconciler reconciles a RECONCILE run's shards; null where no run is one */
    public PipelineRunner(SourceConnections sources, RunRepository runs, ObjectStore store, PartitionReplacer replacer, PipelineSinks sinks,
                          EntityEventStore events, ShardReconciler reconciler, EngineSettings settings, Clock clock) {
        this.events = events;
        this.reconciler = reconciler;
        this.replacer = replacer;
        this.sinks = sinks;
        this.sources = sources;
        this.runs = runs;
        this.clock = clock;
        this.hosts = new ReadSlots(clock);
        // Incremental files go to the partition's live generation: on S3 a compacted partition lives in its generation's folder.
        ShardTask.LiveFolders liveFolders = replacer == null ? io.shardlake.engine.lake.LakeLayout::partitionFolder : replacer::liveFolder;
        this.task = new ShardTask(runs, store, new WindowPlanner(settings.lookback(), settings.safetyLag()), settings, liveFolders, clock);
        this.lookupCacheRows = settings.lookupCacheRows();
        this.taskThreads = new Semaphore(settings.parallelism());
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(settings.parallelism(), r -> {
            Thread t = new Thread(r, "shard-task-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs of trigger COMPACTION are executed by {@code compaction} (set once, at start-up). */
    public void compactWith(RunExecutor compaction) {
        this.compaction = compaction;
    }

    /** Runs of trigger REBUILD and REBUILD_SWITCH write the table versions {@code rebuilds} says (set once, at start-up). */
    public void rebuildWith(RebuildRuns rebuilds) {
        this.rebuilds = rebuilds;
    }

    /**
     * Bounds reads per replica host across every node on the metadata database: a read takes one of
     * the host's shared slots, held by {@code node} for at most {@code lease} past its last
     * heartbeat (the run lease's length: the heartbeat renews both). Set once, at start-up.
     */
    public void shareHostBudgets(HostSlots slots, String node, Duration lease) {
        hosts.share(new ReadSlots.Sharing(slots, node, lease));
    }

    /** One shard's next attempt, waiting for its turn. */
    private record Pending(ShardReader reader, int attempt, Instant notBefore) {
    }

    /** An attempt in flight. */
    private record Running(ShardReader reader, int attempt, ReadSlots.Taken slot, CompletableFuture<ShardOutcome> outcome) {
    }

    /**
     * Executes {@code run} (RUNNING, held by the caller) with {@code definition} until every shard
     * has an outcome, or {@code control} asks it to stop. Never throws for a failing shard.
     */
    public RunResult execute(RunRecord run, PipelineDefinition definition, RunControl control) {
        return execute(run, definition, control, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #execute(RunRecord, PipelineDefinition, RunControl)}, reading at most
     * {@code maxShardsAtOnce} shards at the same time (a backfill's concurrency). A backfill
     * chunk's run replaces its partitions once every shard has succeeded, or discards what it wrote.
     */
    public RunResult execute(RunRecord run, PipelineDefinition definition, RunControl control, int maxShardsAtOnce) {
        if (run.trigger() == TriggerKind.COMPACTION) {
            RunExecutor c = compaction;
            if (c == null) {
                return new RunResult(RunState.FAILED, ShardCounts.NONE, "this node was started without compaction (shardlake.compaction)");
            }
            try {
                return c.execute(run, livePlan(definition), control, sinks);
            } catch (RuntimeException e) {
                return new RunResult(RunState.FAILED, ShardCounts.NONE, e.getMessage());
            }
        }
        List<ShardOutcome> outcomes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        ShardCounts earlier = ShardCounts.NONE;
        ChunkScope chunk = null;
        TaskScope.Rebuild rebuild = null;
        PipelinePlan plan = null;
        boolean checked = false;
        try {
            TaskScope scope = scopeOf(run, definition);
            chunk = scope instanceof ChunkScope c ? c : null;
            rebuild = scope instanceof TaskScope.Rebuild r ? r : null;
            plan = rebuild == null ? livePlan(definition) : PipelinePlan.of(definition);
            if (rebuild == null) { // a version being rebuilt reaches the sinks when it is made live
                sinks.check(plan, chunk != null); // before any file: a sink that cannot take the output stops the run here
                checked = true;
            }
            SourceConnection source = sources.get(definition.source().connection());
            Set<String> done = new HashSet<>();
            // Every attempt of the run's shards is in hand here: the next attempt numbers need no query per shard.
            Map<String, Integer> lastAttempt = new HashMap<>();
            for (ShardRunRecord s : runs.shardRuns(run.id())) {
                lastAttempt.merge(s.shard(), s.attempt(), Math::max);
                if (s.state() == ShardRunState.SUCCEEDED || s.state() == ShardRunState.SKIPPED) {
                    done.add(s.shard());
                    earlier = earlier.plus(s.counts());
                }
            }
            Deque<Pending> pending = new ArrayDeque<>();
            List<LookupTable> lookups = lookups(plan); // one cache for every shard of the run
            for (Shard shard : shards(source, run)) {
                if (!done.contains(shard.id())) {
                    pending.add(new Pending(reader(source, shard, lookups), lastAttempt.getOrDefault(shard.id(), 0) + 1, clock.instant()));
                }
            }
            drive(run, definition, control, pending, outcomes, errors, work(run, plan, control, scope, source), maxShardsAtOnce, source);
        } catch (RuntimeException e) {
            errors.add(0, e.getMessage());
            log.error("pipeline={} run={} could not run every shard: {}", run.pipeline(), run.id(), e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.stop(RunState.FAILED, "the service is shutting down");
        }
        ShardCounts totals = outcomes.stream().map(ShardOutcome::counts).reduce(earlier, ShardCounts::plus);
        outcomes.stream().filter(o -> o.state() == ShardRunState.FAILED).forEach(o -> errors.add(o.shard() + ": " + o.error()));
        RunControl.Stop stop = control.stopped();
        boolean nothingNew = !outcomes.isEmpty() && earlier.equals(ShardCounts.NONE)
                && outcomes.stream().allMatch(o -> o.state() == ShardRunState.SKIPPED);
        RunState state = stop != null ? stop.state()
                : !errors.isEmpty() ? RunState.FAILED
                : nothingNew ? RunState.SKIPPED : RunState.SUCCEEDED;
        if (stop != null) {
            errors.add(0, stop.reason());
        }
        if (chunk != null && state != RunState.QUEUED) {
            state = settleChunk(run, definition, plan.live().folder(), chunk, state, errors);
        }
        if (run.trigger() == TriggerKind.REBUILD_SWITCH && state == RunState.SUCCEEDED) {
            state = makeLive(run, errors);
        }
        if (checked && state != RunState.QUEUED) {
            List<String> undelivered = sinks.deliver(plan, run, chunk == null || state == RunState.SUCCEEDED);
            if (!undelivered.isEmpty() && state != RunState.CANCELLED) {
                errors.addAll(undelivered);
                // A chunk whose partitions were replaced stays done: failed, it would be run again and its
                // files replaced, while the ledger's pending delivery names them; the next runs deliver them.
                if (chunk == null || state != RunState.SUCCEEDED) {
                    state = RunState.FAILED;
                }
            }
        }
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        log.info("pipeline={} run={} {}: read={} written={} quarantined={} files={}", run.pipeline(), run.id(), state,
                totals.rowsRead(), totals.rowsWritten(), totals.rowsQuarantined(), totals.files());
        String pause = outcomes.stream().filter(ShardOutcome::pausesPipeline).map(o -> o.shard() + ": " + o.error()).findFirst()
                .orElse(null);
        return new RunResult(state, totals, error, pause);
    }

    /**
     * Starts every ready attempt whose host has a free slot, collects finished ones and queues
     * retries, until nothing is pending or running. Every started attempt is waited for, even when
     * the run stops: the run must not end while one of its tasks still writes.
     */
    private void drive(RunRecord run, PipelineDefinition definition, RunControl control, Deque<Pending> pending, List<ShardOutcome> outcomes,
                       List<String> errors, ShardWork work, int maxShardsAtOnce, SourceConnection source) throws InterruptedException {
        int maxAttempts = definition.runs().retryAttempts();
        List<Running> running = new ArrayList<>();
        while (!pending.isEmpty() || !running.isEmpty()) {
            if (control.stopped() != null) {
                pending.clear();
            }
            Instant now = clock.instant();
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                if (running.size() >= maxShardsAtOnce) {
                    break;
                }
                Pending p = it.next();
                if (p.notBefore().isAfter(now)) {
                    continue;
                }
                if (!taskThreads.tryAcquire()) {
                    break; // every task thread is busy: take no slot a read would only hold while waiting
                }
                HostSlots.Holder holder = new HostSlots.Holder(hosts.node(), run.id(), run.pipeline(), p.reader().shard().id(), run.lane());
                ReadSlots.Taken slot = hosts.tryAcquire(p.reader().shard().host(), source.maxConcurrentPerHost(), holder).orElse(null);
                if (slot == null) {
                    taskThreads.release();
                    continue;
                }
                it.remove();
                ShardTaskRef ref = new ShardTaskRef(run.id(), p.reader().shard().id(), p.attempt(), run.attempt());
                CompletableFuture<ShardOutcome> f;
                try {
                    f = CompletableFuture.supplyAsync(() -> withLogContext(ref, run, () -> work.run(p.reader(), ref)), executor);
                } catch (RuntimeException e) {
                    hosts.release(slot);
                    taskThreads.release();
                    throw e;
                }
                f.whenComplete((o, e) -> {
                    taskThreads.release();
                    hosts.signal();
                });
                running.add(new Running(p.reader(), p.attempt(), slot, f));
            }
            for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
                Running r = it.next();
                if (!r.outcome().isDone()) {
                    continue;
                }
                it.remove();
                hosts.release(r.slot());
                ShardOutcome o;
                try {
                    o = r.outcome().join();
                } catch (RuntimeException e) {
                    errors.add(r.reader().shard().id() + ": the shard task died: " + e.getMessage());
                    log.error("pipeline={} run={} shard task died", run.pipeline(), run.id(), e);
                    continue;
                }
                if (o.state() == ShardRunState.FAILED && o.retryable() && r.attempt() < maxAttempts && control.stopped() == null) {
                    Duration wait = definition.runs().backoffBefore(r.attempt() + 1);
                    log.warn("pipeline={} run={} shard={} attempt {} of {} failed, retrying in {}s: {}", run.pipeline(), run.id(),
                            o.shard(), r.attempt(), maxAttempts, wait.toSeconds(), o.error());
                    pending.add(new Pending(r.reader(), r.attempt() + 1, clock.instant().plus(wait)));
                } else {
                    outcomes.add(o);
                }
            }
            if (!pending.isEmpty() || !running.isEmpty()) {
                hosts.awaitChange(MAX_WAIT_MILLIS);
            }
        }
    }

    /** What one shard task of a run does. */
    @FunctionalInterface
    private interface ShardWork {
        ShardOutcome run(ShardReader reader, ShardTaskRef task);
    }

    /** A window (or a backfill chunk's), the keys of claimed entity events, or a reconciliation of keys. */
    private ShardWork work(RunRecord run, PipelinePlan plan, RunControl control, TaskScope scope, SourceConnection source) {
        Instant runStart = run.startedAt() != null ? run.startedAt() : clock.instant();
        return switch (run.trigger()) {
            case EVENT -> {
                Map<String, List<EntityEvent>> byShard = claimedEvents(run);
                yield (reader, ref) -> task.runEvents(plan, reader, ref, runStart, control, byShard.getOrDefault(ref.shard(), List.of()));
            }
            case RECONCILE -> {
                if (reconciler == null) {
                    throw new IllegalStateException("run " + run.id() + " reconciles keys, but this runner was made without a reconciler");
                }
                yield (reader, ref) -> reconciler.run(plan, reader, ref, control);
            }
            // a binlog-following pipeline's rebuild loads and catches up its version's stream the same way, binlog position and all
            default -> (scope == TaskScope.INCREMENTAL || scope instanceof TaskScope.Rebuild) && plan.definition().source().cdc()
                    ? (reader, ref) -> task.runBinlog(plan, reader, binlog(source, reader.shard()), ref, runStart, control, scope)
                    : (reader, ref) -> task.run(plan, reader, ref, runStart, control, scope);
        };
    }

    /** What the run's shard tasks are: a backfill chunk, a rebuild's, or (every other run) incremental. */
    private TaskScope scopeOf(RunRecord run, PipelineDefinition definition) {
        return switch (run.trigger()) {
            case BACKFILL -> chunkOf(run, definition);
            case REBUILD, REBUILD_SWITCH -> {
                RebuildRuns r = rebuilds;
                if (r == null || run.backfillId() == null) {
                    throw new IllegalStateException("run " + run.id() + " belongs to a rebuild, but this runner was made without rebuilds");
                }
                yield new TaskScope.Rebuild(r.version(run.backfillId()));
            }
            default -> TaskScope.INCREMENTAL;
        };
    }

    /**
     * The definition's plan at the table's live version, every name readers use pointed at it
     * first: never a file into the folder of a version switched out.
     */
    private PipelinePlan livePlan(PipelineDefinition definition) {
        PipelinePlan plan = PipelinePlan.of(definition);
        if (rebuilds == null) {
            return plan;
        }
        try {
            return plan.at(rebuilds.pointAtLiveVersion(plan.name(), definition.target().table()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("table " + definition.target().table() + " could not be pointed at its live"
                    + " version (lake, catalog or Redshift), so nothing was written: " + e.getMessage(), e);
        }
    }

    /**
     * Every shard of a rebuild's switch run caught up: its version becomes the live one. A failure
     * leaves the old version live (the switch is one metadata transaction, then the readers' pointer).
     */
    private RunState makeLive(RunRecord run, List<String> errors) {
        try {
            rebuilds.makeLive(run.backfillId(), run.id());
            return RunState.SUCCEEDED;
        } catch (IOException | RuntimeException e) {
            errors.add("making the rebuilt version live failed: " + e.getMessage());
            log.error("pipeline={} run={} could not switch to the rebuilt version", run.pipeline(), run.id(), e);
            return RunState.FAILED;
        }
    }

    /** The partitions a chunk run's interval covers, in the pipeline's granularity. */
    private ChunkScope chunkOf(RunRecord run, PipelineDefinition definition) {
        if (replacer == null) {
            throw new IllegalStateException("this runner was built without partition generations, so it cannot run backfill chunks");
        }
        if (run.interval() == null) {
            throw new IllegalStateException("backfill run " + run.id() + " has no interval");
        }
        PartitionGranularity granularity = definition.partition().granularity();
        List<String> partitions = new ArrayList<>();
        for (Instant p = run.interval().start(); p.isBefore(run.interval().end()); p = granularity.next(p)) {
            partitions.add(granularity.folderOf(p));
        }
        return new ChunkScope(run.interval().start(), run.interval().end(), partitions);
    }

    /**
     * A chunk whose every shard succeeded replaces its partitions; any other end discards what
     * it wrote (nothing of it was visible).
     */
    private RunState settleChunk(RunRecord run, PipelineDefinition definition, String table, ChunkScope chunk, RunState state,
                                 List<String> errors) {
        List<String> shards = run.shardSubset().isEmpty() ? sources.get(definition.source().connection()).shards().stream()
                .map(Shard::id).toList() : run.shardSubset();
        try {
            if (state == RunState.SUCCEEDED) {
                replacer.replace(table, chunk.partitions(), run.id(), shards);
                return state;
            }
            replacer.discard(table, chunk.partitions(), run.id());
        } catch (IOException | RuntimeException e) {
            errors.add("replacing partitions " + chunk.partitions() + " failed: " + e.getMessage()
                    + "; readers still see the old contents");
            log.error("pipeline={} run={} could not settle its partitions", run.pipeline(), run.id(), e);
            return RunState.FAILED;
        }
        return state;
    }

    private static <T> T withLogContext(ShardTaskRef ref, RunRecord run, java.util.function.Supplier<T> work) {
        MDC.put("pipeline", run.pipeline());
        MDC.put("run", run.id());
        MDC.put("shard", ref.shard());
        try {
            return work.get();
        } finally {
            MDC.remove("pipeline");
            MDC.remove("run");
            MDC.remove("shard");
        }
    }

    /** The entity events an EVENT run claimed, by shard. */
    private Map<String, List<EntityEvent>> claimedEvents(RunRecord run) {
        if (events == null) {
            throw new IllegalStateException("run " + run.id() + " loads entity events, but this runner was made without their store");
        }
        return events.claimed(run.id());
    }

    private static List<Shard> shards(SourceConnection source, RunRecord run) {
        if (run.shardSubset().isEmpty()) {
            return source.shards();
        }
        List<Shard> chosen = source.shards().stream().filter(s -> run.shardSubset().contains(s.id())).toList();
        if (chosen.size() != run.shardSubset().size()) {
            throw new IllegalArgumentException("the run's shards " + run.shardSubset() + " are not all shards of source '"
                    + source.name() + "'");
        }
        return chosen;
    }

    /**
     * Whether every sink of the pipeline accepts a run's output (a backfill's, with {@code backfill}).
     *
     * @throws RuntimeException ({@code SinkRefusedException}) naming the sink and the problem
     */
    public void checkSinks(PipelineDefinition definition, boolean backfill) {
        sinks.check(PipelinePlan.of(definition), backfill);
    }

    /**
     * The replica's estimate (EXPLAIN; nothing is read) of the rows each backfill chunk reads from
     * one shard, for a dry run: the pipeline's plan and the shard's status once, then one EXPLAIN per chunk.
     */
    public List<Long> estimateRows(PipelineDefinition definition, String shardId, List<ChunkScope> chunks) throws java.sql.SQLException {
        PipelinePlan plan = PipelinePlan.of(definition);
        ShardReader reader = reader(definition, shardId, plan);
        java.time.ZoneId zone = reader.status(plan.query()).cursorZone();
        List<Long> rows = new ArrayList<>(chunks.size());
        for (ChunkScope chunk : chunks) {
            rows.add(reader.estimateRows(plan.query(), chunk.cursorWindow(zone)));
        }
        return rows;
    }

    /** The replica's estimate (EXPLAIN; nothing is read) of every row a full load of the shard reads up to now: a rebuild's dry run. */
    public long estimateAllRows(PipelineDefinition definition, String shardId) throws java.sql.SQLException {
        PipelinePlan plan = PipelinePlan.of(definition);
        ShardReader reader = reader(definition, shardId, plan);
        io.shardlake.connectors.source.SourceStatus status = reader.status(plan.query());
        java.time.LocalDateTime now = java.time.LocalDateTime.ofInstant(status.utcNow(), status.cursorZone());
        return reader.estimateRows(plan.query(), new io.shardlake.connectors.source.ExtractWindow(null, now));
    }

    private ShardReader reader(PipelineDefinition definition, String shardId, PipelinePlan plan) {
        SourceConnection source = sources.get(definition.source().connection());
        Shard shard = source.shards().stream().filter(s -> s.id().equals(shardId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no shard '" + shardId + "' in source '" + source.name() + "'"));
        return reader(source, shard, lookups(plan));
    }

    private ShardReader reader(SourceConnection source, Shard shard, List<LookupTable> lookups) {
        return new ShardReader(shard, shardDataSourceWrapper.apply(pool(source).forShard(shard)), SourceDialects.forUrl(shard.jdbcUrl()),
                source.zone(), source.lagQuery(), source.timeouts(), lookups);
    }

    /** The shard's binlog, read with the connection's credentials (they need REPLICATION SLAVE and REPLICATION CLIENT). */
    private io.shardlake.connectors.binlog.BinlogReader binlog(SourceConnection source, Shard shard) {
        return new io.shardlake.connectors.binlog.BinlogReader(shard, pool(source).forShard(shard), source.username(), source.password(),
                source.zone(), source.timeouts().read());
    }

    private ShardDataSources pool(SourceConnection source) {
        return pools.computeIfAbsent(source.name(),
                n -> new ShardDataSources(source.username(), source.password(), source.maxConcurrentPerHost(), source.timeouts()));
    }

    /**
     * The tables of the plan's joins on other connections, each one database (a connection of one
     * shard), with a cache shared by the run's shard tasks.
     *
     * @throws SourceContractException when such a connection has several shards
     */
    private List<LookupTable> lookups(PipelinePlan plan) {
        List<LookupTable> tables = new ArrayList<>();
        for (JoinedTable join : plan.query().joins()) {
            if (!join.lookup()) {
                continue;
            }
            SourceConnection other = sources.get(join.connection());
            if (other.shards().size() != 1) {
                throw new SourceContractException("join " + join.name() + ": connection " + other.name() + " has " + other.shards().size()
                        + " shards; a table joined from another connection is one database (a dimension such as a product catalogue):"
                        + " configure that connection with one shard, or join a table of the same shard");
            }
            Shard shard = other.shards().get(0);
            String prefix = join.name() + JoinedTable.SEPARATOR;
            List<String> columns = plan.query().selectColumns().stream().filter(c -> c.startsWith(prefix))
                    .map(c -> c.substring(prefix.length())).toList();
            tables.add(new LookupTable(join, columns, pool(other).forShard(shard), SourceDialects.forUrl(shard.jdbcUrl()), other.zone(),
                    other.timeouts(), lookupCacheRows));
        }
        return tables;
    }

    /** For tests: every shard reader of this runner reads through {@code wrapper}'s data source. */
    void wrapShardDataSources(UnaryOperator<DataSource> wrapper) {
        this.shardDataSourceWrapper = wrapper;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        pools.values().forEach(ShardDataSources::close);
    }
}
