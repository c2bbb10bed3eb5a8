package io.shardlake.web.api;

import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.run.ReconciliationStore;
import io.shardlake.engine.run.ShardReconciliation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Reconciliations of a pipeline's keys (hard deletes): start one now, and what the latest found per shard. */
@Tag(name = "reconciliations", description = "Reconciliations of keys: hard deletes reach the lake without events")
@RestController
@RequestMapping(path = "/api", produces = "application/json")
class ReconciliationsController {

    private static final int MAX_LIMIT = 500;

    private final PipelineOperations operations;
    private final ReconciliationStore findings;

    ReconciliationsController(PipelineOperations operations, ReconciliationStore findings) {
        this.operations = operations;
        this.findings = findings;
    }

    @Operation(summary = "Reconcile a pipeline's keys now",
            description = "Queues a RECONCILE run: each shard's primary keys are compared with the lake's live keys by key ranges; keys "
                    + "gone from the source get tombstones and keys missing from the lake are reloaded, both by EVENT runs. It starts "
                    + "inside the definition's reconcile window, in the backfill lane. Refused for a pipeline without source.reconcile "
                    + "or while it is paused.")
    @ApiResponse(responseCode = "202", description = "the queued run", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @PostMapping("/pipelines/{name}/reconciliations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RunView reconcile(@PathVariable String name, Principal who) {
        return RunView.of(operations.reconcile(name, Callers.name(who)));
    }

    @Operation(summary = "What the latest reconciliations found, per shard, newest first")
    @ApiResponse(responseCode = "200", description = "the findings", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @GetMapping("/pipelines/{name}/reconciliations")
    List<FindingView> findings(@PathVariable String name,
                               @Parameter(description = "how many shard findings, 1 to " + MAX_LIMIT, schema = @Schema(type = "integer",
                                       minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "50"))
                               @RequestParam(required = false) String limit) {
        operations.definition(name);
        return findings.recent(name, QueryParameters.wholeNumber("limit", limit, 1, MAX_LIMIT, 50)).stream().map(FindingView::of).toList();
    }

    /** One shard's findings; {@code rowsExamined} is -1 where the source cannot tell. */
    record FindingView(String runId, String shard, long sourceKeys, long lakeKeys, int ranges, int rangesDiffering, long rowsExamined,
                       long deletedKeys, long missingKeys, String sample, Instant finishedAt) {
        static FindingView of(ShardReconciliation f) {
            return new FindingView(f.runId(), f.shard(), f.sourceKeys(), f.lakeKeys(), f.ranges(), f.rangesDiffering(), f.rowsExamined(),
                    f.deletedKeys(), f.missingKeys(), f.sample(), f.finishedAt());
        }
    }
}
