package io.shardlake.web.api;

import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.coordinator.PipelineStatus;
import io.shardlake.engine.definition.DefinitionError;
import io.shardlake.engine.definition.DefinitionRegistry;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.history.RunFilter;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunRepository;
import io.shardlake.engine.run.RunState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "pipelines", description = "Pipelines, their runs, and the on-call actions: trigger, pause, resume, cancel")
@RestController
@RequestMapping(path = "/api", produces = "application/json")
class PipelinesController {

    private static final int MAX_LIMIT = 500;
    private static final String RUNS = "runs";
    private static final String LAST_RUN_KINDS = "which runs count as the last run, as the pages' filter: routine (scheduled and manual, "
            + "the default), backfill, event, reconcile, compaction, rebuild or all";

    private final PipelineOperations operations;
    private final DefinitionRegistry definitions;
    private final RunRepository runs;

    PipelinesController(PipelineOperations operations, DefinitionRegistry definitions, RunRepository runs) {
        this.operations = operations;
        this.definitions = definitions;
        this.runs = runs;
    }

    @Operation(summary = "Every pipeline with its schedule, next run, last run and freshness",
            description = "The last run is the newest scheduled or manual run (with catch-up and first runs), as on the pages; "
                    + "`runs` picks another kind.")
    @ApiResponse(responseCode = "200", description = "the pipelines", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @GetMapping("/pipelines")
    List<PipelineView> pipelines(@Parameter(description = LAST_RUN_KINDS) @RequestParam(required = false) String runs) {
        return operations.statuses(QueryParameters.runFilter(RUNS, runs).kinds()).stream().map(PipelineView::of).toList();
    }

    @Operation(summary = "One pipeline", description = "Its last run is chosen as in the list.")
    @ApiResponse(responseCode = "200", description = "the pipeline", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GetMapping("/pipelines/{name}")
    PipelineView pipeline(@PathVariable String name, @Parameter(description = LAST_RUN_KINDS) @RequestParam(required = false) String runs) {
        return PipelineView.of(operations.status(name, QueryParameters.runFilter(RUNS, runs).kinds()));
    }

    @Operation(summary = "Recent runs of a pipeline, newest first")
    @ApiResponse(responseCode = "200", description = "the runs", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GetMapping("/pipelines/{name}/runs")
    List<RunView> pipelineRuns(@PathVariable String name,
                               @Parameter(description = "how many runs, 1 to " + MAX_LIMIT, schema = @Schema(type = "integer",
                                       minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "20"))
                               @RequestParam(required = false) String limit) {
        operations.definition(name);
        return runs.recentRuns(name, QueryParameters.wholeNumber("limit", limit, 1, MAX_LIMIT, 20)).stream().map(RunView::of).toList();
    }

    /** Queues a run now; 202 with the new run (state QUEUED). */
    @Operation(summary = "Trigger a run now",
            description = "Queues a run for the interval from the schedule's previous fire until now; it starts as soon as the "
                    + "pipeline's limits allow (one incremental run at a time). Refused while the pipeline is paused.")
    @ApiResponse(responseCode = "202", description = "the queued run: its id and state QUEUED", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @PostMapping("/pipelines/{name}/runs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RunView trigger(@PathVariable String name, Principal who) {
        return RunView.of(operations.trigger(name, Callers.name(who)));
    }

    @Operation(summary = "Pause a pipeline",
            description = "No new runs are queued by its schedule and no queued run of it starts; running runs finish.")
    @ApiResponse(responseCode = "200", description = "the pipeline, paused", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @PostMapping("/pipelines/{name}/pause")
    PipelineView pause(@PathVariable String name, Principal who) {
        operations.pause(name, Callers.name(who));
        return PipelineView.of(operations.status(name, RunFilter.ROUTINE.kinds()));
    }

    /** Resumes; the answer lists the catch-up runs queued for the paused time. */
    @Operation(summary = "Resume a paused pipeline",
            description = "Queues the catch-up its `runs.catchup` policy asks for the time it was paused.")
    @ApiResponse(responseCode = "200", description = "the pipeline and the catch-up runs queued", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @PostMapping("/pipelines/{name}/resume")
    ResumeView resume(@PathVariable String name, Principal who) {
        List<RunRecord> queued = operations.resume(name, Callers.name(who));
        return new ResumeView(PipelineView.of(operations.status(name, RunFilter.ROUTINE.kinds())), queued.stream().map(RunView::of).toList());
    }

    @Operation(summary = "A run with every attempt of each of its shard tasks")
    @ApiResponse(responseCode = "200", description = "the run", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GetMapping("/runs/{id}")
    RunDetailView run(@PathVariable String id) {
        return new RunDetailView(RunView.of(operations.run(id)), runs.shardRuns(id).stream().map(ShardTaskView::of).toList());
    }

    /** A queued run is cancelled at once (200, CANCELLED); a running one within a heartbeat (202, still RUNNING). */
    @Operation(summary = "Cancel a run",
            description = "A queued run ends CANCELLED at once. A running one stops at its next check, within a heartbeat; shards "
                    + "that had not committed change nothing.")
    @ApiResponse(responseCode = "200", description = "the run, CANCELLED", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "202", description = "the run, still RUNNING, with its cancel requested", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @PostMapping("/runs/{id}/cancel")
    ResponseEntity<RunView> cancel(@PathVariable String id, Principal who) {
        RunRecord run = operations.cancel(id, Callers.name(who));
        return ResponseEntity.status(run.state().isTerminal() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(RunView.of(run));
    }

    /** Definition files that could not be loaded, with the field and the problem. */
    @Operation(summary = "Definition files that could not be loaded, with the field and the problem",
            description = "A pipeline whose file fails keeps running on its last good version.")
    @GetMapping("/definition-errors")
    List<DefinitionError> definitionErrors() {
        return definitions.current().errors();
    }

    @Schema(name = "Resumed", description = "A resumed pipeline and the catch-up runs queued for the paused time")
    record ResumeView(PipelineView pipeline, List<RunView> queued) {
    }

    @Schema(name = "Pipeline", description = "A pipeline with its schedule and where it stands")
    record PipelineView(String name, String description,
                        @Schema(description = "cron expression", example = "*/15 * * * *") String schedule,
                        @Schema(description = "the zone the cron is read in", example = "UTC") String scheduleZone,
                        String connection, String sourceTable, String targetTable,
                        @Schema(description = "the definition version new runs execute") String version,
                        boolean paused,
                        @Schema(description = "the schedule's next fire after now; null while paused") Instant nextRun,
                        @Schema(description = "state of the last run; null before the first") RunState lastRunState,
                        @Schema(description = "the newest run of the kinds asked for (scheduled and manual by default)") RunView lastRun,
                        @Schema(description = "seconds since the oldest shard watermark: how old the newest data present for "
                                + "every shard may be; null before the first commit") Long freshnessSeconds,
                        @Schema(description = "the oldest committed watermark over the shards") Instant oldestWatermark,
                        @Schema(description = "upstream pipelines whose runs must cover a run's interval first") List<String> dependsOn) {
        static PipelineView of(PipelineStatus s) {
            PipelineDefinition d = s.definition();
            return new PipelineView(d.name(), d.description(), d.schedule().expression(), d.schedule().zone().getId(),
                    d.source().connection(), d.source().table(), d.target().table(), d.version(), s.paused(), s.nextRun(),
                    s.lastRun() == null ? null : s.lastRun().state(), s.lastRun() == null ? null : RunView.of(s.lastRun()),
                    s.freshness() == null ? null : s.freshness().toSeconds(), s.oldestWatermark(), d.runs().dependsOn());
        }
    }
}
