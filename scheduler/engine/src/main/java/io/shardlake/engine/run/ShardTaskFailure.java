package io.shardlake.engine.run;

/**
 * A shard task that must fail with a message meant for people (no stack trace needed).
 * {@code retryable} is false when trying again would read the replica for the same result (too
 * many quarantined rows, a cancelled run).
 */
final class ShardTaskFailure extends Exception {

    private final boolean retryable;

    ShardTaskFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }
}
