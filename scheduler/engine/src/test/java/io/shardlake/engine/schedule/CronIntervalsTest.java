package io.shardlake.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronIntervalsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest(name = "{0} in {1}: the run firing at {2} stands for [{3}, {2})")
    @CsvSource(delimiter = '|', textBlock = """
            0 */15 * * * ? | UTC           | 2026-11-23T10:15:00Z | 2026-11-23T10:00:00Z
            0 0 * * * ?    | UTC           | 2026-11-23T00:00:00Z | 2026-11-22T23:00:00Z
            0 0 2 * * ?    | UTC           | 2026-11-23T02:00:00Z | 2026-11-22T02:00:00Z
            0 0 0 ? * 2    | UTC           | 2026-11-23T00:00:00Z | 2026-11-16T00:00:00Z
            0 0 0 1 * ?    | UTC           | 2026-03-01T00:00:00Z | 2026-02-01T00:00:00Z
            0 0 0 * * ?    | Europe/Berlin | 2026-03-29T22:00:00Z | 2026-03-28T23:00:00Z
            0 0 0 * * ?    | Europe/Berlin | 2026-10-25T23:00:00Z | 2026-10-24T22:00:00Z
            0 30 2 * * ?   | Europe/Berlin | 2026-03-30T00:30:00Z | 2026-03-28T01:30:00Z
            0 0 * * * ?    | Europe/Berlin | 2026-10-25T01:00:00Z | 2026-10-24T23:00:00Z
            """)
    void eachFireStandsForTheSpanSinceThePreviousFire(String cron, String zone, String fire, String start) {
        DataInterval interval = new CronIntervals(cron, ZoneId.of(zone)).intervalEndingAt(Instant.parse(fire));

        assertThat(interval).isEqualTo(new DataInterval(Instant.parse(start), Instant.parse(fire)));
    }

    @Test
    void aMidnightScheduleAcrossDaylightSavingGivesDaysOf23And25Hours() {
        CronIntervals daily = new CronIntervals("0 0 0 * * ?", BERLIN);

        assertThat(length(daily.intervalEndingAt(Instant.parse("2026-03-29T22:00:00Z")))).isEqualTo(Duration.ofHours(23));
        assertThat(length(daily.intervalEndingAt(Instant.parse("2026-10-25T23:00:00Z")))).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void aLocalTimeThatDoesNotExistIsSkippedByQuartzAndTheNextIntervalCoversTheGap() {
        CronIntervals daily = new CronIntervals("0 30 2 * * ?", BERLIN);

        Instant fire = daily.nextFireAfter(Instant.parse("2026-03-28T12:00:00Z"));

        assertThat(fire).as("02:30 does not exist on 2026-03-29 in Berlin").isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
        assertThat(length(daily.intervalEndingAt(fire))).isEqualTo(Duration.ofHours(47));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 */15 * * * ? | Europe/Berlin
            0 0 * * * ?    | Europe/Berlin
            0 30 2 * * ?   | Europe/Berlin
            0 0 */6 * * ?  | America/Sao_Paulo
            0 45 1 * * ?   | America/New_York
            """)
    void consecutiveIntervalsMeetExactlyForAWholeYearAcrossDaylightSaving(String cron, String zone) {
        CronIntervals schedule = new CronIntervals(cron, ZoneId.of(zone));
        Instant from = Instant.parse("2026-01-01T00:00:00Z");

        List<DataInterval> year = schedule.intervalsEndingBetween(from, Instant.parse("2027-01-01T00:00:00Z"), 40_000);

        assertThat(year.get(0).start()).isEqualTo(from);
        for (int i = 1; i < year.size(); i++) {
            assertThat(year.get(i).start()).isEqualTo(year.get(i - 1).end());
            if (i % 97 == 0) {
                assertThat(schedule.intervalEndingAt(year.get(i).end())).isEqualTo(year.get(i));
            }
        }
    }

    @Test
    void catchUpListsTheMissedIntervalsOldestFirstUpToTheLimit() {
        CronIntervals quarterHour = new CronIntervals("0 */15 * * * ?", ZoneOffset.UTC);

        List<DataInterval> missed = quarterHour.intervalsEndingBetween(Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T11:07:00Z"), 100);
        List<DataInterval> bounded = quarterHour.intervalsEndingBetween(Instant.parse("2026-11-23T10:00:00Z"),
                Instant.parse("2026-11-23T11:07:00Z"), 2);

        assertThat(missed).extracting(DataInterval::end).containsExactly(Instant.parse("2026-11-23T10:15:00Z"),
                Instant.parse("2026-11-23T10:30:00Z"), Instant.parse("2026-11-23T10:45:00Z"), Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(bounded).isEqualTo(missed.subList(0, 2));
    }

    @Test
    void theLatestCompleteIntervalEndsAtTheLastFireAtOrBeforeNow() {
        CronIntervals hourly = new CronIntervals("0 0 * * * ?", ZoneOffset.UTC);

        assertThat(hourly.latestCompleteInterval(Instant.parse("2026-11-23T14:00:00Z")))
                .isEqualTo(new DataInterval(Instant.parse("2026-11-23T13:00:00Z"), Instant.parse("2026-11-23T14:00:00Z")));
        assertThat(hourly.latestCompleteInterval(Instant.parse("2026-11-23T14:59:59Z")).end())
                .isEqualTo(Instant.parse("2026-11-23T14:00:00Z"));
    }

    @Test
    void intervalsAreHalfOpen() {
        DataInterval i = new DataInterval(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:15:00Z"));

        assertThat(i.contains(Instant.parse("2026-11-23T10:00:00Z"))).isTrue();
        assertThat(i.contains(Instant.parse("2026-11-23T10:15:00Z"))).isFalse();
        assertThatThrownBy(() -> new DataInterval(i.end(), i.start())).hasMessageContaining("starts before it ends");
    }

    @Test
    void anInvalidCronIsRefusedWithQuartzsReason() {
        assertThatThrownBy(() -> new CronIntervals("0 0 25 * * ?", ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid Quartz cron '0 0 25 * * ?'");
    }

    private static Duration length(DataInterval i) {
        return Duration.between(i.start(), i.end());
    }
}
