package io.shardlake.engine.rebuild;

import java.time.Duration;

/**
 * How a rebuild's switch run that failed before its metadata step (a replica or object store
 * failing for a moment, Athena or Redshift refusing a step) is run again: the rebuild stays
 * SWITCHING with the error as its reason, and a new switch run waits {@code backoff}, doubled
 * after each failed attempt; after {@code attempts} switch runs failed, the rebuild FAILED.
 *
 * @param attempts switch runs at most, the first included
 * @param backoff  the wait before the second attempt
 */
public record SwitchRetries(int attempts, Duration backoff) {

    /** The defaults: three attempts, 30 s and then 60 s apart. */
    public static final SwitchRetries DEFAULT = new SwitchRetries(3, Duration.ofSeconds(30));

    public SwitchRetries {
        if (attempts < 1) {
            throw new IllegalArgumentException("shardlake.rebuild.switch-attempts must be at least 1, was " + attempts);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("shardlake.rebuild.switch-backoff must not be negative, was " + backoff);
        }
    }

    /** The wait before attempt {@code attempt} (2 or later). */
    public Duration before(int attempt) {
        return backoff.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 2)));
    }
}
