package io.shardlake.web.api;

import io.shardlake.engine.backfill.BackfillInput;
import io.shardlake.engine.backfill.BackfillPlan;
import io.shardlake.engine.coordinator.BackfillOperations;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backfills over REST: {@code POST /api/pipelines/{name}/backfills} plans one (with
 * {@code "dry_run": true}: 200 with the chunks and row estimates, nothing written) or starts it
 * (202); {@code GET} lists and follows them; cancel, pause and resume act on one. Invalid
 * requests answer 400 naming every bad field; conflicting actions 409 (see {@link ApiProblems}).
 */
@RestController
@RequestMapping(path = "/api", produces = "application/json")
@Tag(name = "backfills", description = "Reloading whole partitions of a date range, chunk by chunk, in their own lane")
class BackfillsController {

    private static final Set<String> FIELDS = Set.of("from", "to", "shards", "max_concurrency", "allowed_window",
            "allowed_window_zone", "dry_run");
    private static final int MAX_LIMIT = 500;

    private final BackfillOperations backfills;

    BackfillsController(BackfillOperations backfills) {
        this.backfills = backfills;
    }

    @PostMapping("/pipelines/{name}/backfills")
    @Operation(summary = "Plan (dry run) or start a backfill",
            description = "Body: from, to (dates such as 2026-11-01, whole UTC days, or instants; to exclusive, on partition"
                    + " boundaries, before the partitions scheduled runs still write), shards (optional subset), max_concurrency"
                    + " (shards at once, 1-8, default 2), allowed_window (HH:mm-HH:mm, when chunks may start) and"
                    + " allowed_window_zone (default UTC), dry_run (true: only list the chunks with row estimates).")
    @ApiResponse(responseCode = "200", description = "dry run: the chunks and the replicas' row estimates per shard",
            content = @Content(schema = @Schema(implementation = BackfillPlanView.class)))
    @ApiResponse(responseCode = "202", description = "the backfill, its chunks queued",
            content = @Content(schema = @Schema(implementation = BackfillView.class)))
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    ResponseEntity<?> create(@PathVariable String name, @RequestBody(required = false) Map<String, Object> body, Principal who) {
        BackfillPlan plan = backfills.plan(name, input(body));
        if (plan.request().dryRun()) {
            return ResponseEntity.ok(BackfillPlanView.of(name, plan));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(BackfillView.of(backfills.start(name, plan, Callers.name(who))));
    }

    @GetMapping("/pipelines/{name}/backfills")
    @Operation(summary = "A pipeline's backfills, newest first")
    @ApiResponse(responseCode = "200", description = "the backfills", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    List<BackfillView> list(@PathVariable String name,
                            @Parameter(description = "how many backfills, 1 to " + MAX_LIMIT, schema = @Schema(type = "integer",
                                    minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "20"))
                            @RequestParam(required = false) String limit) {
        return backfills.list(name, QueryParameters.wholeNumber("limit", limit, 1, MAX_LIMIT, 20)).stream().map(BackfillView::summary).toList();
    }

    @GetMapping("/backfills/{id}")
    @Operation(summary = "A backfill's progress: chunks by state, rows, and each chunk run")
    @ApiResponse(responseCode = "200", description = "the backfill", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    BackfillView get(@PathVariable String id) {
        return BackfillView.of(backfills.progress(id));
    }

    /** Queued chunks end at once; a running chunk stops within a heartbeat and discards what it wrote. */
    @PostMapping("/backfills/{id}/cancel")
    @Operation(summary = "Cancel a backfill: queued chunks end, a running one stops and discards what it wrote")
    @ApiResponse(responseCode = "200", description = "the backfill", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    BackfillView cancel(@PathVariable String id, Principal who) {
        return BackfillView.of(backfills.cancel(id, Callers.name(who)));
    }

    /** No further chunk starts; a running one finishes. */
    @PostMapping("/backfills/{id}/pause")
    @Operation(summary = "Pause a backfill: no further chunk starts")
    @ApiResponse(responseCode = "200", description = "the backfill", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    BackfillView pause(@PathVariable String id, Principal who) {
        return BackfillView.of(backfills.pause(id, Callers.name(who)));
    }

    @PostMapping("/backfills/{id}/resume")
    @Operation(summary = "Resume a paused backfill")
    @ApiResponse(responseCode = "200", description = "the backfill", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    BackfillView resume(@PathVariable String id, Principal who) {
        return BackfillView.of(backfills.resume(id, Callers.name(who)));
    }

    /** The body as text fields, as the validator reads them; unknown fields and wrong shapes are refused. */
    private static BackfillInput input(Map<String, Object> body) {
        RequestBodies.checked(body, FIELDS, "{\"from\": \"2026-11-01\", \"to\": \"2026-11-08\"}", "a backfill field");
        return new BackfillInput(scalar(body, "from"), scalar(body, "to"), shards(present(body, "shards")), scalar(body, "max_concurrency"),
                scalar(body, "allowed_window"), scalar(body, "allowed_window_zone"), scalar(body, "dry_run"));
    }

    private static String scalar(Map<String, Object> body, String field) {
        return RequestBodies.scalar(body, field);
    }

    private static Object present(Map<String, Object> body, String field) {
        return RequestBodies.present(body, field);
    }

    private static List<String> shards(Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw ApiProblems.badRequest("shards", "must be a list of shard ids, e.g. [\"shard01\", \"shard02\"]");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            out.add(o == null ? null : o.toString());
        }
        return out;
    }
}
