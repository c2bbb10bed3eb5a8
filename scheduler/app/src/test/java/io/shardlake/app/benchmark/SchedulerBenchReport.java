package io.shardlake.app.benchmark;

import io.shardlake.connectors.testing.bench.Percentiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Prints the scheduler benchmark as plain lines, then a summary of medians over the rounds and percentiles over all runs. */
final class SchedulerBenchReport {

    /** The target for trigger-to-start p99, in milliseconds. */
    static final double TARGET_P99_MILLIS = 1000;

    private static final List<String> ROLES = List.of(ThreadRoles.QUARTZ_STORE, ThreadRoles.QUARTZ_JOB, ThreadRoles.LOOPS,
            ThreadRoles.RUN, ThreadRoles.SHARD_TASK, ThreadRoles.OTHER);
    private static final List<String> SCHEDULING = List.of(ThreadRoles.QUARTZ_STORE, ThreadRoles.QUARTZ_JOB, ThreadRoles.LOOPS);

    private final List<RoundMeasurement> rounds = new ArrayList<>();
    private final Set<String> dependents;

    /** @param dependents pipelines with depends_on: their delays include the upstream's run and are also shown apart */
    SchedulerBenchReport(Set<String> dependents) {
        this.dependents = dependents;
    }

    static void line(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    void round(RoundMeasurement r, int of) {
        rounds.add(r);
        double[] d = r.delayMillis();
        line("round  %d/%d [%s, %s): %d scheduled runs fired and started (%d expected, %d missing, %d catch-up starts)"
                        + " | trigger-to-start ms p50 %.0f p95 %.0f p99 %.0f max %.0f | of it fire-to-queued p50 %.0f p99 %.0f",
                r.round(), of, r.from(), r.until(), r.runs().size(), r.expectedFires(), r.missing(), r.catchupStarts(),
                Percentiles.of(d, 50), Percentiles.of(d, 95), Percentiles.of(d, 99), Percentiles.of(d, 100),
                Percentiles.of(r.queueDelayMillis(), 50), Percentiles.of(r.queueDelayMillis(), 99));
        line("round  %d/%d metadata statements %,d = %.1f per run (%s) + %.1f commits/rollbacks per run", r.round(), of,
                r.statements().statements(), r.statementsPerRun(), perRole(r::statementsPerRun), r.transactionEndsPerRun());
        line("round  %d/%d process CPU %.1f s = %.2f cores = %.1f ms per run (%s; GC %d, %d ms) | database server CPU %.1f ms per run",
                r.round(), of, r.usage().cpuNanos() / 1e9, r.cpuCores(), r.cpuMillisPerRun(), perRole(r::cpuMillisPerRun),
                r.usage().gcCount(), r.usage().gcMillis(), r.serverCpuMillisPerRun());
    }

    private static String perRole(java.util.function.Function<String, Double> perRun) {
        StringBuilder sb = new StringBuilder();
        for (String role : ROLES) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(role).append(' ').append(String.format(Locale.ROOT, "%.1f", perRun.apply(role)));
        }
        return sb.toString();
    }

    /** Prints the summary; true when every fire in the rounds started a scheduled run. */
    boolean summary(SchedulerBenchOptions options, int topStatements) {
        double[] all = rounds.stream().flatMap(r -> r.runs().stream()).mapToDouble(s -> s.delay().toNanos() / 1e6).toArray();
        double[] service = rounds.stream().flatMap(r -> r.runs().stream()).filter(s -> s.serviceDelay() != null)
                .mapToDouble(s -> s.serviceDelay().toNanos() / 1e6).toArray();
        long missing = rounds.stream().mapToLong(RoundMeasurement::missing).sum();
        double p99 = Percentiles.of(all, 99);
        System.out.println();
        System.out.println("==== shardlake scheduler benchmark: summary ====");
        line("setup              %,d pipelines x %d shards, 15-minute crons spread by %s (%.2f fires/s), one node, metadata on %s",
                options.pipelines(), SchedulerBenchOptions.SHARDS, options.spread().name().toLowerCase(Locale.ROOT),
                options.firesPerSecond(), options.server());
        line("runs measured      %,d scheduled runs in %d rounds of %d s (%d fires missed)", all.length, rounds.size(),
                options.roundSeconds(), missing);
        line("trigger-to-start   all runs: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms (coordinator's own figure, before its"
                        + " claim: p50 %.0f, p99 %.0f ms)", Percentiles.of(all, 50), Percentiles.of(all, 95), p99,
                Percentiles.of(all, 100), Percentiles.of(service, 50), Percentiles.of(service, 99));
        line("                   round medians: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms",
                median(r -> Percentiles.of(r.delayMillis(), 50)), median(r -> Percentiles.of(r.delayMillis(), 95)),
                median(r -> Percentiles.of(r.delayMillis(), 99)), median(r -> Percentiles.of(r.delayMillis(), 100)));
        if (!dependents.isEmpty()) {
            double[] upstreamFree = delays(s -> !dependents.contains(s.pipeline()));
            double[] waiting = delays(s -> dependents.contains(s.pipeline()));
            line("                   without depends_on (%,d runs): p50 %.0f ms, p99 %.0f ms | with depends_on (%,d runs, waiting for"
                            + " the upstream's run of the same interval): p50 %.0f ms, p99 %.0f ms", upstreamFree.length,
                    Percentiles.of(upstreamFree, 50), Percentiles.of(upstreamFree, 99), waiting.length, Percentiles.of(waiting, 50),
                    Percentiles.of(waiting, 99));
        }
        double[] queued = rounds.stream().flatMap(r -> java.util.Arrays.stream(r.queueDelayMillis()).boxed())
                .mapToDouble(Double::doubleValue).toArray();
        line("fire-to-queued     all runs: p50 %.0f ms, p99 %.0f ms, max %.0f ms (Quartz fired, PipelineJob queued the run)",
                Percentiles.of(queued, 50), Percentiles.of(queued, 99), Percentiles.of(queued, 100));
        line("statements per run median %.1f (scheduling %.1f: %s; executing %.1f) + %.1f commits/rollbacks",
                median(RoundMeasurement::statementsPerRun), median(r -> sum(SCHEDULING, r::statementsPerRun)),
                perRole(role -> median(r -> r.statementsPerRun(role))),
                median(r -> r.statementsPerRun(ThreadRoles.RUN) + r.statementsPerRun(ThreadRoles.SHARD_TASK)),
                median(RoundMeasurement::transactionEndsPerRun));
        line("process CPU        median %.2f cores, %.1f ms per run (scheduling threads %.1f ms, run and shard-task threads %.1f ms)",
                median(RoundMeasurement::cpuCores), median(RoundMeasurement::cpuMillisPerRun),
                median(r -> sum(SCHEDULING, r::cpuMillisPerRun)),
                median(r -> r.cpuMillisPerRun(ThreadRoles.RUN) + r.cpuMillisPerRun(ThreadRoles.SHARD_TASK)));
        line("database server    median %.1f ms CPU per run (the whole mariadbd: metadata and source queries, and anyone else's)",
                median(RoundMeasurement::serverCpuMillisPerRun));
        line("target             p99 trigger-to-start < %.0f ms: %s", TARGET_P99_MILLIS,
                p99 < TARGET_P99_MILLIS && missing == 0 ? "MET" : "NOT MET" + (missing > 0 ? " (fires missed)" : ""));
        printTopStatements(topStatements);
        return missing == 0;
    }

    private void printTopStatements(int top) {
        Map<String, Long> bySql = new TreeMap<>();
        rounds.forEach(r -> r.statements().bySql().forEach((sql, n) -> bySql.merge(sql, n, Long::sum)));
        long runs = rounds.stream().mapToLong(r -> r.runs().size()).sum();
        line("top statements     per run, over all rounds:");
        bySql.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(top)
                .forEach(e -> line("  %6.2f  %s", (double) e.getValue() / runs, e.getKey().length() > 150
                        ? e.getKey().substring(0, 150) + "..." : e.getKey()));
    }

    private double[] delays(java.util.function.Predicate<RunStarts.Start> which) {
        return rounds.stream().flatMap(r -> r.runs().stream()).filter(which).mapToDouble(s -> s.delay().toNanos() / 1e6).toArray();
    }

    private static double sum(List<String> roles, java.util.function.Function<String, Double> perRun) {
        return roles.stream().mapToDouble(perRun::apply).sum();
    }

    private double median(ToDoubleFunction<RoundMeasurement> f) {
        return Percentiles.median(rounds.stream().mapToDouble(f).toArray());
    }
}
