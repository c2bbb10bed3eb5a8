package io.shardlake.web.api;

import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.coordinator.PipelineStatus;
import io.shardlake.engine.definition.DefinitionError;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pipelines and their runs as JSON, and what on-call does to them: trigger, pause, resume,
 * cancel. Refusals answer {@code application/problem+json} (see {@link ApiProblems}): unknown
 * pipeline or run 404, an action the state does not allow 409, a bad parameter 400.
 */
@RestController
@RequestMapping(path = "/api", produces = "application/json")
class PipelinesController {

    private static final int MAX_LIMIT = 500;

    private final PipelineOperations operations;
    private final DefinitionRegistry definitions;
    private final RunRepository runs;

    PipelinesController(PipelineOperations operations, DefinitionRegistry definitions, RunRepository runs) {
        this.operations = operations;
        this.definitions = definitions;
        this.runs = runs;
    }

    @GetMapping("/pipelines")
    List<PipelineView> pipelines() {
        return operations.statuses().stream().map(PipelineView::of).toList();
    }

    @GetMapping("/pipelines/{name}")
    PipelineView pipeline(@PathVariable String name) {
        return PipelineView.of(operations.status(name));
    }

    @GetMapping("/pipelines/{name}/runs")
    List<RunView> pipelineRuns(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
        operations.definition(name);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblems.badRequest("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return runs.recentRuns(name, limit).stream().map(RunView::of).toList();
    }

    /** Queues a run now; 202 with the new run (state QUEUED). */
    @PostMapping("/pipelines/{name}/runs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RunView trigger(@PathVariable String name) {
        return RunView.of(operations.trigger(name));
    }

    @PostMapping("/pipelines/{name}/pause")
    PipelineView pause(@PathVariable String name, Principal who) {
        operations.pause(name, Callers.name(who));
        return PipelineView.of(operations.status(name));
    }

    /** Resumes; the answer lists the catch-up runs queued for the paused time. */
    @PostMapping("/pipelines/{name}/resume")
    ResumeView resume(@PathVariable String name, Principal who) {
        List<RunRecord> queued = operations.resume(name, Callers.name(who));
        return new ResumeView(PipelineView.of(operations.status(name)), queued.stream().map(RunView::of).toList());
    }

    @GetMapping("/runs/{id}")
    RunDetailView run(@PathVariable String id) {
        return new RunDetailView(RunView.of(operations.run(id)), runs.shardRuns(id).stream().map(ShardTaskView::of).toList());
    }

    /** A queued run is cancelled at once (200, CANCELLED); a running one within a heartbeat (202, still RUNNING). */
    @PostMapping("/runs/{id}/cancel")
    ResponseEntity<RunView> cancel(@PathVariable String id, Principal who) {
        RunRecord run = operations.cancel(id, Callers.name(who));
        return ResponseEntity.status(run.state().isTerminal() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(RunView.of(run));
    }

    /** Definition files that could not be loaded, with the field and the problem. */
    @GetMapping("/definition-errors")
    List<DefinitionError> definitionErrors() {
        return definitions.current().errors();
    }

    record ResumeView(PipelineView pipeline, List<RunView> queued) {
    }

    record PipelineView(String name, String description, String schedule, String scheduleZone, String connection,
                        String sourceTable, String targetTable, String version, boolean paused, Instant nextRun,
                        String lastRunState, RunView lastRun, Long freshnessSeconds, Instant oldestWatermark,
                        List<String> dependsOn) {
        static PipelineView of(PipelineStatus s) {
            PipelineDefinition d = s.definition();
            return new PipelineView(d.name(), d.description(), d.schedule().expression(), d.schedule().zone().getId(),
                    d.source().connection(), d.source().table(), d.target().table(), d.version(), s.paused(), s.nextRun(),
                    s.lastRun() == null ? null : s.lastRun().state().name(), s.lastRun() == null ? null : RunView.of(s.lastRun()),
                    s.freshness() == null ? null : s.freshness().toSeconds(), s.oldestWatermark(), d.runs().dependsOn());
        }
    }
}
