package io.shardlake.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardlake.engine.metadata.JdbcRunQueue;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RecordedRuns;
import io.shardlake.connectors.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class FreshnessMonitorTest {

    private static final Instant LOADED = Instant.parse("2026-11-23T12:00:00Z");
    private static final DataSource DB = MetadataDatabases.h2("freshness_monitor");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JdbcRunRepository runs = new JdbcRunRepository(DB);
    private final RecordedRuns recorded = new RecordedRuns(new JdbcRunQueue(DB), runs);
    private final SettableClock clock = new SettableClock(LOADED.plusSeconds(90));
    private final FreshnessMonitor monitor = new FreshnessMonitor(runs, registry, clock);

    private double gauge(String pipeline) {
        return registry.get(FreshnessMonitor.FRESHNESS).tag("pipeline", pipeline).gauge().value();
    }

    @Test
    void freshnessIsNowMinusTheOldestShardWatermark() {
        recorded.watermark("fresh_a", "shard01", LOADED);
        recorded.watermark("fresh_a", "shard02", LOADED.minusSeconds(600));

        monitor.refresh(List.of("fresh_a"));

        assertThat(monitor.freshness("fresh_a")).contains(Duration.ofSeconds(690));
        assertThat(gauge("fresh_a")).isEqualTo(690);
    }

    @Test
    void betweenRefreshesFreshnessFollowsTheClockWithoutReadingTheDatabase() {
        recorded.watermark("fresh_b", "shard01", LOADED);
        monitor.refresh(List.of("fresh_b"));

        clock.advance(Duration.ofMinutes(10));
        recorded.watermark("fresh_b", "shard01", LOADED.plusSeconds(650));

        assertThat(gauge("fresh_b")).as("the cached watermark, aged by the clock").isEqualTo(690);
        monitor.refresh(List.of("fresh_b"));
        assertThat(gauge("fresh_b")).as("the new watermark after a refresh").isEqualTo(40);
    }

    @Test
    void aDefinedPipelineWithoutWatermarkIsNaNAndAnUndefinedOneLosesItsGauge() {
        recorded.watermark("fresh_c", "shard01", LOADED);
        monitor.refresh(List.of("fresh_c", "never_loaded"));

        assertThat(monitor.freshness("never_loaded")).isEmpty();
        assertThat(gauge("never_loaded")).isNaN();

        monitor.refresh(List.of("never_loaded"));
        assertThat(registry.find(FreshnessMonitor.FRESHNESS).tag("pipeline", "fresh_c").gauge()).isNull();
        assertThat(registry.find(FreshnessMonitor.FRESHNESS).gauges()).hasSize(1);
    }
}
