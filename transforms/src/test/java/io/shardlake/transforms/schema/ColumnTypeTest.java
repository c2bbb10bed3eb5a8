package io.shardlake.transforms.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnTypeTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("string", ColumnType.STRING),
                Arguments.of("varchar", ColumnType.STRING),
                Arguments.of("text", ColumnType.STRING),
                Arguments.of("json", ColumnType.JSON),
                Arguments.of("bigint", ColumnType.BIGINT),
                Arguments.of("long", ColumnType.BIGINT),
                Arguments.of("int", ColumnType.INT),
                Arguments.of("integer", ColumnType.INT),
                Arguments.of("double", ColumnType.DOUBLE),
                Arguments.of("boolean", ColumnType.BOOLEAN),
                Arguments.of("bool", ColumnType.BOOLEAN),
                Arguments.of("timestamp", ColumnType.TIMESTAMP),
                Arguments.of("date", ColumnType.DATE),
                Arguments.of("  BigInt ", ColumnType.BIGINT),
                Arguments.of("TIMESTAMP", ColumnType.TIMESTAMP),
                Arguments.of("decimal(12,2)", ColumnType.decimal(12, 2)),
                Arguments.of("DECIMAL( 38 , 10 )", ColumnType.decimal(38, 10)),
                Arguments.of("decimal(1,0)", ColumnType.decimal(1, 0)),
                Arguments.of("decimal(5,5)", ColumnType.decimal(5, 5)),
                Arguments.of("decimal(00000000000012,002)", ColumnType.decimal(12, 2)));
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("accepted")
    void acceptedSpellingsParseToTheirType(String text, ColumnType expected) {
        assertThat(ColumnType.parse(text)).isEqualTo(expected);
    }

    @Test
    void decimalKeepsPrecisionAndScaleAndPrintsAsWritten() {
        ColumnType t = ColumnType.parse("decimal(38,10)");

        assertThat(t.kind()).isEqualTo(ColumnType.Kind.DECIMAL);
        assertThat(t.precision()).isEqualTo(38);
        assertThat(t.scale()).isEqualTo(10);
        assertThat(t).hasToString("decimal(38,10)");
        assertThat(t).isNotEqualTo(ColumnType.decimal(38, 9));
        assertThat(ColumnType.BIGINT).hasToString("bigint");
    }

    @Test
    void onlyStringAndJsonAreTextual() {
        assertThat(ColumnType.STRING.isTextual()).isTrue();
        assertThat(ColumnType.JSON.isTextual()).isTrue();
        assertThat(ColumnType.BIGINT.isTextual()).isFalse();
        assertThat(ColumnType.decimal(3, 1).isTextual()).isFalse();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"float", "varchar(10)", "decimal", "decimal(12)", "decimal(a,b)", "datetime", "strin g"})
    void unknownSpellingsAreRefusedListingTheAcceptedTypes(String text) {
        assertThatThrownBy(() -> ColumnType.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown type '" + text + "'; use one of " + ColumnType.accepted());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aMissingTypeIsRefusedListingTheAcceptedTypes(String text) {
        assertThatThrownBy(() -> ColumnType.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("type is missing; use one of string, json, bigint");
    }

    static Stream<Arguments> badDecimals() {
        return Stream.of(
                Arguments.of("decimal(0,0)", "decimal precision must be 1..38, was 0"),
                Arguments.of("decimal(39,2)", "decimal precision must be 1..38, was 39"),
                Arguments.of("decimal(99999999999,2)", "decimal precision must be 1..38, was "),
                Arguments.of("decimal(10,11)", "decimal scale must be 0..precision (10), was 11"),
                Arguments.of("decimal(10,99999999999)", "decimal scale must be 0..precision (10), was "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDecimals")
    void decimalsOutOfRangeAreRefusedWithTheLimits(String text, String message) {
        assertThatThrownBy(() -> ColumnType.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
