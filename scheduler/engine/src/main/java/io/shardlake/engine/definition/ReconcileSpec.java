package io.shardlake.engine.definition;

import java.time.Duration;

/**
 * {@code source.reconcile}: how often the pipeline's hard deletes are found by comparing each
 * shard's primary keys with the lake's live keys, and the time of day that work may start (a pass
 * over an index of every shard: off business hours on busy replicas); null window: any time.
 */
public record ReconcileSpec(Duration every, AllowedWindow window) {

    public static final Duration DEFAULT_EVERY = Duration.ofHours(24);
}
