package io.shardlake.transforms;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How finely rows are split into {@code dt=} folders. The folder value is always a date-like
 * string that Athena partition projection of type {@code date} can describe with {@link #pattern()}.
 * Partitions are UTC: each one holds the instants {@code [start(t), next(start(t)))}.
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

    /** The folder of the partition holding {@code instant}, e.g. {@code dt=2026-11-23}: what the writer names it. */
    public String folderOf(Instant instant) {
        return folderOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** The folder of a date column's value (dates are partitioned as their UTC midnight). */
    String folderOf(LocalDate date) {
        return folderOf(date.atStartOfDay());
    }

    private String folderOf(LocalDateTime utc) {
        return Partitioner.KEY + "=" + formatter.format(utc);
    }

    /**
     * The first instant of the partition a folder names ({@code dt=2026-11-23} or {@code 2026-11-23}).
     *
     * @throws IllegalArgumentException when the folder is not in this granularity's format
     */
    public Instant startOf(String folder) {
        String value = folder.startsWith(Partitioner.KEY + "=") ? folder.substring(Partitioner.KEY.length() + 1) : folder;
        try {
            return switch (this) {
                case HOUR -> LocalDateTime.parse(value, formatter).toInstant(ZoneOffset.UTC);
                case DAY -> LocalDate.parse(value, formatter).atStartOfDay().toInstant(ZoneOffset.UTC);
                case MONTH -> java.time.YearMonth.parse(value, formatter).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            };
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("partition folder '" + folder + "' is not in the format " + Partitioner.KEY + "=" + pattern);
        }
    }

    /** The first instant of the partition holding {@code instant}. */
    public Instant start(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        LocalDateTime start = switch (this) {
            case HOUR -> utc.truncatedTo(ChronoUnit.HOURS);
            case DAY -> utc.truncatedTo(ChronoUnit.DAYS);
            case MONTH -> utc.toLocalDate().withDayOfMonth(1).atStartOfDay();
        };
        return start.toInstant(ZoneOffset.UTC);
    }

    /** The first instant of the partition after the one holding {@code instant}. */
    public Instant next(Instant instant) {
        LocalDateTime start = LocalDateTime.ofInstant(start(instant), ZoneOffset.UTC);
        LocalDateTime next = switch (this) {
            case HOUR -> start.plusHours(1);
            case DAY -> start.plusDays(1);
            case MONTH -> start.plusMonths(1);
        };
        return next.toInstant(ZoneOffset.UTC);
    }

    /** Whether {@code instant} is the first instant of a partition (a boundary between two). */
    public boolean isBoundary(Instant instant) {
        return start(instant).equals(instant);
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
