package io.shardlake.engine.schedule;

import io.shardlake.engine.definition.ScheduleSpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Schedule math as a pure function of (cron, zone, instant): fire times and the data interval
 * each fire stands for, {@code [previous fire, fire)}. Built on Quartz's {@link CronExpression} so
 * the intervals agree with when Quartz actually fires, daylight-saving quirks included: a daily
 * 02:30 in a zone that skips 02:00-03:00 does not fire that day, so one interval spans two days;
 * intervals stay contiguous either way, which is what keeps data from falling between runs.
 *
 * <p>Thread-safe; no clock is read: callers pass the instant.
 */
public final class CronIntervals {

    /** How far back a previous fire is searched: more than any schedule's period (yearly crons). */
    private static final Duration MAX_LOOKBACK = Duration.ofDays(800);

    private final String cron;
    private final ZoneId zone;
    private final CronExpression expression;

    /** @throws IllegalArgumentException when {@code quartzCron} is not a valid Quartz cron expression */
    public CronIntervals(String quartzCron, ZoneId zone) {
        this.cron = quartzCron;
        this.zone = zone;
        try {
            this.expression = new CronExpression(quartzCron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid Quartz cron '" + quartzCron + "': " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
    }

    public static CronIntervals of(ScheduleSpec schedule) {
        return new CronIntervals(schedule.quartzCron(), schedule.zone());
    }

    /** The first fire strictly after {@code t}, or null if the schedule never fires again. */
    public Instant nextFireAfter(Instant t) {
        Date next;
        synchronized (expression) { // CronExpression keeps working state between calls
            next = expression.getNextValidTimeAfter(Date.from(t));
        }
        return next == null ? null : next.toInstant();
    }

    /** The last fire strictly before {@code t}, or null if there is none within the search range. */
    public Instant previousFireBefore(Instant t) {
        // Quartz cannot step backwards: find a fire before t by looking back ever further, then
        // walk forward to the last one before t.
        for (Duration back = Duration.ofHours(1); back.compareTo(MAX_LOOKBACK) <= 0; back = back.multipliedBy(4)) {
            Instant fire = nextFireAfter(t.minus(back).minusMillis(1));
            if (fire != null && fire.isBefore(t)) {
                for (Instant next = nextFireAfter(fire); next != null && next.isBefore(t); next = nextFireAfter(next)) {
                    fire = next;
                }
                return fire;
            }
        }
        return null;
    }

    /** The interval a run firing at {@code fire} stands for: {@code [previous fire, fire)}. */
    public DataInterval intervalEndingAt(Instant fire) {
        Instant start = previousFireBefore(fire);
        if (start == null) {
            throw new IllegalArgumentException("schedule " + this + " has no fire before " + fire);
        }
        return new DataInterval(start, fire);
    }

    /** The newest interval that has ended at or before {@code now}. */
    public DataInterval latestCompleteInterval(Instant now) {
        Instant end = previousFireBefore(now.plusMillis(1));
        if (end == null) {
            throw new IllegalArgumentException("schedule " + this + " has not fired before " + now);
        }
        return intervalEndingAt(end);
    }

    /**
     * Intervals that ended after {@code lastEnd} and at or before {@code now}, oldest first, at most
     * {@code limit} of them: what a catch-up after downtime has to account for.
     */
    public List<DataInterval> intervalsEndingBetween(Instant lastEnd, Instant now, int limit) {
        List<DataInterval> intervals = new ArrayList<>();
        Instant start = lastEnd;
        for (Instant end = nextFireAfter(lastEnd); end != null && !end.isAfter(now) && intervals.size() < limit;
             end = nextFireAfter(end)) {
            intervals.add(new DataInterval(start, end));
            start = end;
        }
        return intervals;
    }

    @Override
    public String toString() {
        return cron + " (" + zone + ")";
    }
}
