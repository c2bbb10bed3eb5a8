package io.shardlake.web.api;

import io.shardlake.engine.definition.DefinitionError;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.ShardRunRecord;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only view of pipelines and their runs, as JSON. Unknown names and ids answer 404 with an
 * {@code application/problem+json} body.
 */
@RestController
@RequestMapping(path = "/api", produces = "application/json")
class PipelinesController {

    private final PipelineCatalog catalog;
    private final RunRepository runs;

    PipelinesController(PipelineCatalog catalog, RunRepository runs) {
        this.catalog = catalog;
        this.runs = runs;
    }

    @GetMapping("/pipelines")
    List<PipelineView> pipelines() {
        return catalog.all().stream().map(this::view).toList();
    }

    @GetMapping("/pipelines/{name}")
    PipelineView pipeline(@PathVariable String name) {
        return view(definition(name));
    }

    @GetMapping("/pipelines/{name}/runs")
    List<RunRecord> pipelineRuns(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
        definition(name);
        return runs.recentRuns(name, Math.max(1, Math.min(limit, 500)));
    }

    @GetMapping("/runs/{id}")
    RunView run(@PathVariable String id) {
        RunRecord run = runs.run(id).orElseThrow(() -> notFound("run", id));
        return new RunView(run, runs.shardRuns(id));
    }

    /** Definition files that could not be loaded, with the field and the problem. */
    @GetMapping("/definition-errors")
    List<DefinitionError> definitionErrors() {
        return catalog.errors();
    }

    private PipelineDefinition definition(String name) {
        return catalog.get(name).orElseThrow(() -> notFound("pipeline", name));
    }

    private PipelineView view(PipelineDefinition d) {
        RunRecord last = runs.recentRuns(d.name(), 1).stream().findFirst().orElse(null);
        return new PipelineView(d.name(), d.description(), d.schedule().expression(), d.schedule().zone().getId(),
                d.source().connection(), d.source().table(), d.target().table(), d.version(), last);
    }

    private static ErrorResponseException notFound(String what, String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no " + what + " '" + id + "'");
        problem.setTitle(what.substring(0, 1).toUpperCase() + what.substring(1) + " not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    record PipelineView(String name, String description, String schedule, String scheduleZone, String connection,
                        String sourceTable, String targetTable, String version, RunRecord lastRun) {
    }

    record RunView(RunRecord run, List<ShardRunRecord> shards) {
    }
}
