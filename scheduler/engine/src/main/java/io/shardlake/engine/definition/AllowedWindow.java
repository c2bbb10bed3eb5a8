package io.shardlake.engine.definition;

import io.shardlake.engine.input.StrictValues;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time of day backfill work may start, e.g. {@code 22:00-06:00} in {@code Europe/Berlin}:
 * heavy reloads off business hours. Open when the wall clock of the zone reads a time in
 * {@code [start, end)}; a window whose end is before its start wraps midnight.
 *
 * <p>It follows the wall clock through daylight-saving changes: on a spring-forward night a window
 * opening at a skipped time (02:30 in Berlin) opens when the clock jumps past it (03:00); on a
 * fall-back night the repeated hour is inside or outside the window both times.
 */
public record AllowedWindow(LocalTime start, LocalTime end, ZoneId zone) {

    private static final Pattern TEXT = Pattern.compile(" *([0-9]{2}:[0-9]{2}) *- *([0-9]{2}:[0-9]{2}) *");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    /** A daily window opens within a day, two across a DST night: look a little further. */
    private static final Duration HORIZON = Duration.ofDays(3);

    public AllowedWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (start.equals(end)) {
            throw new IllegalArgumentException("an allowed window needs different start and end times, e.g. 22:00-06:00");
        }
    }

    /**
     * Parses {@code HH:mm-HH:mm}.
     *
     * @throws IllegalArgumentException with a message fit for the caller (no field name)
     */
    public static AllowedWindow parse(String text, ZoneId zone) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(StrictValues.shown(text) + " is not a time range; use HH:mm-HH:mm, e.g. 22:00-06:00");
        }
        LocalTime start;
        LocalTime end;
        try {
            // strictly: DateTimeFormatter would read 24:00 as midnight
            start = StrictValues.timeOfDay(m.group(1));
            end = StrictValues.timeOfDay(m.group(2));
        } catch (StrictValues.InvalidValueException e) {
            throw new IllegalArgumentException(StrictValues.shown(text) + " has an invalid time; use HH:mm-HH:mm from 00:00 to 23:59, e.g. 22:00-06:00");
        }
        if (start.equals(end)) {
            throw new IllegalArgumentException(StrictValues.shown(text) + " starts and ends at the same time; omit allowed_window to allow any"
                    + " time, or give a range such as 22:00-06:00");
        }
        return new AllowedWindow(start, end, zone);
    }

    public boolean wrapsMidnight() {
        return end.isBefore(start);
    }

    public boolean isOpen(Instant instant) {
        return contains(LocalDateTime.ofInstant(instant, zone).toLocalTime());
    }

    private boolean contains(LocalTime t) {
        return wrapsMidnight()
                ? !t.isBefore(start) || t.isBefore(end)
                : !t.isBefore(start) && t.isBefore(end);
    }

    /**
     * The first instant at or after {@code instant} at which the window is open: {@code instant}
     * itself when open. The window opens when the wall clock reaches {@code start} (twice on a
     * fall-back night if {@code start} is in the repeated hour), or when a clock change jumps
     * into the window.
     */
    public Instant nextOpening(Instant instant) {
        if (isOpen(instant)) {
            return instant;
        }
        ZoneRules rules = zone.getRules();
        Instant limit = instant.plus(HORIZON);
        Instant best = null;
        LocalDate day = LocalDateTime.ofInstant(instant, zone).toLocalDate().minusDays(1);
        for (int i = 0; i < 5; i++, day = day.plusDays(1)) {
            LocalDateTime opening = LocalDateTime.of(day, start);
            for (ZoneOffset offset : rules.getValidOffsets(opening)) { // none in a gap, two in an overlap
                best = earliestAfter(best, opening.toInstant(offset), instant);
            }
        }
        for (ZoneOffsetTransition t = rules.nextTransition(instant); t != null && t.getInstant().isBefore(limit);
             t = rules.nextTransition(t.getInstant())) {
            if (isOpen(t.getInstant())) {
                best = earliestAfter(best, t.getInstant(), instant);
            }
        }
        if (best == null) {
            throw new DateTimeException("allowed window " + this + " does not open within " + HORIZON.toDays() + " days of " + instant);
        }
        return best;
    }

    private static Instant earliestAfter(Instant best, Instant candidate, Instant after) {
        return candidate.isAfter(after) && (best == null || candidate.isBefore(best)) ? candidate : best;
    }

    /** E.g. {@code 22:00-06:00 Europe/Berlin}. */
    @Override
    public String toString() {
        return HH_MM.format(start) + "-" + HH_MM.format(end) + " " + zone.getId();
    }
}
