package io.shardlake.engine.registration;

import io.shardlake.engine.definition.ScheduleSpec;
import io.shardlake.engine.schedule.CronIntervals;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a schedule the way the registration form needs: it must parse as a definition's
 * schedule does, and fire between every 15 minutes and every 24 hours. The bounds are measured on
 * the next fire times (not guessed from the text): the shortest real gap between two fires must be
 * at least 15 minutes (what the replicas feel), the longest gap in wall-clock time at most 24
 * hours (so a daily schedule stays daily across a daylight-saving change; a gap across a change
 * of the zone's clocks, such as a daily 02:30 on the day 02:00-03:00 is skipped, is not held
 * against the schedule). An ADMIN may allow a
 * schedule outside the bounds with an explicit flag. Pure: the instant is passed in.
 */
public final class ScheduleCheck {

    public static final Duration MIN_INTERVAL = Duration.ofMinutes(15);
    public static final Duration MAX_INTERVAL = Duration.ofHours(24);
    /** Fires shown on the form. */
    public static final int SHOWN = 5;
    /** Fires the bounds are measured on: a month of daily fires, enough to meet uneven gaps. */
    static final int MEASURED = 32;

    /**
     * @param nextFires the next {@link #SHOWN} fire times in the schedule's zone; empty when the
     *                  schedule or zone is invalid
     * @param errors    what is wrong, with fields {@code schedule} / {@code scheduleZone}; empty when fine
     */
    public record Result(List<ZonedDateTime> nextFires, List<FormError> errors) {
        public Result {
            nextFires = List.copyOf(nextFires);
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private ScheduleCheck() {
    }

    /**
     * @param zone            a zone id; blank means UTC, the definitions' default
     * @param allowAnyInterval true only when an ADMIN asked to allow a schedule outside the bounds
     */
    public static Result check(String expression, String zone, boolean allowAnyInterval, Instant now) {
        List<FormError> errors = new ArrayList<>();
        ZoneId zoneId = null;
        try {
            zoneId = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone.trim());
        } catch (DateTimeException e) {
            errors.add(new FormError("scheduleZone", "unknown time zone '" + zone + "'; use a region id such as UTC, Europe/Berlin"
                    + " or America/Sao_Paulo"));
        }
        if (expression == null || expression.isBlank()) {
            errors.add(new FormError("schedule", "is required, e.g. \"*/15 * * * *\" (every 15 minutes) or \"0 2 * * *\" (daily at 02:00)"));
            return new Result(List.of(), errors);
        }
        ScheduleSpec spec;
        try {
            spec = ScheduleSpec.parse(expression, zoneId == null ? ZoneId.of("UTC") : zoneId);
        } catch (IllegalArgumentException e) {
            errors.add(new FormError("schedule", e.getMessage()));
            return new Result(List.of(), errors);
        }
        if (zoneId == null) {
            return new Result(List.of(), errors);
        }
        CronIntervals cron = CronIntervals.of(spec);
        List<Instant> fires = new ArrayList<>();
        for (Instant t = cron.nextFireAfter(now); t != null && fires.size() < MEASURED; t = cron.nextFireAfter(t)) {
            fires.add(t);
        }
        if (fires.isEmpty()) {
            errors.add(new FormError("schedule", "'" + expression + "' never fires again; give a schedule that repeats"));
            return new Result(List.of(), errors);
        }
        if (!allowAnyInterval) {
            errors.addAll(bounds(expression, fires, zoneId));
        }
        ZoneId z = zoneId;
        return new Result(fires.stream().limit(SHOWN).map(f -> f.atZone(z)).toList(), errors);
    }

    private static List<FormError> bounds(String expression, List<Instant> fires, ZoneId zone) {
        if (fires.size() < 2) {
            return List.of(new FormError("schedule", "'" + expression + "' fires only once more; schedules run between every "
                    + describe(MIN_INTERVAL) + " and every " + describe(MAX_INTERVAL)));
        }
        Duration shortest = null;
        Duration longest = null;
        for (int i = 1; i < fires.size(); i++) {
            Duration real = Duration.between(fires.get(i - 1), fires.get(i));
            Duration wall = Duration.between(LocalDateTime.ofInstant(fires.get(i - 1), zone), LocalDateTime.ofInstant(fires.get(i), zone));
            shortest = shortest == null || real.compareTo(shortest) < 0 ? real : shortest;
            // A daily fire in an hour the clocks skip does not happen that day; that is the zone's doing, not the schedule's.
            boolean clocksChanged = zone.getRules().nextTransition(fires.get(i - 1)) != null
                    && zone.getRules().nextTransition(fires.get(i - 1)).getInstant().isBefore(fires.get(i));
            if (!clocksChanged) {
                longest = longest == null || wall.compareTo(longest) > 0 ? wall : longest;
            }
        }
        if (shortest.compareTo(MIN_INTERVAL) < 0) {
            return List.of(new FormError("schedule", "'" + expression + "' fires every " + describe(shortest) + " at times; schedules"
                    + " may fire at most every " + describe(MIN_INTERVAL) + ", e.g. \"*/15 * * * *\" (an admin may allow otherwise)"));
        }
        if (longest != null && longest.compareTo(MAX_INTERVAL) > 0) {
            return List.of(new FormError("schedule", "'" + expression + "' waits " + describe(longest) + " between some fires;"
                    + " schedules must fire at least every " + describe(MAX_INTERVAL) + ", e.g. \"0 2 * * *\" (an admin may allow"
                    + " otherwise)"));
        }
        return List.of();
    }

    /** {@code 15 minutes}, {@code 24 hours}, {@code 7 days}, {@code 90 seconds}. */
    static String describe(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0 && s >= 86_400 * 2) {
            return s / 86_400 + " days";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + (s == 3_600 ? " hour" : " hours");
        }
        if (s % 60 == 0) {
            return s / 60 + (s == 60 ? " minute" : " minutes");
        }
        return s + " seconds";
    }
}
