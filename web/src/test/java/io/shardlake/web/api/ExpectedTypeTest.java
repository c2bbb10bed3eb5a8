package io.shardlake.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpectedTypeTest {

    record SomeBody(int a) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "io.shardlake.engine.run.RunLane | one of INCREMENTAL, BACKFILL",
            "java.time.Instant               | an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z",
            "java.time.LocalDate             | a date, e.g. 2026-01-31",
            "java.time.Duration              | an ISO-8601 duration, e.g. PT15M",
            "int                             | a whole number",
            "java.lang.Long                  | a whole number",
            "double                          | a number",
            "java.math.BigDecimal            | a number",
            "boolean                         | true or false",
            "java.lang.String                | a string",
            "java.util.List                  | a list",
            "io.shardlake.web.api.ExpectedTypeTest$SomeBody | a JSON object"})
    void describesWhatAValueMustLookLikeWithoutJavaNames(String type, String expected) throws Exception {
        assertThat(ExpectedType.of(typeNamed(type))).isEqualTo(expected);
    }

    private static Class<?> typeNamed(String name) throws ClassNotFoundException {
        return switch (name) {
            case "int" -> int.class;
            case "double" -> double.class;
            case "boolean" -> boolean.class;
            default -> Class.forName(name);
        };
    }
}
