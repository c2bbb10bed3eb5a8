package io.shardlake.app.schedule;

import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.run.PipelineRunner;
import io.shardlake.engine.run.RunRecord;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Runs a pipeline by name with its current definition: what schedules and people trigger. */
@Service
public class PipelineService {

    private static final Logger log = LoggerFactory.getLogger(PipelineService.class);

    private final PipelineCatalog catalog;
    private final PipelineRunner runner;

    public PipelineService(PipelineCatalog catalog, PipelineRunner runner) {
        this.catalog = catalog;
        this.runner = runner;
    }

    /** @return the finished run, or empty if the pipeline is unknown or already running */
    public Optional<RunRecord> run(String pipeline, String trigger) {
        return catalog.get(pipeline)
                .map(definition -> runner.run(definition, trigger))
                .orElseGet(() -> {
                    log.warn("pipeline={} is not defined (any more); trigger {} ignored", pipeline, trigger);
                    return Optional.empty();
                });
    }
}
