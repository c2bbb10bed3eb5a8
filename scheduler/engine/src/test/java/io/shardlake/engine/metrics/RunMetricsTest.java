package io.shardlake.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RecordedRuns;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunResult;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardCounts;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.schedule.DataInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    private static final DataInterval INTERVAL = new DataInterval(AT.minusSeconds(900), AT);
    private static final DataSource DB = MetadataDatabases.h2("run_metrics");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JdbcRunRepository runs = new JdbcRunRepository(DB);
    private final RecordedRuns recorded = new RecordedRuns(new JdbcRunQueue(DB), runs);
    private RunMetrics metrics;

    @BeforeEach
    void setUp() {
        metrics = new RunMetrics(registry, runs);
    }

    @Test
    void aFinishedRunIsCountedByStateAndTriggerWithItsDurationRowsAndBytes() {
        RunRecord run = recorded.running("orders_m1", INTERVAL, AT);
        ShardCounts totals = new ShardCounts(1_000, 50, 940, 10, 3, 123_456);

        metrics.runFinished(run, new RunResult(RunState.SUCCEEDED, totals, null), Duration.ofSeconds(42));
        metrics.runFinished(run, new RunResult(RunState.FAILED, ShardCounts.NONE, "shard01: boom"), Duration.ofSeconds(2));

        assertThat(registry.get(RunMetrics.RUNS).tags("pipeline", "orders_m1", "state", "succeeded", "trigger", "scheduled")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(RunMetrics.RUNS).tags("pipeline", "orders_m1", "state", "failed").counter().count()).isEqualTo(1);
        Timer succeeded = registry.get(RunMetrics.RUN_DURATION).tags("pipeline", "orders_m1", "state", "succeeded").timer();
        assertThat(succeeded.count()).isEqualTo(1);
        assertThat(succeeded.totalTime(TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(registry.get(RunMetrics.ROWS_EXTRACTED).tag("pipeline", "orders_m1").counter().count()).isEqualTo(1_000);
        assertThat(registry.get(RunMetrics.ROWS_WRITTEN).tag("pipeline", "orders_m1").counter().count()).isEqualTo(940);
        assertThat(registry.get(RunMetrics.ROWS_QUARANTINED).tag("pipeline", "orders_m1").counter().count()).isEqualTo(10);
        assertThat(registry.get(RunMetrics.BYTES_WRITTEN).tag("pipeline", "orders_m1").counter().count()).isEqualTo(123_456);
    }

    @Test
    void everyShardTaskAttemptWithARealEndIsTimedByItsState() {
        RunRecord run = recorded.running("orders_m2", INTERVAL, AT);
        recorded.shardAttempt(run, "shard01", ShardRunState.FAILED, AT, Duration.ofSeconds(3));
        recorded.shardAttempt(run, "shard01", ShardRunState.SUCCEEDED, AT.plusSeconds(5), Duration.ofSeconds(7));
        recorded.shardAttempt(run, "shard02", ShardRunState.SUCCEEDED, AT, Duration.ofSeconds(11));
        recorded.shardAttempt(run, "shard03", ShardRunState.ABANDONED, AT, Duration.ofMinutes(30));

        metrics.runFinished(run, new RunResult(RunState.SUCCEEDED, ShardCounts.NONE, null), Duration.ofSeconds(20));

        Timer succeeded = registry.get(RunMetrics.SHARD_TASK_DURATION).tags("pipeline", "orders_m2", "state", "succeeded").timer();
        assertThat(succeeded.count()).isEqualTo(2);
        assertThat(succeeded.totalTime(TimeUnit.SECONDS)).isEqualTo(18);
        assertThat(succeeded.max(TimeUnit.SECONDS)).isEqualTo(11);
        assertThat(registry.get(RunMetrics.SHARD_TASK_DURATION).tags("pipeline", "orders_m2", "state", "failed").timer()
                .totalTime(TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(registry.find(RunMetrics.SHARD_TASK_DURATION).tags("state", "abandoned").timer())
                .as("an abandoned attempt's end is when recovery found it, not a duration").isNull();
    }

    @Test
    void whatEachReadCostItsReplicaIsCountedByAccessPath() {
        RunRecord run = recorded.running("orders_m5", INTERVAL, AT);
        recorded.shardAttempt(run, "shard01", AT, Duration.ofSeconds(3), new ShardReadCost("primary-key scan", 900, 1_000, 1_010L, 2_500));
        recorded.shardAttempt(run, "shard02", AT, Duration.ofSeconds(3), new ShardReadCost("primary-key scan", 800, 1_000, 990L, 1_500));
        recorded.shardAttempt(run, "shard03", AT, Duration.ofSeconds(1), new ShardReadCost("cursor index", 10, 1_000, 11L, 40));
        recorded.shardAttempt(run, "shard04", AT, Duration.ofSeconds(1), new ShardReadCost("cursor index", 10, 1_000, null, 60));

        metrics.runFinished(run, new RunResult(RunState.SUCCEEDED, ShardCounts.NONE, null), Duration.ofSeconds(5));

        assertThat(registry.get(RunMetrics.SOURCE_ROWS_EXAMINED).tags("pipeline", "orders_m5", "access_path", "primary_key_scan")
                .counter().count()).isEqualTo(2_000);
        assertThat(registry.get(RunMetrics.SOURCE_ROWS_EXAMINED).tags("pipeline", "orders_m5", "access_path", "cursor_index")
                .counter().count()).as("a source that cannot tell adds nothing").isEqualTo(11);
        Timer scans = registry.get(RunMetrics.SOURCE_QUERY_TIME).tags("pipeline", "orders_m5", "access_path", "primary_key_scan").timer();
        assertThat(scans.count()).isEqualTo(2);
        assertThat(scans.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4_000);
        assertThat(registry.get(RunMetrics.SOURCE_QUERY_TIME).tags("access_path", "cursor_index").timer().count()).isEqualTo(2);
    }

    @Test
    void theTriggerDelayIsRecordedForScheduledRunsOnly() {
        RunRecord run = recorded.running("orders_m3", INTERVAL, AT);

        metrics.runStarted(run, Duration.ofMillis(1_500));
        metrics.runStarted(run, null);

        Timer delay = registry.get(RunMetrics.TRIGGER_DELAY).tag("pipeline", "orders_m3").timer();
        assertThat(delay.count()).isEqualTo(1);
        assertThat(delay.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_500);
    }

    @Test
    void aRunThatEndedInTheQueueIsCountedWithItsStateButNotTimed() {
        RunRecord run = recorded.running("orders_m4", INTERVAL, AT);

        metrics.runEndedInQueue(run, RunState.FAILED, "upstream 'orders' has not succeeded");

        assertThat(registry.get(RunMetrics.RUNS).tags("pipeline", "orders_m4", "state", "failed", "trigger", "scheduled")
                .counter().count()).isEqualTo(1);
        assertThat(registry.find(RunMetrics.RUN_DURATION).tag("pipeline", "orders_m4").timer()).isNull();
    }
}
