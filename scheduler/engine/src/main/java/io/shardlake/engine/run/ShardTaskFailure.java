package io.shardlake.engine.run;

/** A shard task that must fail with a message meant for people (no stack trace needed). */
final class ShardTaskFailure extends Exception {
    ShardTaskFailure(String message) {
        super(message);
    }
}
