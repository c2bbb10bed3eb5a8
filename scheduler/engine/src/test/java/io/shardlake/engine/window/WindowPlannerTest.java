package io.shardlake.engine.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.source.ReplicaLag;
import io.shardlake.connectors.source.SourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WindowPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00.123456Z");
    private final WindowPlanner planner = new WindowPlanner(Duration.ofMinutes(10), Duration.ofSeconds(5));

    private static SourceStatus status(ReplicaLag lag, ZoneId zone) {
        return new SourceStatus(NOW, lag, zone);
    }

    @Test
    void theFirstRunReadsFromTheBeginningUpToTheSourceClockMinusTheSafetyLag() {
        WindowPlan plan = planner.plan(null, null, status(ReplicaLag.notAReplica(), ZoneOffset.UTC));

        assertThat(plan.window().from()).isNull();
        assertThat(plan.window().until()).isEqualTo(LocalDateTime.parse("2026-11-23T11:59:55.123456"));
        assertThat(plan.previousWatermark()).isNull();
    }

    @Test
    void theCeilingIsHeldBackByTheReplicasReportedLag() {
        WindowPlan plan = planner.plan(null, null, status(ReplicaLag.of(Duration.ofSeconds(30)), ZoneOffset.UTC));

        assertThat(plan.window().until()).isEqualTo(LocalDateTime.parse("2026-11-23T11:59:25.123456"));
    }

    @Test
    void theCeilingIsExpressedInTheCursorsZone() {
        WindowPlan plan = planner.plan(null, null, status(ReplicaLag.notAReplica(), ZoneId.of("America/New_York")));

        assertThat(plan.window().until()).isEqualTo(LocalDateTime.parse("2026-11-23T06:59:55.123456"));
    }

    @Test
    void laterRunsStartALookbackBelowTheWatermark() {
        LocalDateTime watermark = LocalDateTime.parse("2026-11-23T11:00:00");

        WindowPlan plan = planner.plan(watermark, watermark.minusMinutes(10), status(ReplicaLag.notAReplica(), ZoneOffset.UTC));

        assertThat(plan.window().from()).isEqualTo(LocalDateTime.parse("2026-11-23T10:50:00"));
        assertThat(plan.previousWatermark()).isEqualTo(watermark);
    }

    @Test
    void theLowerBoundNeverGoesBelowWhatTheTailDigestCovers() {
        LocalDateTime watermark = LocalDateTime.parse("2026-11-23T11:00:00");

        WindowPlan plan = planner.plan(watermark, watermark.minusMinutes(3), status(ReplicaLag.notAReplica(), ZoneOffset.UTC));

        assertThat(plan.window().from()).isEqualTo(LocalDateTime.parse("2026-11-23T10:57:00"));
    }

    @Test
    void withoutATailDigestTheWindowStartsAtTheWatermark() {
        LocalDateTime watermark = LocalDateTime.parse("2026-11-23T11:00:00");

        WindowPlan plan = planner.plan(watermark, null, status(ReplicaLag.notAReplica(), ZoneOffset.UTC));

        assertThat(plan.window().from()).isEqualTo(watermark);
    }

    @Test
    void aCeilingNotPastTheWatermarkReadsNothingAndNeverMovesTheWatermarkBack() {
        LocalDateTime watermark = LocalDateTime.parse("2026-11-23T11:59:58");

        WindowPlan plan = planner.plan(watermark, watermark.minusMinutes(10), status(ReplicaLag.of(Duration.ofSeconds(60)), ZoneOffset.UTC));

        assertThat(plan.window()).isNull();
        assertThat(plan.blocked()).isFalse();
        assertThat(plan.reason()).contains("not past the watermark");
    }

    @Test
    void stoppedReplicationBlocksTheShard() {
        WindowPlan plan = planner.plan(LocalDateTime.parse("2026-11-23T11:00:00"), null,
                status(ReplicaLag.stoppedReplication("Seconds_Behind_Master is NULL"), ZoneOffset.UTC));

        assertThat(plan.window()).isNull();
        assertThat(plan.blocked()).isTrue();
        assertThat(plan.reason()).contains("Seconds_Behind_Master is NULL");
    }

    @Test
    void theNextTailStartsOneLookbackBelowTheNewWatermark() {
        assertThat(planner.nextTailFrom(LocalDateTime.parse("2026-11-23T12:00:00")))
                .isEqualTo(LocalDateTime.parse("2026-11-23T11:50:00"));
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThatThrownBy(() -> new WindowPlanner(Duration.ofMinutes(-1), Duration.ZERO))
                .hasMessageContaining("must not be negative");
    }
}
