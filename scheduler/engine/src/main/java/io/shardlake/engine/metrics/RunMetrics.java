package io.shardlake.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shardlake.engine.coordinator.RunListener;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunRecord;
import io.shardlake.engine.run.ShardRunState;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Counts and times what runs do, per pipeline (see README "Metrics" for the Prometheus names).
 * Rows and bytes are the run's recorded totals, so they match {@code GET /api/runs/{id}}; a run
 * taken over from another node is reported once, by the node that finishes it, with every shard
 * task attempt it took on any node.
 */
public final class RunMetrics implements RunListener {

    public static final String RUNS = "shardlake.runs";
    public static final String RUN_DURATION = "shardlake.run.duration";
    public static final String SHARD_TASK_DURATION = "shardlake.shard.task.duration";
    public static final String TRIGGER_DELAY = "shardlake.scheduler.trigger.delay";
    public static final String ROWS_EXTRACTED = "shardlake.rows.extracted";
    public static final String ROWS_WRITTEN = "shardlake.rows.written";
    public static final String ROWS_QUARANTINED = "shardlake.rows.quarantined";
    public static final String BYTES_WRITTEN = "shardlake.bytes.written";
    public static final String SOURCE_ROWS_EXAMINED = "shardlake.source.rows.examined";
    public static final String SOURCE_QUERY_TIME = "shardlake.source.query.duration";
    public static final String JOIN_ROWS_REREAD = "shardlake.join.rows.reread";

    // Attempts whose end is real: an ABANDONED attempt's end is when recovery noticed it.
    private static final Set<ShardRunState> TIMED_TASK_STATES = EnumSet.of(ShardRunState.SUCCEEDED, ShardRunState.FAILED,
            ShardRunState.SKIPPED);

    private final MeterRegistry registry;
    private final RunRepository runs;

    /** @param runs where the shard task attempts of a finished run are read (one query per run) */
    public RunMetrics(MeterRegistry registry, RunRepository runs) {
        this.registry = registry;
        this.runs = runs;
    }

    @Override
    public void runStarted(RunRecord run, Duration triggerDelay) {
        if (triggerDelay != null) {
            Timer.builder(TRIGGER_DELAY).description("From a scheduled interval's end (its cron fire) to its run's start")
                    .tag("pipeline", run.pipeline()).register(registry).record(triggerDelay);
        }
    }

    @Override
    public void runFinished(RunRecord run, RunResult result, Duration took) {
        countRun(run, result.state());
        Timer.builder(RUN_DURATION).description("Runs from start to end on the node that finished them")
                .tags("pipeline", run.pipeline(), "state", tagValue(result.state()), "trigger", tagValue(run.trigger()))
                .register(registry).record(took);
        ShardCounts t = result.totals();
        count(ROWS_EXTRACTED, "Rows read from the shards", run, t.rowsRead());
        count(ROWS_WRITTEN, "Rows written to the lake", run, t.rowsWritten());
        count(ROWS_QUARANTINED, "Rows that could not be transformed, written to the quarantine", run, t.rowsQuarantined());
        count(BYTES_WRITTEN, "Bytes of Parquet and quarantine files written", run, t.bytes());
        for (ShardRunRecord task : runs.shardRuns(run.id())) {
            if (TIMED_TASK_STATES.contains(task.state()) && task.startedAt() != null && task.finishedAt() != null) {
                Timer.builder(SHARD_TASK_DURATION).description("Shard task attempts from start to end")
                        .tags("pipeline", run.pipeline(), "state", tagValue(task.state()))
                        .register(registry).record(Duration.between(task.startedAt(), task.finishedAt()));
            }
            recordSourceRead(run, task);
        }
    }

    /**
     * What each attempt's read cost its replica, by access path: rows examined (with
     * {@link #ROWS_EXTRACTED}, the rows examined per row sent) and time spent waiting for the replica.
     */
    private void recordSourceRead(RunRecord run, ShardRunRecord task) {
        ShardReadCost read = task.read();
        if (read == null) {
            return;
        }
        String path = read.accessPath().replace(' ', '_').replace("-", "_");
        if (read.rowsExamined() != null) {
            Counter.builder(SOURCE_ROWS_EXAMINED).description("Rows the replicas' storage engines read to answer shard tasks")
                    .tags("pipeline", run.pipeline(), "access_path", path).register(registry).increment(read.rowsExamined());
        }
        Timer.builder(SOURCE_QUERY_TIME).description("Time shard tasks spent waiting for their replica")
                .tags("pipeline", run.pipeline(), "access_path", path).register(registry).record(Duration.ofMillis(read.queryMillis()));
        for (ShardReadCost.JoinRead join : read.joins()) {
            Counter.builder(JOIN_ROWS_REREAD).description("View rows read again because rows of a joined table changed")
                    .tags("pipeline", run.pipeline(), "join", join.join()).register(registry).increment(join.rowsSent());
        }
    }

    @Override
    public void runEndedInQueue(RunRecord run, RunState state, String reason) {
        countRun(run, state);
    }

    private void countRun(RunRecord run, RunState state) {
        Counter.builder(RUNS).description("Runs that ended, by final state and trigger")
                .tags("pipeline", run.pipeline(), "state", tagValue(state), "trigger", tagValue(run.trigger()))
                .register(registry).increment();
    }

    private void count(String name, String description, RunRecord run, long amount) {
        Counter.builder(name).description(description).tag("pipeline", run.pipeline()).register(registry).increment(amount);
    }

    private static String tagValue(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
