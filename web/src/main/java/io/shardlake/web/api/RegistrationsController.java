package io.shardlake.web.api;

import io.shardlake.engine.registration.InvalidRegistrationException;
import io.shardlake.engine.registration.PipelineDraft;
import io.shardlake.engine.registration.PipelineVersion;
import io.shardlake.engine.registration.PipelinePreview;
import io.shardlake.engine.registration.PreviewResult;
import io.shardlake.engine.registration.RegisteredPipelineStore;
import io.shardlake.engine.registration.RegistrationService;
import io.shardlake.engine.registration.ScheduleCheck;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registering pipelines over REST, with the same validation as a definition file: preview, check
 * a schedule, register, save a new version. A refused draft answers 400 with every problem at its
 * draft field ({@code errors[].field} such as {@code columns[2].type}) and saves nothing.
 */
@Tag(name = "registrations", description = "Register pipelines and save new versions, preview them, check schedules")
@RestController
@RequestMapping(path = "/api/registrations", produces = "application/json")
class RegistrationsController {

    /**
     * @param draft            the pipeline, field by field
     * @param comment          what changed, kept with the version
     * @param allowAnyInterval allow a schedule outside every 15 minutes to every 24 hours; honoured for ADMINs only
     * @param baseVersion      for a new version: the version the edit started from (a newer one is a 409)
     */
    record SaveRequest(PipelineDraft draft, String comment, Boolean allowAnyInterval, Integer baseVersion) {
    }

    record ScheduleRequest(String schedule, String zone, Boolean allowAnyInterval) {
    }

    record ScheduleView(String schedule, String zone, List<String> nextFires) {
    }

    /** A saved version; {@code created} false when the text was unchanged and nothing was saved. */
    record VersionView(String pipeline, int version, String author, Instant createdAt, String comment, String yaml, boolean created) {
        static VersionView of(PipelineVersion v, boolean created) {
            return new VersionView(v.pipeline(), v.version(), v.author(), v.createdAt(), v.comment(), v.yaml(), created);
        }
    }

    private final RegistrationService registrations;

    RegistrationsController(RegistrationService registrations) {
        this.registrations = registrations;
    }

    @Operation(summary = "Preview a draft: extract and transform a small sample of one shard, in memory, saving nothing")
    @ApiResponse(responseCode = "200", description = "the output rows, quarantined rows and Parquet schema", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @PostMapping("/preview")
    PreviewResult preview(@RequestBody SaveRequest request,
                          @Parameter(description = "source rows to sample, 1 to " + PipelinePreview.MAX_ROWS,
                                  schema = @Schema(type = "integer", minimum = "1", maximum = "" + PipelinePreview.MAX_ROWS,
                                          defaultValue = "" + PipelinePreview.DEFAULT_ROWS))
                          @RequestParam(required = false) String rows) {
        return registrations.preview(draft(request),
                QueryParameters.wholeNumber("rows", rows, 1, PipelinePreview.MAX_ROWS, PipelinePreview.DEFAULT_ROWS));
    }

    @Operation(summary = "Check a schedule: the next 5 fire times in its zone, or what is wrong with it")
    @ApiResponse(responseCode = "200", description = "the next fire times", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @PostMapping("/schedule-check")
    ScheduleView scheduleCheck(@RequestBody ScheduleRequest request, HttpServletRequest http) {
        ScheduleCheck.Result result = registrations.checkSchedule(request.schedule(), request.zone(),
                allowAny(request.allowAnyInterval(), http));
        List<String> fires = result.nextFires().stream().map(f -> f.toOffsetDateTime().toString()).toList();
        if (!result.valid()) {
            ProblemDetail p = RegistrationProblems.invalid(result.errors());
            p.setProperty("nextFires", fires);
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, p, null);
        }
        return new ScheduleView(request.schedule(), request.zone() == null || request.zone().isBlank() ? "UTC" : request.zone(), fires);
    }

    @Operation(summary = "Register a new pipeline (its version 1)")
    @ApiResponse(responseCode = "201", description = "the saved version", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @PostMapping
    ResponseEntity<VersionView> register(@RequestBody SaveRequest request, Principal who, HttpServletRequest http) {
        PipelineVersion saved = registrations.register(draft(request), Callers.name(who), allowAny(request.allowAnyInterval(), http),
                request.comment());
        return ResponseEntity.created(URI.create("/api/pipelines/" + saved.pipeline() + "/versions/" + saved.version()))
                .body(VersionView.of(saved, true));
    }

    @Operation(summary = "Save a new version of a registered pipeline; an unchanged text saves nothing (created: false)")
    @ApiResponse(responseCode = "200", description = "the saved (or unchanged latest) version", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @PutMapping("/{name}")
    VersionView edit(@PathVariable String name, @RequestBody SaveRequest request, Principal who, HttpServletRequest http) {
        RegisteredPipelineStore.Saved saved = registrations.edit(name, draft(request), baseVersion(request), Callers.name(who),
                allowAny(request.allowAnyInterval(), http), request.comment());
        return VersionView.of(saved.version(), saved.created());
    }

    /**
     * The version an edit started from: required, so that an edit never silently overwrites a
     * version saved since the client read it (the save is a 409 when a newer one exists).
     */
    private static int baseVersion(SaveRequest request) {
        Integer version = request == null ? null : request.baseVersion();
        if (version == null) {
            throw new InvalidRegistrationException(List.of(new io.shardlake.engine.registration.FormError("baseVersion",
                    "is required: the version your edit started from, e.g. \"baseVersion\": 3 (GET /api/pipelines/{name}/versions)")));
        }
        if (version < 1) {
            throw new InvalidRegistrationException(List.of(new io.shardlake.engine.registration.FormError("baseVersion",
                    "must be 1 or more: versions are numbered from 1, was " + version)));
        }
        return version;
    }

    private static PipelineDraft draft(SaveRequest request) {
        if (request == null || request.draft() == null) {
            throw new InvalidRegistrationException(List.of(new io.shardlake.engine.registration.FormError("draft",
                    "is required: the pipeline's fields, e.g. {\"draft\": {\"name\": \"orders\", \"connection\": \"shop\", ...}}")));
        }
        return request.draft();
    }

    /** The override is an ADMIN's only; anyone else gets the bounds checked as if they had not asked. */
    static boolean allowAny(Boolean asked, HttpServletRequest http) {
        return Boolean.TRUE.equals(asked) && http.isUserInRole("ADMIN");
    }
}
