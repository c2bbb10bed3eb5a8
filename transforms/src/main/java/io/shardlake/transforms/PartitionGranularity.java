package io.shardlake.transforms;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How finely rows are split into {@code dt=} folders. The folder value is always a date-like
 * string that Athena partition projection of type {@code date} can describe with {@link #pattern()}.
 */
public enum PartitionGranularity {
    HOUR("yyyy-MM-dd-HH"),
    DAY("yyyy-MM-dd"),
    MONTH("yyyy-MM");

    private final String pattern;
    private final DateTimeFormatter formatter;

    PartitionGranularity(String pattern) {
        this.pattern = pattern;
        this.formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    }

    public String pattern() {
        return pattern;
    }

    DateTimeFormatter formatter() {
        return formatter;
    }

    public static PartitionGranularity parse(String text) {
        for (PartitionGranularity g : values()) {
            if (g.name().equalsIgnoreCase(text.trim())) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown granularity '" + text + "'; use hour, day or month");
    }
}
