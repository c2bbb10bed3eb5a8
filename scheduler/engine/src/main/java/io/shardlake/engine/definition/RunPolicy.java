package io.shardlake.engine.definition;

import java.time.Duration;
import java.util.List;

/**
 * How the scheduler runs a pipeline (section {@code runs:} and {@code depends_on:} of a definition).
 *
 * @param maxActiveRuns      runs of this pipeline running at once, both lanes together; the
 *                           incremental lane runs one at a time (it moves the watermarks) and
 *                           always keeps its slot: backfill chunks take at most the others
 * @param timeout            a run still running after this long is stopped and FAILED
 * @param retryAttempts      attempts per shard task (1 = no retry)
 * @param retryBackoff       wait before the second attempt; doubled for each later one
 * @param maxRetryBackoff    the longest wait between attempts
 * @param catchup            what to run for intervals missed while no node was up
 * @param catchupMaxRuns     at most this many catch-up runs are queued; older missed intervals
 *                           are folded into the first of them
 * @param dependsOn          upstream pipelines whose runs must have succeeded for an interval
 *                           covering this run's before it starts
 * @param upstreamTimeout    how long a run waits for its upstreams before it fails
 */
public record RunPolicy(int maxActiveRuns, Duration timeout, int retryAttempts, Duration retryBackoff, Duration maxRetryBackoff,
                        Catchup catchup, int catchupMaxRuns, List<String> dependsOn, Duration upstreamTimeout) {

    /** Missed intervals: one run for all of them ({@code LATEST}) or a run for each ({@code ALL}). */
    public enum Catchup {
        LATEST, ALL;

        static Catchup parse(String text) {
            return switch (text) {
                case "latest" -> LATEST;
                case "all" -> ALL;
                default -> throw new IllegalArgumentException("unknown catch-up '" + text + "'; use latest (one run for every"
                        + " missed interval) or all (one run per missed interval)");
            };
        }
    }

    public static final RunPolicy DEFAULTS = new RunPolicy(3, Duration.ofHours(2), 3, Duration.ofSeconds(30),
            Duration.ofMinutes(10), Catchup.LATEST, 24, List.of(), Duration.ofHours(6));

    public RunPolicy {
        dependsOn = List.copyOf(dependsOn);
    }

    /** The wait before attempt {@code attempt} (2, 3, ...): backoff doubled each time, capped. */
    public Duration backoffBefore(int attempt) {
        if (attempt <= 1) {
            return Duration.ZERO;
        }
        Duration d = retryBackoff;
        for (int i = 2; i < attempt && d.compareTo(maxRetryBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : d;
    }
}
