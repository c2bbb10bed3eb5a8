package io.shardlake.app.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Quartz's entry point: reads the pipeline name and hands off to {@link PipelineService}. Nothing else. */
@DisallowConcurrentExecution
public class PipelineJob implements Job {

    static final String PIPELINE = "pipeline";
    static final String TRIGGER_KIND = "triggerKind";

    private final PipelineService pipelines;

    public PipelineJob(PipelineService pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String kind = context.getMergedJobDataMap().getString(TRIGGER_KIND);
        pipelines.run(context.getMergedJobDataMap().getString(PIPELINE), kind == null ? "SCHEDULED" : kind);
    }
}
