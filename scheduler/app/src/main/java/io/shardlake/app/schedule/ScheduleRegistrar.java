package io.shardlake.app.schedule;

import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunRepository;
import java.time.Clock;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Registers every loaded pipeline with Quartz on its cron schedule once the service is up. A
 * pipeline that has never run starts its first run (the full load) right away instead of waiting
 * for its first fire time, so new pipelines have data within a minute.
 */
@Component
class ScheduleRegistrar {

    private static final Logger log = LoggerFactory.getLogger(ScheduleRegistrar.class);

    private final Scheduler scheduler;
    private final PipelineCatalog catalog;
    private final RunRepository runs;
    private final Clock clock;

    ScheduleRegistrar(Scheduler scheduler, PipelineCatalog catalog, RunRepository runs, Clock clock) {
        this.scheduler = scheduler;
        this.catalog = catalog;
        this.runs = runs;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerAll() throws SchedulerException {
        // One node owns the metadata database (clustering comes with leases): a run still
        // RUNNING now was cut off by a stop or crash of this service.
        int closed = runs.failRunningRuns("the service stopped while this run was active; its shards are recovered by their next run",
                clock.instant());
        if (closed > 0) {
            log.warn("closed {} run(s) left RUNNING by a previous stop", closed);
        }
        catalog.errors().forEach(e -> log.error("definition not loaded: {}", e));
        for (PipelineDefinition d : catalog.all()) {
            JobDetail job = JobBuilder.newJob(PipelineJob.class)
                    .withIdentity(JobKey.jobKey(d.name(), "pipelines"))
                    .usingJobData(PipelineJob.PIPELINE, d.name())
                    .storeDurably()
                    .build();
            Trigger cron = TriggerBuilder.newTrigger()
                    .withIdentity(d.name(), "cron")
                    .forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(d.schedule().quartzCron())
                            .inTimeZone(TimeZone.getTimeZone(d.schedule().zone()))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            scheduler.addJob(job, true);
            java.util.Date next = scheduler.scheduleJob(cron);
            if (runs.recentRuns(d.name(), 1).isEmpty()) {
                scheduler.scheduleJob(TriggerBuilder.newTrigger()
                        .withIdentity(d.name(), "first-run")
                        .forJob(job)
                        .usingJobData(PipelineJob.TRIGGER_KIND, "FIRST_RUN")
                        .startNow()
                        .build());
            }
            log.info("pipeline={} scheduled: {} ({}), next at {}", d.name(), d.schedule().expression(), d.schedule().zone(),
                    next.toInstant());
        }
    }
}
