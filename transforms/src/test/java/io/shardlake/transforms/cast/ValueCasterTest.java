package io.shardlake.transforms.cast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.json.JsonContainer;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.Utf8;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ValueCasterTest {

    private static final ColumnType DEC_12_2 = ColumnType.decimal(12, 2);
    private static final ColumnType DEC_38_10 = ColumnType.decimal(38, 10);

    static Stream<Arguments> conversions() {
        Instant instant = Instant.parse("2026-11-23T01:30:45.123Z");
        OffsetDateTime offset = OffsetDateTime.parse("2026-11-22T22:30:45.123456-03:00");
        return Stream.of(
                // -> string / json
                Arguments.of("hello", ColumnType.STRING, Utf8.of("hello")),
                Arguments.of(Utf8.of("olá 😀"), ColumnType.STRING, Utf8.of("olá 😀")),
                Arguments.of(42L, ColumnType.STRING, Utf8.of("42")),
                Arguments.of(7, ColumnType.STRING, Utf8.of("7")),
                Arguments.of(new BigDecimal("1E+3"), ColumnType.STRING, Utf8.of("1000")),
                Arguments.of(new BigDecimal("12.50"), ColumnType.STRING, Utf8.of("12.50")),
                Arguments.of(2.5d, ColumnType.STRING, Utf8.of("2.5")),
                Arguments.of(true, ColumnType.STRING, Utf8.of("true")),
                Arguments.of(instant, ColumnType.STRING, Utf8.of("2026-11-23T01:30:45.123Z")),
                Arguments.of(LocalDate.of(2026, 2, 3), ColumnType.STRING, Utf8.of("2026-02-03")),
                Arguments.of("{\"a\":1}", ColumnType.JSON, Utf8.of("{\"a\":1}")),
                Arguments.of(Utf8.of("[1,2]"), ColumnType.JSON, Utf8.of("[1,2]")),
                // -> bigint
                Arguments.of(42L, ColumnType.BIGINT, 42L),
                Arguments.of(42, ColumnType.BIGINT, 42L),
                Arguments.of(new BigDecimal("42.000"), ColumnType.BIGINT, 42L),
                Arguments.of(new BigDecimal("9223372036854775807"), ColumnType.BIGINT, Long.MAX_VALUE),
                Arguments.of(new BigInteger("-9223372036854775808"), ColumnType.BIGINT, Long.MIN_VALUE),
                Arguments.of(3.0d, ColumnType.BIGINT, 3L),
                Arguments.of(" 123 ", ColumnType.BIGINT, 123L),
                Arguments.of(Utf8.of("-5"), ColumnType.BIGINT, -5L),
                Arguments.of("1e3", ColumnType.BIGINT, 1000L),
                Arguments.of(true, ColumnType.BIGINT, 1L),
                Arguments.of(Instant.parse("2026-11-23T01:30:45Z"), ColumnType.JSON, Utf8.of("2026-11-23T01:30:45Z")),
                Arguments.of(OffsetDateTime.parse("2026-11-22T22:30:45-03:00"), ColumnType.STRING, Utf8.of("2026-11-22T22:30:45-03:00")),
                // -> int
                Arguments.of(42, ColumnType.INT, 42),
                Arguments.of(2147483647L, ColumnType.INT, Integer.MAX_VALUE),
                Arguments.of(-2147483648L, ColumnType.INT, Integer.MIN_VALUE),
                Arguments.of(new BigDecimal("17.0"), ColumnType.INT, 17),
                Arguments.of(8.0d, ColumnType.INT, 8),
                Arguments.of("  99", ColumnType.INT, 99),
                Arguments.of(false, ColumnType.INT, 0),
                // -> double
                Arguments.of(2.5d, ColumnType.DOUBLE, 2.5d),
                Arguments.of(3L, ColumnType.DOUBLE, 3.0d),
                Arguments.of(4, ColumnType.DOUBLE, 4.0d),
                Arguments.of(new BigDecimal("0.1"), ColumnType.DOUBLE, 0.1d),
                Arguments.of("6.25", ColumnType.DOUBLE, 6.25d),
                Arguments.of(Utf8.of("-1e-3"), ColumnType.DOUBLE, -0.001d),
                Arguments.of(true, ColumnType.DOUBLE, 1.0d),
                Arguments.of(new BigInteger("12345678901234567890"), ColumnType.DOUBLE, 1.2345678901234567E19),
                // -> boolean
                Arguments.of(true, ColumnType.BOOLEAN, true),
                Arguments.of(1L, ColumnType.BOOLEAN, true),
                Arguments.of(0, ColumnType.BOOLEAN, false),
                Arguments.of("TRUE", ColumnType.BOOLEAN, true),
                Arguments.of(" yes ", ColumnType.BOOLEAN, true),
                Arguments.of(Utf8.of("f"), ColumnType.BOOLEAN, false),
                Arguments.of("0", ColumnType.BOOLEAN, false),
                Arguments.of("No", ColumnType.BOOLEAN, false),
                // -> timestamp
                Arguments.of(Instant.parse("2026-11-23T01:30:45.123999999Z"), ColumnType.TIMESTAMP, instant),
                Arguments.of(offset, ColumnType.TIMESTAMP, instant),
                Arguments.of(LocalDate.of(2026, 11, 23), ColumnType.TIMESTAMP, Instant.parse("2026-11-23T00:00:00Z")),
                Arguments.of(1_700_000_000_123L, ColumnType.TIMESTAMP, Instant.ofEpochMilli(1_700_000_000_123L)),
                Arguments.of("2026-11-23T01:30:45.123Z", ColumnType.TIMESTAMP, instant),
                Arguments.of("2026-11-23T01:30:45.1239Z", ColumnType.TIMESTAMP, instant),
                Arguments.of("2026-11-22T22:30:45.123-03:00", ColumnType.TIMESTAMP, instant),
                Arguments.of("2026-11-23T03:30:45.123+02:00", ColumnType.TIMESTAMP, instant),
                Arguments.of("2026-11-23 03:30:45.123+02:00", ColumnType.TIMESTAMP, instant),
                Arguments.of("2026-11-23T01:30:45.123", ColumnType.TIMESTAMP, instant),
                Arguments.of("2026-11-23 01:30:45.123456", ColumnType.TIMESTAMP, instant),
                Arguments.of(Utf8.of("2026-11-23 01:30"), ColumnType.TIMESTAMP, Instant.parse("2026-11-23T01:30:00Z")),
                Arguments.of("2026-11-23", ColumnType.TIMESTAMP, Instant.parse("2026-11-23T00:00:00Z")),
                // -> date (UTC)
                Arguments.of(LocalDate.of(2026, 11, 23), ColumnType.DATE, LocalDate.of(2026, 11, 23)),
                Arguments.of(Instant.parse("2026-11-23T01:30:00Z"), ColumnType.DATE, LocalDate.of(2026, 11, 23)),
                Arguments.of(Instant.parse("2026-11-23T23:59:59.999Z"), ColumnType.DATE, LocalDate.of(2026, 11, 23)),
                Arguments.of(offset, ColumnType.DATE, LocalDate.of(2026, 11, 23)),
                Arguments.of("2026-11-23", ColumnType.DATE, LocalDate.of(2026, 11, 23)),
                Arguments.of("2026-11-22T22:30:00-03:00", ColumnType.DATE, LocalDate.of(2026, 11, 23)),
                Arguments.of(Utf8.of("2026-11-23 10:00:00"), ColumnType.DATE, LocalDate.of(2026, 11, 23)),
                // -> decimal
                Arguments.of(new BigDecimal("12.5"), DEC_12_2, new BigDecimal("12.50")),
                Arguments.of(new BigDecimal("12.500"), DEC_12_2, new BigDecimal("12.50")),
                Arguments.of(12L, DEC_12_2, new BigDecimal("12.00")),
                Arguments.of(12, DEC_12_2, new BigDecimal("12.00")),
                Arguments.of(0.1d, DEC_12_2, new BigDecimal("0.10")),
                Arguments.of(" 9999999999.99 ", DEC_12_2, new BigDecimal("9999999999.99")),
                Arguments.of(Utf8.of("-0.01"), DEC_12_2, new BigDecimal("-0.01")),
                Arguments.of("1E+2", DEC_12_2, new BigDecimal("100.00")),
                Arguments.of(new BigInteger("123"), DEC_12_2, new BigDecimal("123.00")),
                Arguments.of(new BigDecimal("1234567890123456789012345678.1234567890"), DEC_38_10,
                        new BigDecimal("1234567890123456789012345678.1234567890")),
                Arguments.of("0.0000000001", DEC_38_10, new BigDecimal("0.0000000001")),
                Arguments.of(5L, DEC_38_10, new BigDecimal("5.0000000000")),
                Arguments.of(false, DEC_12_2, new BigDecimal("0.00")));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("conversions")
    void convertsEverySourceValueToTheJavaValueOfItsColumnType(Object value, ColumnType type, Object expected) throws Exception {
        Object cast = ValueCaster.cast(value, type);

        assertThat(cast).isEqualTo(expected);
        assertThat(cast).isExactlyInstanceOf(expected.getClass());
    }

    @Test
    void bytesFromBinaryColumnsBecomeUtf8TextNotAnArrayReference() throws Exception {
        byte[] json = "{\"a\":\"Zoë\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        Object text = ValueCaster.cast(json, ColumnType.JSON);

        assertThat(text).isInstanceOf(Utf8.class);
        assertThat(text.toString()).isEqualTo("{\"a\":\"Zoë\"}");
    }

    @Test
    void decimalsComeOutAtTheDeclaredScale() throws Exception {
        assertThat(((BigDecimal) ValueCaster.cast(new BigDecimal("7"), DEC_12_2)).scale()).isEqualTo(2);
        assertThat(((BigDecimal) ValueCaster.cast("3.1", DEC_38_10)).scale()).isEqualTo(10);
    }

    @Test
    void timestampsAreTruncatedToMillisecondsNotRounded() throws Exception {
        Object cast = ValueCaster.cast(Instant.parse("2026-01-01T00:00:00.999999999Z"), ColumnType.TIMESTAMP);

        assertThat(cast).isEqualTo(Instant.parse("2026-01-01T00:00:00.999Z"));
    }

    @Test
    void textTimestampsWithoutAnOffsetAreUtcWhateverTheJvmZone() throws Exception {
        Object cast = ValueCaster.cast("2026-03-01T00:30:00", ColumnType.TIMESTAMP);

        assertThat(cast).isEqualTo(OffsetDateTime.of(2026, 3, 1, 0, 30, 0, 0, ZoneOffset.UTC).toInstant());
    }

    @ParameterizedTest
    @EnumSource(ColumnType.Kind.class)
    void nullStaysNullForEveryType(ColumnType.Kind kind) throws Exception {
        ColumnType type = kind == ColumnType.Kind.DECIMAL ? DEC_12_2 : ColumnType.parse(kind.name());

        assertThat(ValueCaster.cast(null, type)).isNull();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new BigDecimal("12.345"), DEC_12_2, "cannot cast '12.345' to decimal(12,2): has more than 2 decimal places"),
                Arguments.of(0.125d, DEC_12_2, "has more than 2 decimal places"),
                Arguments.of("1.001", DEC_12_2, "has more than 2 decimal places"),
                Arguments.of(new BigDecimal("12345678901"), DEC_12_2, "cannot cast '12345678901' to decimal(12,2): has more than 12 digits"),
                Arguments.of(new BigDecimal("12345678901234567890123456789"), DEC_38_10, "has more than 38 digits"),
                Arguments.of(2147483648L, ColumnType.INT, "cannot cast '2147483648' to int: not a whole number in range"),
                Arguments.of(-2147483649L, ColumnType.INT, "not a whole number in range"),
                Arguments.of(new BigDecimal("9223372036854775808"), ColumnType.BIGINT, "cannot cast '9223372036854775808' to bigint: not a whole number in range"),
                Arguments.of(new BigDecimal("1.5"), ColumnType.BIGINT, "not a whole number in range"),
                Arguments.of(2.5d, ColumnType.INT, "not a whole number in range"),
                Arguments.of("12abc", ColumnType.BIGINT, "cannot cast '12abc' to bigint: not a number"),
                Arguments.of(Utf8.of("twelve"), ColumnType.INT, "cannot cast 'twelve' to int: not a number"),
                Arguments.of("", ColumnType.DOUBLE, "not a number"),
                Arguments.of("NaN", ColumnType.DOUBLE, "not a number"),
                Arguments.of("abc", DEC_12_2, "not a number"),
                Arguments.of(Double.NaN, ColumnType.BIGINT, "cannot cast 'NaN' to bigint: not a finite number"),
                Arguments.of(Double.NaN, DEC_12_2, "not a finite number"),
                Arguments.of(Double.POSITIVE_INFINITY, ColumnType.INT, "not a finite number"),
                Arguments.of(new BigDecimal("1e400"), ColumnType.DOUBLE, "cannot cast '1E+400' to double: out of the range of a double"),
                Arguments.of(Instant.EPOCH, ColumnType.BIGINT, "a Instant is not a number"),
                Arguments.of(2L, ColumnType.BOOLEAN, "cannot cast '2' to boolean: not a boolean"),
                Arguments.of("maybe", ColumnType.BOOLEAN, "not a boolean"),
                Arguments.of(new BigDecimal("1.0"), ColumnType.BOOLEAN, "not a boolean"),
                Arguments.of("23/11/2026", ColumnType.TIMESTAMP, "cannot cast '23/11/2026' to timestamp: not an ISO-8601 timestamp"),
                Arguments.of("2026-13-01T00:00:00", ColumnType.TIMESTAMP, "not an ISO-8601 timestamp"),
                Arguments.of(1.5d, ColumnType.TIMESTAMP, "a Double is not a timestamp"),
                Arguments.of("2026-02-30", ColumnType.DATE, "cannot cast '2026-02-30' to date: not an ISO-8601 date"),
                Arguments.of("yesterday", ColumnType.DATE, "not an ISO-8601 date"),
                Arguments.of(5L, ColumnType.DATE, "a Long is not a date"),
                Arguments.of(new JsonContainer("object", "$.customer"), ColumnType.BIGINT,
                        "expected a bigint value but found a JSON object at $.customer"),
                Arguments.of(new JsonContainer("array", "$.items"), DEC_12_2,
                        "expected a decimal(12,2) value but found a JSON array at $.items"),
                Arguments.of(new JsonContainer("array", "$.tags"), ColumnType.BOOLEAN, "found a JSON array at $.tags"));
    }

    static Stream<Arguments> typeMismatches() {
        Instant instant = Instant.parse("2026-11-23T01:30:45Z");
        LocalDate date = LocalDate.of(2026, 11, 23);
        OffsetDateTime offset = OffsetDateTime.parse("2026-11-23T01:30:45Z");
        return Stream.of(
                Arguments.of(instant, ColumnType.INT, "a Instant is not a number"),
                Arguments.of(instant, ColumnType.DOUBLE, "a Instant is not a number"),
                Arguments.of(instant, DEC_12_2, "a Instant is not a number"),
                Arguments.of(instant, ColumnType.BOOLEAN, "not a boolean"),
                Arguments.of(date, ColumnType.BIGINT, "a LocalDate is not a number"),
                Arguments.of(date, ColumnType.BOOLEAN, "not a boolean"),
                Arguments.of(offset, ColumnType.BIGINT, "a OffsetDateTime is not a number"),
                Arguments.of(true, ColumnType.TIMESTAMP, "a Boolean is not a timestamp"),
                Arguments.of(true, ColumnType.DATE, "a Boolean is not a date"),
                Arguments.of(new BigDecimal("1700000000000"), ColumnType.TIMESTAMP, "a BigDecimal is not a timestamp"),
                Arguments.of(2.5d, ColumnType.BOOLEAN, "not a boolean"),
                Arguments.of(3, ColumnType.DATE, "a Integer is not a date"),
                Arguments.of(1.0d, ColumnType.DATE, "a Double is not a date"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("typeMismatches")
    void valuesOfAnUnrelatedKindAreRefusedSayingWhatTheyAre(Object value, ColumnType type, String why) {
        assertThatThrownBy(() -> ValueCaster.cast(value, type))
                .isInstanceOf(CastException.class)
                .hasMessageStartingWith("cannot cast '" + value + "' to " + type + ": ")
                .hasMessageEndingWith(why);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusals")
    void valuesThatWouldChangeAreRefusedWithAMessage(Object value, ColumnType type, String message) {
        assertThatThrownBy(() -> ValueCaster.cast(value, type))
                .isInstanceOf(CastException.class)
                .hasMessageContaining(message);
    }

    @Test
    void longValuesAreShortenedInTheRefusalMessage() {
        String value = "x".repeat(200);

        assertThatThrownBy(() -> ValueCaster.cast(value, ColumnType.BIGINT))
                .isInstanceOf(CastException.class)
                .hasMessage("cannot cast '" + "x".repeat(77) + "...' to bigint: not a number");
    }

    @Test
    void theCastOfAColumnAnswersAsCastDoesForEveryValueAndType() throws Exception {
        Object[] values = {null, Utf8.of("42"), "42", Utf8.of("2026-12-07T10:15:30.123456Z"), 42L, 42, (short) 7, 4.5, Double.NaN,
                true, false, Instant.parse("2026-12-07T10:15:30.123Z"), Instant.parse("2026-12-07T10:15:30.123456Z"),
                LocalDate.of(2026, 12, 7), OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.ofHours(2)),
                new BigDecimal("12.34"), new BigDecimal("12.3"), new BigDecimal("12.345"), new BigDecimal("1234567890123.45"),
                new BigInteger("123"), new byte[] {'h', 'i'}, new JsonContainer("object", "$.customer")};
        ColumnType[] types = {ColumnType.STRING, ColumnType.JSON, ColumnType.BIGINT, ColumnType.INT, ColumnType.DOUBLE,
                ColumnType.BOOLEAN, ColumnType.TIMESTAMP, ColumnType.DATE, DEC_12_2, ColumnType.decimal(4, 1)};
        for (ColumnType type : types) {
            ValueCaster.Cast cast = ValueCaster.to(type);
            for (Object value : values) {
                Object expected;
                try {
                    expected = ValueCaster.cast(value, type);
                } catch (CastException e) {
                    assertThatThrownBy(() -> cast.apply(value)).as("%s to %s", value, type)
                            .isInstanceOf(CastException.class).hasMessage(e.getMessage());
                    continue;
                }
                Object actual = cast.apply(value);
                assertThat(actual).as("%s to %s", value, type).isEqualTo(expected);
                if (actual instanceof BigDecimal d) {
                    assertThat(d.scale()).as("scale of %s to %s", value, type).isEqualTo(((BigDecimal) expected).scale());
                }
            }
        }
    }
}
