package io.shardlake.web.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** How the pages write times and durations, and draw a sparkline; the controllers put the text in their row views. */
final class PageFormats {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** The zone's short name after the time: {@code CET}, {@code EDT}; {@code UTC} for UTC. */
    private static final DateTimeFormatter WHEN_IN_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", java.util.Locale.ROOT);

    private PageFormats() {
    }

    /** {@code 2026-03-10 10:07:30 UTC}, or empty for null. */
    static String when(Instant t) {
        return t == null ? "" : WHEN.format(t);
    }

    /** {@code 2026-03-10 11:07:30 CET} in {@code zone}, or empty for null; UTC is written as {@link #when(Instant)} writes it. */
    static String when(Instant t, java.time.ZoneId zone) {
        if (t == null) {
            return "";
        }
        return zone.normalized().equals(ZoneOffset.UTC) ? WHEN.format(t) : WHEN_IN_ZONE.format(t.atZone(zone));
    }

    /** The two largest units: {@code 45s}, {@code 3m 20s}, {@code 2h 5m}, {@code 3d 4h}; empty for null. */
    static String span(Duration d) {
        if (d == null) {
            return "";
        }
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }

    /**
     * An SVG polyline's {@code points} for the values, left to right over {@code width}, scaled so
     * the largest reaches the top of {@code height}; empty for no values.
     */
    static String sparkline(List<Duration> values, int width, int height) {
        if (values.isEmpty()) {
            return "";
        }
        long max = Math.max(1, values.stream().mapToLong(Duration::toMillis).max().orElse(1));
        StringBuilder points = new StringBuilder();
        double step = values.size() == 1 ? 0 : (double) (width - 2) / (values.size() - 1);
        for (int i = 0; i < values.size(); i++) {
            double x = 1 + i * step;
            double y = height - 1 - (double) values.get(i).toMillis() / max * (height - 2);
            points.append(i == 0 ? "" : " ").append(Math.round(x * 10) / 10.0).append(',').append(Math.round(y * 10) / 10.0);
        }
        return points.toString();
    }
}
