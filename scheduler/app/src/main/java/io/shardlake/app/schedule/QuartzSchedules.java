package io.shardlake.app.schedule;

import io.shardlake.engine.definition.DefinitionChanges;
import io.shardlake.engine.definition.PipelineDefinition;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps Quartz's cron triggers (in the shared job store) in step with the definitions: one job and
 * one cron trigger per pipeline, rescheduled when its cron or zone changes, deleted with the
 * pipeline. Every node does this on every change; the result is the same, so it is safe.
 *
 * <p>Misfires are ignored by Quartz ({@code DO_NOTHING}): missed intervals are the catch-up's job,
 * computed from the runs table, so a restart never fires a burst of stale triggers.
 */
@Component
class QuartzSchedules {

    private static final Logger log = LoggerFactory.getLogger(QuartzSchedules.class);
    private static final String GROUP = "pipelines";

    private final Scheduler scheduler;
    private final TransactionTemplate tx;

    QuartzSchedules(Scheduler scheduler, PlatformTransactionManager transactions) {
        this.scheduler = scheduler;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Applies the changes in one Spring transaction: Quartz's job store then uses one connection
     * for its row locks (outside a transaction, MariaDB's driver and Hikari close the connection
     * Quartz's lock retry rolls back).
     */
    void apply(DefinitionChanges changes) {
        tx.executeWithoutResult(status -> {
            try {
                applyInTransaction(changes);
            } catch (SchedulerException e) {
                throw new IllegalStateException("could not update the schedules: " + e.getMessage(), e);
            }
        });
        changes.errors().forEach(e -> log.error("definition not loaded: {}", e));
    }

    private void applyInTransaction(DefinitionChanges changes) throws SchedulerException {
        for (PipelineDefinition d : changes.added()) {
            schedule(d);
        }
        for (PipelineDefinition d : changes.changed()) {
            schedule(d);
        }
        for (String removed : changes.removed()) {
            scheduler.deleteJob(JobKey.jobKey(removed, GROUP));
            log.info("pipeline={} removed: its schedule is deleted", removed);
        }
    }

    private void schedule(PipelineDefinition d) throws SchedulerException {
        JobKey jobKey = JobKey.jobKey(d.name(), GROUP);
        TriggerKey triggerKey = TriggerKey.triggerKey(d.name(), GROUP);
        Trigger existing = scheduler.getTrigger(triggerKey);
        if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(d.schedule().quartzCron())
                && cron.getTimeZone().getID().equals(d.schedule().zone().getId())) {
            return;
        }
        JobDetail job = JobBuilder.newJob(PipelineJob.class).withIdentity(jobKey).usingJobData(PipelineJob.PIPELINE, d.name())
                .storeDurably().build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(jobKey)
                .withSchedule(CronScheduleBuilder.cronSchedule(d.schedule().quartzCron())
                        .inTimeZone(TimeZone.getTimeZone(d.schedule().zone()))
                        .withMisfireHandlingInstructionDoNothing())
                .build();
        scheduler.addJob(job, true);
        java.util.Date next = existing == null ? scheduler.scheduleJob(trigger) : scheduler.rescheduleJob(triggerKey, trigger);
        log.info("pipeline={} scheduled: {} ({}), next at {}", d.name(), d.schedule().expression(), d.schedule().zone(),
                next == null ? null : next.toInstant());
    }
}
