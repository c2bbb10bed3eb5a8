package io.shardlake.engine.backfill;

import io.shardlake.engine.definition.AllowedWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Europe/Berlin 2026: clocks spring forward on 29 March at 01:00Z (02:00 CET becomes 03:00 CEST)
 * and fall back on 25 October at 01:00Z (03:00 CEST becomes 02:00 CET).
 */
class BackfillAllowedWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static AllowedWindow window(String text, ZoneId zone) {
        return AllowedWindow.parse(text, zone);
    }

    static Stream<Arguments> openOrClosed() {
        return Stream.of(
                // window, zone, instant, open?   (local Berlin time in the comment)
                Arguments.of("22:00-06:00", BERLIN, "2026-11-23T20:59:59Z", false), // 21:59:59 CET
                Arguments.of("22:00-06:00", BERLIN, "2026-11-23T21:00:00Z", true),  // 22:00 CET
                Arguments.of("22:00-06:00", BERLIN, "2026-11-23T23:30:00Z", true),  // 00:30, past midnight
                Arguments.of("22:00-06:00", BERLIN, "2026-11-24T04:59:59Z", true),  // 05:59:59
                Arguments.of("22:00-06:00", BERLIN, "2026-11-24T05:00:00Z", false), // 06:00: the end is exclusive
                Arguments.of("22:00-06:00", BERLIN, "2026-07-01T19:59:59Z", false), // 21:59:59 CEST
                Arguments.of("22:00-06:00", BERLIN, "2026-07-01T20:00:00Z", true),  // 22:00 CEST
                Arguments.of("22:00-06:00", BERLIN, "2026-07-02T04:00:00Z", false), // 06:00 CEST
                Arguments.of("22:00-06:00", BERLIN, "2026-03-29T00:59:59Z", true),  // 01:59:59 CET, before the jump
                Arguments.of("22:00-06:00", BERLIN, "2026-03-29T01:00:00Z", true),  // 03:00 CEST, after the jump
                Arguments.of("22:00-06:00", BERLIN, "2026-03-29T03:59:59Z", true),  // 05:59:59 CEST
                Arguments.of("22:00-06:00", BERLIN, "2026-03-29T04:00:00Z", false), // 06:00 CEST: a 7-hour night
                Arguments.of("22:00-06:00", BERLIN, "2026-10-25T04:59:59Z", true),  // 05:59:59 CET: a 9-hour night
                Arguments.of("22:00-06:00", BERLIN, "2026-10-25T05:00:00Z", false), // 06:00 CET
                Arguments.of("02:30-04:00", BERLIN, "2026-03-29T00:59:59Z", false), // 01:59:59 CET
                Arguments.of("02:30-04:00", BERLIN, "2026-03-29T01:00:00Z", true),  // 03:00 CEST: 02:30 was skipped
                Arguments.of("02:30-04:00", BERLIN, "2026-10-25T00:30:00Z", true),  // 02:30 CEST
                Arguments.of("02:30-04:00", BERLIN, "2026-10-25T01:00:00Z", false), // 02:00 CET: the clock went back out
                Arguments.of("02:30-04:00", BERLIN, "2026-10-25T01:30:00Z", true),  // 02:30 CET, again
                Arguments.of("09:00-17:00", ZoneOffset.UTC, "2026-11-23T08:59:59Z", false),
                Arguments.of("09:00-17:00", ZoneOffset.UTC, "2026-11-23T09:00:00Z", true),
                Arguments.of("09:00-17:00", ZoneOffset.UTC, "2026-11-23T16:59:59.999Z", true),
                Arguments.of("09:00-17:00", ZoneOffset.UTC, "2026-11-23T17:00:00Z", false),
                Arguments.of("09:00-17:00", ZoneOffset.UTC, "2026-11-23T23:00:00Z", false));
    }

    @ParameterizedTest(name = "{0} {1} at {2}: open {3}")
    @MethodSource("openOrClosed")
    void theWindowIsOpenWhileTheZonesWallClockIsInsideIt(String text, ZoneId zone, String at, boolean open) {
        assertThat(window(text, zone).isOpen(Instant.parse(at))).isEqualTo(open);
    }

    static Stream<Arguments> openings() {
        return Stream.of(
                // window, zone, from instant, next opening
                Arguments.of("22:00-06:00", BERLIN, "2026-11-23T12:00:00Z", "2026-11-23T21:00:00Z"), // 22:00 CET
                Arguments.of("22:00-06:00", BERLIN, "2026-11-23T23:00:00Z", "2026-11-23T23:00:00Z"), // open: now
                Arguments.of("22:00-06:00", BERLIN, "2026-11-24T05:00:00Z", "2026-11-24T21:00:00Z"), // just closed
                Arguments.of("22:00-06:00", BERLIN, "2026-07-01T12:00:00Z", "2026-07-01T20:00:00Z"), // 22:00 CEST
                Arguments.of("22:00-06:00", BERLIN, "2026-03-28T12:00:00Z", "2026-03-28T21:00:00Z"), // the evening before the jump, CET
                Arguments.of("22:00-06:00", BERLIN, "2026-03-29T12:00:00Z", "2026-03-29T20:00:00Z"), // the evening after, CEST
                Arguments.of("22:00-06:00", BERLIN, "2026-10-24T12:00:00Z", "2026-10-24T20:00:00Z"), // before falling back, CEST
                Arguments.of("22:00-06:00", BERLIN, "2026-10-25T12:00:00Z", "2026-10-25T21:00:00Z"), // after, CET
                Arguments.of("02:30-04:00", BERLIN, "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z"), // 02:30 skipped: opens at the jump
                Arguments.of("02:30-04:00", BERLIN, "2026-03-29T02:00:00Z", "2026-03-30T00:30:00Z"), // 04:00 CEST, closed: next night
                Arguments.of("02:30-04:00", BERLIN, "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z"), // 02:30 CEST
                Arguments.of("02:30-04:00", BERLIN, "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z"), // 02:30 CET, the second time
                Arguments.of("01:00-02:30", BERLIN, "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z"), // the clock goes back into it
                Arguments.of("09:00-17:00", ZoneOffset.UTC, "2026-11-23T08:59:59Z", "2026-11-23T09:00:00Z"),
                Arguments.of("09:00-17:00", ZoneOffset.UTC, "2026-11-23T17:00:00Z", "2026-11-24T09:00:00Z"),
                Arguments.of("23:30-00:15", ZoneOffset.UTC, "2026-12-31T12:00:00Z", "2026-12-31T23:30:00Z"));
    }

    @ParameterizedTest(name = "{0} {1} after {2}: {3}")
    @MethodSource("openings")
    void nextOpeningIsTheFirstOpenInstantAtOrAfterTheArgument(String text, ZoneId zone, String from, String expected) {
        AllowedWindow w = window(text, zone);

        Instant opening = w.nextOpening(Instant.parse(from));

        assertThat(opening).isEqualTo(Instant.parse(expected));
        assertThat(w.isOpen(opening)).isTrue();
        assertThat(w.isOpen(opening.minusMillis(1)) && opening.isAfter(Instant.parse(from)))
                .as("the window was closed just before it opened").isFalse();
    }

    @Test
    void aWindowWhoseEndIsBeforeItsStartWrapsMidnight() {
        assertThat(window("22:00-06:00", BERLIN).wrapsMidnight()).isTrue();
        assertThat(window("09:00-17:00", BERLIN).wrapsMidnight()).isFalse();
        assertThat(window(" 22:00 - 06:00 ", BERLIN)).isEqualTo(new AllowedWindow(LocalTime.of(22, 0), LocalTime.of(6, 0), BERLIN));
        assertThat(window("22:00-06:00", BERLIN)).hasToString("22:00-06:00 Europe/Berlin");
    }

    static Stream<Arguments> badWindows() {
        return Stream.of(
                Arguments.of("22-06", "'22-06' is not a time range; use HH:mm-HH:mm, e.g. 22:00-06:00"),
                Arguments.of("10pm-6am", "'10pm-6am' is not a time range; use HH:mm-HH:mm, e.g. 22:00-06:00"),
                Arguments.of("25:00-06:00", "'25:00-06:00' has an invalid time; use HH:mm-HH:mm from 00:00 to 23:59, e.g. 22:00-06:00"),
                Arguments.of("24:00-01:00", "'24:00-01:00' has an invalid time; use HH:mm-HH:mm from 00:00 to 23:59, e.g. 22:00-06:00"),
                Arguments.of("22:00-06:00\n", "'22:00-06:00U+000A' is not a time range; use HH:mm-HH:mm, e.g. 22:00-06:00"),
                Arguments.of("22:00-22:00", "'22:00-22:00' starts and ends at the same time; omit allowed_window to allow any time,"
                        + " or give a range such as 22:00-06:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badWindows")
    void anUnreadableWindowIsRefusedWithAValidExample(String text, String message) {
        assertThatThrownBy(() -> AllowedWindow.parse(text, BERLIN)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
