package io.shardlake.engine.definition;

import java.time.ZoneId;

/**
 * When a pipeline runs: the cron expression as written (5-field Unix cron, 6/7-field Quartz cron,
 * or a shorthand such as {@code @hourly}), its Quartz form, and the zone it is read in.
 */
public record ScheduleSpec(String expression, String quartzCron, ZoneId zone) {
}
