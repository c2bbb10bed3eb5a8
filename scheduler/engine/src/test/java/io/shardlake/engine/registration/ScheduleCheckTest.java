package io.shardlake.engine.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ScheduleCheckTest {

    private static final Instant NOW = Instant.parse("2026-03-10T10:07:30Z");

    @Test
    void showsTheNextFiveFireTimesInTheSchedulesZone() {
        ScheduleCheck.Result r = ScheduleCheck.check("0 2 * * *", "America/Sao_Paulo", false, NOW);

        assertThat(r.valid()).isTrue();
        assertThat(r.nextFires()).extracting(ZonedDateTime::toString).containsExactly(
                "2026-03-11T02:00-03:00[America/Sao_Paulo]", "2026-03-12T02:00-03:00[America/Sao_Paulo]",
                "2026-03-13T02:00-03:00[America/Sao_Paulo]", "2026-03-14T02:00-03:00[America/Sao_Paulo]",
                "2026-03-15T02:00-03:00[America/Sao_Paulo]");
    }

    @Test
    void theBoundsAreEveryFifteenMinutesToEveryTwentyFourHours() {
        assertThat(ScheduleCheck.check("*/15 * * * *", "UTC", false, NOW).valid()).isTrue();
        assertThat(ScheduleCheck.check("@hourly", null, false, NOW).valid()).isTrue();
        assertThat(ScheduleCheck.check("0 0,12 * * *", "UTC", false, NOW).valid()).isTrue();

        assertThat(ScheduleCheck.check("*/5 * * * *", "UTC", false, NOW).errors()).singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("schedule");
                    assertThat(e.message()).contains("fires every 5 minutes").contains("at most every 15 minutes");
                });
        // Measured on the fires, not the text: 0 and 5 past the hour are 5 minutes apart.
        assertThat(ScheduleCheck.check("0,5 * * * *", "UTC", false, NOW).valid()).isFalse();
        assertThat(ScheduleCheck.check("0 2 * * 1", "UTC", false, NOW).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("waits 7 days"));
    }

    @Test
    void aDailyScheduleStaysDailyAcrossADaylightSavingChange() {
        // Berlin moves its clocks on 2026-03-29 and 2026-10-25: 23 and 25 real hours between those fires.
        assertThat(ScheduleCheck.check("0 2 * * *", "Europe/Berlin", false, Instant.parse("2026-03-20T00:00:00Z")).valid()).isTrue();
        assertThat(ScheduleCheck.check("30 1 * * *", "Europe/Berlin", false, Instant.parse("2026-10-20T00:00:00Z")).valid()).isTrue();
    }

    @Test
    void anAdminMayAllowASchedueOutsideTheBoundsButNotAnInvalidOne() {
        ScheduleCheck.Result fast = ScheduleCheck.check("*/5 * * * *", "UTC", true, NOW);
        assertThat(fast.valid()).isTrue();
        assertThat(fast.nextFires()).hasSize(5);

        assertThat(ScheduleCheck.check("*/5 * * *", "UTC", true, NOW).errors()).extracting(FormError::field).containsExactly("schedule");
        assertThat(ScheduleCheck.check("@hourly", "Mars/Olympus", true, NOW).errors()).extracting(FormError::field)
                .containsExactly("scheduleZone");
        assertThat(ScheduleCheck.check(" ", "UTC", true, NOW).errors()).extracting(FormError::field).containsExactly("schedule");
        assertThat(ScheduleCheck.check("0 0 0 1 1 ? 2020", "UTC", true, NOW).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("never fires again"));
    }
}
