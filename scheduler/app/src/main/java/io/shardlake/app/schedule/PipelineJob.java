package io.shardlake.app.schedule;

import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.coordinator.RunScheduler;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's entry point for a cron fire: queues the run for the interval ending at the scheduled
 * fire time and wakes this node's dispatcher. Quartz never executes the run itself, so its few
 * threads are free within milliseconds and a fire on one node can start on any node. Concurrent
 * fires are allowed: queueing is idempotent, and a non-concurrent job would cost the clustered
 * store extra trigger-state writes on every fire.
 */
public class PipelineJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(PipelineJob.class);

    static final String PIPELINE = "pipeline";

    private final DefinitionRegistry registry;
    private final RunScheduler scheduler;
    private final SchedulerLoops loops;

    public PipelineJob(DefinitionRegistry registry, RunScheduler scheduler, SchedulerLoops loops) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.loops = loops;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String pipeline = context.getMergedJobDataMap().getString(PIPELINE);
        registry.current().get(pipeline).ifPresentOrElse(
                d -> scheduler.enqueueScheduled(d, context.getScheduledFireTime().toInstant()).ifPresent(q -> loops.wake()),
                () -> log.warn("pipeline={} is not defined (any more); fire at {} ignored", pipeline, context.getScheduledFireTime()));
    }
}
