package io.shardlake.engine.definition;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in definitions: {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h|d)");

    private Durations() {
    }

    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit, e.g. 30s, 10m, 2h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** A duration parser that also refuses values outside {@code [min, max]}. */
    static FieldReader.ValueParser<Duration> within(Duration min, Duration max) {
        return text -> {
            Duration d = parse(text);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("'" + text + "' is out of range; use between " + format(min) + " and " + format(max));
            }
            return d;
        };
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
