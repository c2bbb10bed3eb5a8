package io.shardlake.web.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/** What a value of a Java type must look like, in the words a client of the API reads. */
final class ExpectedType {

    private ExpectedType() {
    }

    static String of(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z";
        }
        if (type == LocalDate.class) {
            return "a date, e.g. 2026-01-31";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration, e.g. PT15M";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class || type == short.class
                || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a JSON object";
    }
}
