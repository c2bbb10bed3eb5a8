package io.shardlake.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            */15 * * * *   | 0 */15 * * * ?
            0 2 * * *      | 0 0 2 * * ?
            30 6 1 * *     | 0 30 6 1 * ?
            0 2 * * 1      | 0 0 2 ? * 2
            0 2 * * 0      | 0 0 2 ? * 1
            0 2 * * 7      | 0 0 2 ? * 1
            0 2 * * 1-5    | 0 0 2 ? * 2-6
            0 2 * * 5-7    | 0 0 2 ? * 6-1
            0 2 * * 1,3,5  | 0 0 2 ? * 2,4,6
            0 2 * * */2    | 0 0 2 ? * */2
            0 2 * * 1-5/2  | 0 0 2 ? * 2-6/2
            0 2 * * MON-FRI | 0 0 2 ? * MON-FRI
            0 2 * * 5#2    | 0 0 2 ? * 6#2
            0 2 ? * *      | 0 0 2 * * ?
            """)
    void convertsUnixCronToQuartzWithTheDayOfWeekRenumbered(String unix, String quartz) {
        assertThat(CronSchedule.parse(unix)).isEqualTo(new CronSchedule(unix, quartz));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            @hourly   | 0 0 * * * ?
            @daily    | 0 0 0 * * ?
            @midnight | 0 0 0 * * ?
            @weekly   | 0 0 0 ? * SUN
            @monthly  | 0 0 0 1 * ?
            @HOURLY   | 0 0 * * * ?
            """)
    void expandsShorthands(String shorthand, String quartz) {
        assertThat(CronSchedule.parse(shorthand).quartz()).isEqualTo(quartz);
    }

    @Test
    void keepsQuartzExpressionsAsWritten() {
        assertThat(CronSchedule.parse("0 0/30 8-18 ? * MON-FRI").quartz()).isEqualTo("0 0/30 8-18 ? * MON-FRI");
        assertThat(CronSchedule.parse("0 0 0 1 1 ? 2030").quartz()).isEqualTo("0 0 0 1 1 ? 2030");
    }

    @Test
    void rejectsAWeekdayOutOfTheUnixRange() {
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * * 8"))
                .hasMessage("day-of-week 8 is out of range; use 0-7 (0 and 7 are Sunday) or SUN-SAT");
    }

    @Test
    void rejectsAnInvalidQuartzExpressionWithQuartzsReason() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 2 * * *"))
                .hasMessageStartingWith("'0 0 2 * * *' is not a valid cron expression (Support for specifying both a day-of-week"
                        + " AND a day-of-month parameter is not implemented.)");
    }
}
