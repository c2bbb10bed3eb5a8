package io.shardlake.engine.definition;

import java.time.Duration;

/**
 * {@code source.events}: the pipeline takes entity events (HTTP or a queue) and loads the rows they
 * name within seconds. Events of a pipeline are gathered for {@code coalesce} after the first, or
 * until {@code maxKeys} wait, then loaded by one run of trigger EVENT.
 */
public record EventsSpec(Duration coalesce, int maxKeys) {

    public static final Duration DEFAULT_COALESCE = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_KEYS = 1000;
    public static final EventsSpec DEFAULTS = new EventsSpec(DEFAULT_COALESCE, DEFAULT_MAX_KEYS);
}
