package io.shardlake.app.benchmark;

import io.shardlake.connectors.testing.bench.ProcessMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One measurement window {@code [from, until)}: what the service spent in it (metadata statements,
 * process and per-role CPU, database server CPU) and the scheduled runs whose fire time falls in it.
 *
 * @param expectedFires fires the pipelines' crons have in the window
 * @param runs          starts of scheduled runs fired in the window (their start may fall after it)
 * @param catchupStarts catch-up runs started in the window: a fire Quartz skipped shows up as one
 */
record RoundMeasurement(int round, Instant from, Instant until, StatementCounter.Snapshot statements, ProcessMeter.Usage usage,
                        Map<String, Long> cpuByRole, long expectedFires, List<RunStarts.Start> runs, long catchupStarts) {

    long missing() {
        return expectedFires - runs.size();
    }

    double[] delayMillis() {
        return runs.stream().mapToDouble(s -> s.delay().toNanos() / 1e6).toArray();
    }

    /** Fire time to queued (Quartz fired the trigger and PipelineJob queued the run): Quartz's part of the delay. */
    double[] queueDelayMillis() {
        return runs.stream().mapToDouble(s -> java.time.Duration.between(s.fireTime(), s.queuedAt()).toNanos() / 1e6).toArray();
    }

    double statementsPerRun() {
        return (double) statements.statements() / runs.size();
    }

    double statementsPerRun(String role) {
        return (double) statements.byRole().getOrDefault(role, 0L) / runs.size();
    }

    double transactionEndsPerRun() {
        return (double) statements.transactionEnds() / runs.size();
    }

    double cpuMillisPerRun() {
        return usage.cpuNanos() / 1e6 / runs.size();
    }

    double cpuMillisPerRun(String role) {
        return cpuByRole.getOrDefault(role, 0L) / 1e6 / runs.size();
    }

    /** Process CPU as a share of one core over the window. */
    double cpuCores() {
        return (double) usage.cpuNanos() / usage.wallNanos();
    }

    double serverCpuMillisPerRun() {
        return usage.serverCpuNanos() < 0 ? Double.NaN : usage.serverCpuNanos() / 1e6 / runs.size();
    }

    Duration maxDelay() {
        return runs.stream().map(RunStarts.Start::delay).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
