package io.shardlake.engine.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictValuesTest {

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(value = {
            "0x10|'0x10' is not a whole number; use digits only, from 1 to 500",
            "+5|'+5' is not a whole number; use digits only, from 1 to 500",
            " 5|' 5' is not a whole number; use digits only, from 1 to 500",
            "5 |'5 ' is not a whole number; use digits only, from 1 to 500",
            "1_0|'1_0' is not a whole number; use digits only, from 1 to 500",
            "٥|'٥' is not a whole number; use digits only, from 1 to 500",
            "99999999999999999999|'99999999999999999999' is not a whole number; use digits only, from 1 to 500",
            "ten|'ten' is not a whole number; use digits only, from 1 to 500",
            "0|must be between 1 and 500, was 0",
            "-1|must be between 1 and 500, was -1",
            "501|must be between 1 and 500, was 501"}, delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false)
    void aWholeNumberIsPlainDigitsInRange(String text, String message) {
        assertThatThrownBy(() -> StrictValues.wholeNumber(text, 1, 500)).isInstanceOf(StrictValues.InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void anEmptyNumberIsRefusedNotDefaulted() {
        assertThatThrownBy(() -> StrictValues.wholeNumber("", 1, 500)).hasMessage("is empty; use digits only, from 1 to 500");
    }

    @Test
    void plainDigitsAreRead() {
        assertThat(StrictValues.wholeNumber("20", 1, 500)).isEqualTo(20);
        assertThat(StrictValues.wholeNumber("-3")).isEqualTo(-3);
        assertThat(StrictValues.wholeNumber("007")).isEqualTo(7);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"24:00", "23:60", "7:00", "07:0", "07:00:00", "+7:00", "07.00", "''"})
    void aTimeOfDayIsHhMmUpTo2359(String text) {
        assertThatThrownBy(() -> StrictValues.timeOfDay(text)).isInstanceOf(StrictValues.InvalidValueException.class)
                .hasMessageEndingWith(" is not a time of day; use HH:mm from 00:00 to 23:59, e.g. 22:00");
    }

    @Test
    void timesOfDayAreRead() {
        assertThat(StrictValues.timeOfDay("00:00")).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(StrictValues.timeOfDay("23:59")).isEqualTo(LocalTime.of(23, 59));
    }

    @Test
    void aControlCharacterIsRefusedAndShownAsItsCodePoint() {
        assertThatThrownBy(() -> StrictValues.printable("2026-12-01\u0000"))
                .hasMessage("'2026-12-01U+0000' contains the control character U+0000 at position 11; remove it");
        assertThat(StrictValues.printable("2026-12-01")).isEqualTo("2026-12-01");
    }

    @Test
    void aLongValueIsShownCut() {
        assertThat(StrictValues.shown("x".repeat(1000))).isEqualTo("'" + "x".repeat(40) + "…' (1000 characters)");
    }
}
