package io.shardlake.engine.definition;

import java.time.ZoneId;

/**
 * When a pipeline runs: the cron expression as written (5-field Unix cron, 6/7-field Quartz cron,
 * or a shorthand such as {@code @hourly}), its Quartz form, and the zone it is read in.
 */
public record ScheduleSpec(String expression, String quartzCron, ZoneId zone) {

    /**
     * A schedule read by the same rules as a definition's {@code schedule} field, for callers that
     * check a schedule on its own (the registration form's next fire times).
     *
     * @throws IllegalArgumentException saying what is wrong with the expression, with examples
     */
    public static ScheduleSpec parse(String expression, ZoneId zone) {
        CronSchedule cron = CronSchedule.parse(expression);
        return new ScheduleSpec(cron.expression(), cron.quartz(), zone);
    }
}
