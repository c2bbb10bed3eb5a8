package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MySqlTextValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-05 21:51:53", "2026-12-05 21:51:53.4", "2026-12-05 21:51:53.473",
            "2026-12-05 21:51:53.473001", "2024-02-29 00:00:00.000", "1000-01-01 00:00:00", "9999-12-31 23:59:59.999999",
            "0001-01-01 00:00:00.123456789"})
    void datetimesOfEveryPrecisionParseAsJavaTimeDoes(String text) {
        LocalDateTime expected = LocalDateTime.parse(text.replace(' ', 'T'));
        assertThat(MySqlTextValues.instant(bytes(text), ZoneOffset.UTC)).isEqualTo(expected.toInstant(ZoneOffset.UTC));
        ZoneOffset east = ZoneOffset.ofHoursMinutes(5, 30);
        assertThat(MySqlTextValues.instant(bytes(text), east)).isEqualTo(expected.toInstant(east));
        ZoneOffset west = ZoneOffset.ofHours(-8);
        assertThat(MySqlTextValues.instant(bytes(text), west)).isEqualTo(expected.toInstant(west));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-00-00 00:00:00", "2026-00-05 21:51:53", "2026-02-30 10:00:00", "2023-02-29 10:00:00",
            "2026-12-05 24:00:00", "2026-12-05 21:60:00", "2026-12-05 21:51:60", "2026-12-05", "2026-12-05 21:51:53.",
            "2026-12-05 21:51:53.1234567890", "2026-12-05T21:51:53", "2026-12-05 21:51:5x", "-026-12-05 21:51:53",
            "2026-12-05 21:51:53,473", ""})
    void anythingElseIsLeftToTheDriver(String text) {
        assertThat(MySqlTextValues.instant(bytes(text), ZoneOffset.UTC)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1259.74", "-1259.74", "0.00", "-0.50", "123456789012345678", "-12345678901234567.8",
            "10.000", "007.10"})
    void decimalsKeepTheirDigitsAndScale(String text) {
        BigDecimal parsed = MySqlTextValues.decimal(bytes(text));
        BigDecimal expected = new BigDecimal(text);
        assertThat(parsed).isEqualTo(expected); // equals compares scale too
        assertThat(parsed.scale()).isEqualTo(expected.scale());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789", "-1234567890123456789.5", "", "-", ".5", "5.", "1.2.3", "1e5", "+1",
            "1 ", "12a", "--1"})
    void longOrUnusualDecimalsAreLeftToTheDriver(String text) {
        assertThat(MySqlTextValues.decimal(bytes(text))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "7", "-42", "000123", "123456789012345678", "-999999999999999999"})
    void integersParseAsLongDoes(String text) {
        assertThat(MySqlTextValues.integer(bytes(text))).isEqualTo(Long.parseLong(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789", "-9223372036854775808", "", "-", "+1", "1.0", "1e5", " 1", "12a", "--1"})
    void longOrUnusualIntegersAreLeftToTheDriver(String text) {
        assertThat(MySqlTextValues.integer(bytes(text))).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
