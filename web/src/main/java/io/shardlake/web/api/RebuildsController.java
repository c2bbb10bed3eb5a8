package io.shardlake.web.api;

import io.shardlake.engine.coordinator.LiveDefinitions;
import io.shardlake.engine.coordinator.RebuildOperations;
import io.shardlake.engine.rebuild.PendingChange;
import io.shardlake.engine.rebuild.RebuildInput;
import io.shardlake.engine.rebuild.RebuildPlan;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Rebuilds over REST: {@code POST /api/pipelines/{name}/rebuilds} plans one (with
 * {@code "dry_run": true}: 200 with the row estimates and the time it takes, nothing written) or
 * starts it (202); {@code GET} lists and follows them; pause, resume and cancel act on one;
 * {@code GET .../table-versions} shows the table's versions and a change waiting for a rebuild;
 * {@code POST .../rollback} switches back to the previous version.
 */
@RestController
@RequestMapping(path = "/api", produces = "application/json")
@Tag(name = "rebuilds", description = "Reloading a whole table into a new table version, then switching readers to it")
class RebuildsController {

    private static final Set<String> FIELDS = Set.of("definition_version", "max_concurrency", "allowed_window", "allowed_window_zone",
            "dry_run");
    private static final int MAX_LIMIT = 500;

    private final RebuildOperations rebuilds;
    private final LiveDefinitions live;
    private final java.time.Clock clock;

    RebuildsController(RebuildOperations rebuilds, LiveDefinitions live, java.time.Clock clock) {
        this.rebuilds = rebuilds;
        this.live = live;
        this.clock = clock;
    }

    @PostMapping("/pipelines/{name}/rebuilds")
    @Operation(summary = "Plan (dry run) or start a rebuild into a new table version",
            description = "Body (every field optional): definition_version (default the current one), max_concurrency (shards loading"
                    + " at once, default 2), allowed_window (HH:mm-HH:mm, when shards may start) and allowed_window_zone (default UTC),"
                    + " dry_run (true: only estimate rows and time).")
    @ApiResponse(responseCode = "200", description = "dry run: what the rebuild would do, with the replicas' row estimates",
            content = @Content(schema = @Schema(implementation = RebuildView.PlanView.class)))
    @ApiResponse(responseCode = "202", description = "the rebuild, its shard runs queued",
            content = @Content(schema = @Schema(implementation = RebuildView.class)))
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    ResponseEntity<?> create(@PathVariable String name, @RequestBody(required = false) Map<String, Object> body, Principal who) {
        RebuildInput input = input(body == null ? Map.of() : body);
        if (input.dryRun()) {
            RebuildPlan plan = rebuilds.plan(name, input);
            return ResponseEntity.ok(RebuildView.PlanView.of(plan));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(RebuildView.of(rebuilds.start(name, input, Callers.name(who)), clock.instant()));
    }

    @GetMapping("/pipelines/{name}/rebuilds")
    @Operation(summary = "A pipeline's rebuilds, newest first")
    @ApiResponse(responseCode = "200", description = "the rebuilds", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    List<RebuildView> list(@PathVariable String name,
                           @Parameter(description = "how many rebuilds, 1 to " + MAX_LIMIT, schema = @Schema(type = "integer",
                                   minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "20"))
                           @RequestParam(required = false) String limit) {
        return rebuilds.list(name, QueryParameters.wholeNumber("limit", limit, 1, MAX_LIMIT, 20)).stream().map(RebuildView::summary).toList();
    }

    @GetMapping("/rebuilds/{id}")
    @Operation(summary = "A rebuild's progress: shards loaded, rows, rate, ETA, and each run")
    @ApiResponse(responseCode = "200", description = "the rebuild", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    RebuildView get(@PathVariable String id) {
        return RebuildView.of(rebuilds.progress(id), clock.instant());
    }

    @PostMapping("/rebuilds/{id}/pause")
    @Operation(summary = "Pause a rebuild: no further shard starts; a loading one finishes")
    @ApiResponse(responseCode = "200", description = "the rebuild", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    RebuildView pause(@PathVariable String id, Principal who) {
        return RebuildView.of(rebuilds.pause(id, Callers.name(who)), clock.instant());
    }

    @PostMapping("/rebuilds/{id}/resume")
    @Operation(summary = "Resume a paused rebuild")
    @ApiResponse(responseCode = "200", description = "the rebuild", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    RebuildView resume(@PathVariable String id, Principal who) {
        return RebuildView.of(rebuilds.resume(id, Callers.name(who)), clock.instant());
    }

    @PostMapping("/rebuilds/{id}/cancel")
    @Operation(summary = "Cancel a rebuild that has not gone live (loading, paused or switching): the live version never changed")
    @ApiResponse(responseCode = "200", description = "the rebuild", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    RebuildView cancel(@PathVariable String id, Principal who) {
        return RebuildView.of(rebuilds.cancel(id, Callers.name(who)), clock.instant());
    }

    /** The table's versions, and the definition version waiting for a rebuild, if any. */
    record VersionsView(List<RebuildView.VersionView> versions, String pending) {
    }

    @GetMapping("/pipelines/{name}/table-versions")
    @Operation(summary = "The table's versions (live, building, retired) and a definition change waiting for a rebuild")
    @ApiResponse(responseCode = "200", description = "the versions", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    VersionsView versions(@PathVariable String name) {
        return new VersionsView(rebuilds.versions(name).stream().map(RebuildView.VersionView::of).toList(),
                live.pending(name).map(PendingChange::describe).orElse(null));
    }

    @PostMapping("/pipelines/{name}/rollback")
    @Operation(summary = "Switch readers and runs back to the previous table version",
            description = "The pipeline must be paused with no run in progress; resume it afterwards and its next run catches the old"
                    + " version up from its own watermarks.")
    @ApiResponse(responseCode = "200", description = "the versions after the switch", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    VersionsView rollback(@PathVariable String name, Principal who) {
        rebuilds.rollback(name, Callers.name(who));
        return versions(name);
    }

    private static RebuildInput input(Map<String, Object> body) {
        RequestBodies.checked(body, FIELDS, "{\"dry_run\": true}", "a rebuild field");
        String concurrency = RequestBodies.scalar(body, "max_concurrency");
        Integer maxConcurrency = null;
        if (concurrency != null) {
            try {
                maxConcurrency = Integer.valueOf(concurrency.trim());
            } catch (NumberFormatException e) {
                throw ApiProblems.badRequest("max_concurrency", "must be a whole number, was '" + concurrency + "'");
            }
        }
        String dryRun = RequestBodies.scalar(body, "dry_run");
        if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
            throw ApiProblems.badRequest("dry_run", "must be true or false, was '" + dryRun + "'");
        }
        return new RebuildInput(RequestBodies.scalar(body, "definition_version"), maxConcurrency, RequestBodies.scalar(body,
                "allowed_window"), RequestBodies.scalar(body, "allowed_window_zone"), "true".equals(dryRun));
    }
}
