package io.shardlake.app.benchmark;

import static io.shardlake.app.benchmark.SchedulerBenchReport.line;

import io.shardlake.connectors.testing.bench.Percentiles;
import io.shardlake.connectors.testing.bench.ProcessMeter;
import io.shardlake.connectors.testing.bench.ServerCpu;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.CronIntervals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The scheduler benchmark: one node of the real service with 1,000 pipelines over 12 shards, each
 * on a 15-minute cron, and how late their scheduled runs start.
 *
 * <pre>
 * ./mvnw -q -pl scheduler/app -am -Pbench-scheduler test-compile
 * </pre>
 *
 * <ol>
 *   <li>Creates (or reuses) 12 tiny shard databases {@code shardlake_schedbench_s01..s12} and an empty
 *       metadata database {@code shardlake_schedbench_meta} on the server named by
 *       {@code SHARDLAKE_BENCH_MYSQL_HOST/PORT/USER/PASSWORD} (default the local MariaDB), and writes
 *       the definitions ({@link PipelineFiles}: real 15-minute crons whose phases are spread over the
 *       quarter hour, so that every window of a few minutes holds its share of the fleet's fires).</li>
 *   <li>Starts the service and waits until every pipeline's first (full) load has run: that start-up
 *       burst is reported on its own.</li>
 *   <li>Measures {@code bench.rounds} consecutive windows of {@code bench.roundSeconds}: for the
 *       scheduled runs fired in each, the delay from fire time (Quartz's scheduled fire time, the run
 *       interval's end) to start (claimed and handed to its thread), the metadata-database statements
 *       per run ({@link StatementCounter}), process CPU per run, split by thread role, and the database
 *       server's CPU.</li>
 * </ol>
 * Options: see {@link SchedulerBenchOptions}. Exits with 1 when a fire was missed (no scheduled run
 * started for it); a p99 above the target is reported, not failed.
 */
public final class SchedulerBenchmark {

    private static final Duration START_GRACE = Duration.ofSeconds(60);
    private static final int TOP_STATEMENTS = 15;

    private SchedulerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        SchedulerBenchOptions options = SchedulerBenchOptions.fromSystemProperties(System.getenv());
        ServerCpu serverCpu = ServerCpu.find(options.server());
        line("config pipelines=%,d (%d with depends_on) shards=%d spread=%s (%.2f fires/s) rounds=%d x %d s, rows per shard %d,"
                        + " service args %s;"
                        + " JVM max heap %,d MB, %d CPUs; server %s (CPU %s)", options.pipelines(), options.dependents(),
                SchedulerBenchOptions.SHARDS,
                options.spread(), options.firesPerSecond(), options.rounds(), options.roundSeconds(), options.rowsPerShard(),
                options.serviceArgs(), Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                options.server(), serverCpu.known() ? "from /proc" : "unknown");

        BenchDatabases databases = new BenchDatabases(options.server());
        List<String> shards = databases.ensureShards(SchedulerBenchOptions.SHARDS, options.rowsPerShard());
        databases.resetMetadata();
        for (String folder : List.of("warehouse", "work")) {
            deleteTree(options.workDir().resolve(folder));
        }
        List<PipelineFiles.Pipeline> pipelines = PipelineFiles.write(options.workDir().resolve("definitions"), options.pipelines(),
                options.dependents(), options.spread());
        line("setup  %d shard databases %s01..%02d, empty metadata database %s, %,d definitions in %s (e.g. %s: \"%s\")",
                shards.size(), BenchDatabases.SHARD_PREFIX, shards.size(), BenchDatabases.METADATA, pipelines.size(),
                options.workDir().resolve("definitions"), pipelines.get(pipelines.size() / 2).name(),
                pipelines.get(pipelines.size() / 2).cron());

        StatementCounter counter = new StatementCounter();
        RunStarts starts = new RunStarts();
        Instant bootStart = Instant.now();
        ConfigurableApplicationContext service = ServiceUnderTest.start(options, databases, shards, counter, starts);
        boolean complete;
        try {
            Instant up = Instant.now();
            line("start  service up in %.1f s (log: %s)", Duration.between(bootStart, up).toMillis() / 1e3,
                    options.workDir().resolve("service.log"));
            warmUp(options, databases, starts, up);
            List<CronIntervals> schedules = service.getBean(DefinitionRegistry.class).current().all().stream()
                    .map(PipelineDefinition::schedule).map(CronIntervals::of).toList();
            Set<String> dependents = pipelines.stream().filter(p -> p.upstream() != null).map(PipelineFiles.Pipeline::name)
                    .collect(Collectors.toSet());
            complete = measure(options, serverCpu, counter, starts, schedules, dependents);
            line("runs   in the metadata database at the end: %s", databases.runStates());
        } finally {
            service.close();
        }
        System.exit(complete ? 0 : 1);
    }

    /** Waits for every pipeline's first run to end and the queue to be empty once; reports that burst. */
    private static void warmUp(SchedulerBenchOptions options, BenchDatabases databases, RunStarts starts, Instant up) throws Exception {
        Instant deadline = up.plusSeconds(options.maxWarmupSeconds());
        while (firstRuns(starts).size() < options.pipelines() || databases.unfinishedRuns() > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the first loads did not drain within bench.maxWarmupSeconds=" + options.maxWarmupSeconds()
                        + ": " + firstRuns(starts).size() + " of " + options.pipelines() + " first runs started, "
                        + databases.unfinishedRuns() + " runs queued or running");
            }
            Thread.sleep(200);
        }
        List<RunStarts.Start> first = firstRuns(starts);
        double[] waits = first.stream().mapToDouble(s -> Duration.between(s.queuedAt(), s.startedAt()).toMillis()).toArray();
        Instant lastStart = first.stream().map(RunStarts.Start::startedAt).max(Comparator.naturalOrder()).orElse(up);
        line("warmup %,d first (full) loads queued at once at start-up, all started within %.1f s and the queue drained %.1f s after"
                        + " start-up (%.1f runs/s): queue wait p50 %.1f s, p99 %.1f s. This is the burst one node takes when every"
                        + " pipeline is due at the same moment.", first.size(), Duration.between(up, lastStart).toMillis() / 1e3,
                Duration.between(up, Instant.now()).toMillis() / 1e3,
                first.size() / (Duration.between(up, Instant.now()).toMillis() / 1e3), Percentiles.of(waits, 50) / 1e3,
                Percentiles.of(waits, 99) / 1e3);
    }

    private static List<RunStarts.Start> firstRuns(RunStarts starts) {
        return starts.all().stream().filter(s -> s.trigger() == TriggerKind.FIRST_RUN).toList();
    }

    private static boolean measure(SchedulerBenchOptions options, ServerCpu serverCpu, StatementCounter counter, RunStarts starts,
                                   List<CronIntervals> schedules, Set<String> dependents) throws Exception {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        sleepUntil(from);
        List<Window> windows = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            Instant until = from.plusSeconds(options.roundSeconds());
            ProcessMeter meter = new ProcessMeter(serverCpu);
            StatementCounter.Snapshot statements = counter.snapshot();
            ThreadCpu.Snapshot threads = ThreadCpu.snapshot();
            meter.start();
            sleepUntil(until);
            ProcessMeter.Usage usage = meter.stop();
            windows.add(new Window(round, from, until, counter.snapshot().minus(statements), usage, ThreadCpu.snapshot().since(threads)));
            from = until;
        }
        awaitStarts(starts, schedules, windows.get(windows.size() - 1));
        SchedulerBenchReport report = new SchedulerBenchReport(dependents);
        List<RunStarts.Start> all = starts.all();
        for (Window w : windows) {
            List<RunStarts.Start> fired = all.stream().filter(s -> s.trigger() == TriggerKind.SCHEDULED && w.holds(s.fireTime())).toList();
            long catchups = all.stream().filter(s -> s.trigger() == TriggerKind.CATCHUP && w.holds(s.startedAt())).count();
            report.round(new RoundMeasurement(w.round, w.from, w.until, w.statements, w.usage, w.cpuByRole,
                    expectedFires(schedules, w), fired, catchups), options.rounds());
        }
        return report.summary(options, TOP_STATEMENTS);
    }

    /** What one window cost; its runs are collected when the last window's runs have started. */
    private record Window(int round, Instant from, Instant until, StatementCounter.Snapshot statements, ProcessMeter.Usage usage,
                          java.util.Map<String, Long> cpuByRole) {
        boolean holds(Instant t) {
            return t != null && !t.isBefore(from) && t.isBefore(until);
        }
    }

    private static long expectedFires(List<CronIntervals> schedules, Window w) {
        long fires = 0;
        for (CronIntervals s : schedules) {
            for (Instant t = s.nextFireAfter(w.from.minusMillis(1)); t != null && t.isBefore(w.until); t = s.nextFireAfter(t)) {
                fires++;
            }
        }
        return fires;
    }

    /** Gives the last window's late fires up to a minute to start, so a slow start counts as slow, not as missing. */
    private static void awaitStarts(RunStarts starts, List<CronIntervals> schedules, Window last) throws InterruptedException {
        long expected = expectedFires(schedules, last);
        Instant deadline = Instant.now().plus(START_GRACE);
        while (Instant.now().isBefore(deadline) && starts.all().stream()
                .filter(s -> s.trigger() == TriggerKind.SCHEDULED && last.holds(s.fireTime())).count() < expected) {
            Thread.sleep(100);
        }
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long millis = Duration.between(Instant.now(), t).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
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
