package io.shardlake.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.definition.RunPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchupPlanTest {

    private static final CronIntervals QUARTER_HOURLY = new CronIntervals("0 */15 * * * ?", ZoneOffset.UTC);
    private static final Instant NOW = Instant.parse("2026-12-01T10:07:00Z");

    private static RunPolicy policy(RunPolicy.Catchup mode, int max) {
        RunPolicy d = RunPolicy.DEFAULTS;
        return new RunPolicy(d.maxActiveRuns(), d.timeout(), d.retryAttempts(), d.retryBackoff(), d.maxRetryBackoff(), mode, max,
                List.of(), d.upstreamTimeout());
    }

    private static DataInterval interval(String start, String end) {
        return new DataInterval(Instant.parse(start), Instant.parse(end));
    }

    @Test
    void aPipelineThatNeverRanGetsOneFirstRunForTheLatestCompleteInterval() {
        CatchupPlan.Planned plan = CatchupPlan.plan(QUARTER_HOURLY, null, NOW, policy(RunPolicy.Catchup.ALL, 24));

        assertThat(plan.firstRun()).isTrue();
        assertThat(plan.intervals()).containsExactly(interval("2026-12-01T09:45:00Z", "2026-12-01T10:00:00Z"));
    }

    @Test
    void nothingIsQueuedWhenTheLatestIntervalAlreadyHasARun() {
        assertThat(CatchupPlan.plan(QUARTER_HOURLY, Instant.parse("2026-12-01T10:00:00Z"), NOW, policy(RunPolicy.Catchup.ALL, 24))
                .intervals()).isEmpty();
    }

    @Test
    void latestFoldsEveryMissedIntervalIntoOneRun() {
        CatchupPlan.Planned plan = CatchupPlan.plan(QUARTER_HOURLY, Instant.parse("2026-12-01T08:00:00Z"), NOW,
                policy(RunPolicy.Catchup.LATEST, 24));

        assertThat(plan.intervals()).containsExactly(interval("2026-12-01T08:00:00Z", "2026-12-01T10:00:00Z"));
    }

    @Test
    void allQueuesOneRunPerMissedInterval() {
        CatchupPlan.Planned plan = CatchupPlan.plan(QUARTER_HOURLY, Instant.parse("2026-12-01T09:15:00Z"), NOW,
                policy(RunPolicy.Catchup.ALL, 24));

        assertThat(plan.intervals()).containsExactly(
                interval("2026-12-01T09:15:00Z", "2026-12-01T09:30:00Z"),
                interval("2026-12-01T09:30:00Z", "2026-12-01T09:45:00Z"),
                interval("2026-12-01T09:45:00Z", "2026-12-01T10:00:00Z"));
    }

    @Test
    void allBeyondItsBoundFoldsTheOldestIntervalsIntoTheFirstRunSoNothingIsLeftUncovered() {
        CatchupPlan.Planned plan = CatchupPlan.plan(QUARTER_HOURLY, Instant.parse("2026-12-01T08:00:00Z"), NOW,
                policy(RunPolicy.Catchup.ALL, 3));

        assertThat(plan.intervals()).containsExactly(
                interval("2026-12-01T08:00:00Z", "2026-12-01T09:30:00Z"),
                interval("2026-12-01T09:30:00Z", "2026-12-01T09:45:00Z"),
                interval("2026-12-01T09:45:00Z", "2026-12-01T10:00:00Z"));
    }

    @Test
    void aLongOutageCostsABoundedScanAndStillCoversEverything() {
        Instant lastEnd = NOW.minus(Duration.ofDays(400));
        CatchupPlan.Planned plan = CatchupPlan.plan(QUARTER_HOURLY, lastEnd, NOW, policy(RunPolicy.Catchup.ALL, 24));

        assertThat(plan.intervals()).hasSize(24);
        assertThat(plan.intervals().get(0).start()).isEqualTo(lastEnd);
        assertThat(plan.intervals().get(23).end()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        for (int i = 1; i < plan.intervals().size(); i++) {
            assertThat(plan.intervals().get(i).start()).isEqualTo(plan.intervals().get(i - 1).end());
        }
    }
}
