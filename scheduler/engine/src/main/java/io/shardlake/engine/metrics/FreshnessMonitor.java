package io.shardlake.engine.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shardlake.engine.run.RunRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How fresh each pipeline's data is: now minus its oldest shard watermark, the newest moment up to
 * which every shard is in the lake. The watermarks are read with one query per {@link #refresh};
 * between refreshes, freshness grows with the clock, so a scrape or an alert check never queries
 * the database. Exported as the gauge {@value #FRESHNESS} per defined pipeline (NaN before its first
 * commit).
 */
public final class FreshnessMonitor {

    public static final String FRESHNESS = "shardlake.freshness";

    private final RunRepository runs;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private volatile Map<String, Instant> oldestWatermarks = Map.of();

    public FreshnessMonitor(RunRepository runs, MeterRegistry registry, Clock clock) {
        this.runs = runs;
        this.registry = registry;
        this.clock = clock;
    }

    /** Reads the watermarks again, and keeps one gauge for each of {@code pipelines} (the defined ones). */
    public void refresh(Collection<String> pipelines) {
        oldestWatermarks = Map.copyOf(runs.oldestWatermarks());
        Set<String> defined = Set.copyOf(pipelines);
        gauges.entrySet().removeIf(e -> {
            boolean gone = !defined.contains(e.getKey());
            if (gone) {
                registry.remove(e.getValue());
            }
            return gone;
        });
        for (String pipeline : defined) {
            gauges.computeIfAbsent(pipeline, p -> Gauge.builder(FRESHNESS, () -> seconds(p)).strongReference(true)
                    .description("Now minus the pipeline's oldest shard watermark").baseUnit("seconds")
                    .tag("pipeline", p).register(registry));
        }
    }

    /** Empty before the pipeline's first commit (or before the first refresh). */
    public Optional<Duration> freshness(String pipeline) {
        Instant oldest = oldestWatermarks.get(pipeline);
        return oldest == null ? Optional.empty() : Optional.of(Duration.between(oldest, clock.instant()));
    }

    private double seconds(String pipeline) {
        return freshness(pipeline).map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
    }
}
