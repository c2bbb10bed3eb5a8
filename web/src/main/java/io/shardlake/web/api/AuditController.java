package io.shardlake.web.api;

import io.shardlake.engine.audit.AuditPage;
import io.shardlake.engine.audit.AuditQuery;
import io.shardlake.engine.audit.AuditRecord;
import io.shardlake.engine.audit.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, newest first, a page at a time (the same entries the {@code /audit} page shows). */
@Tag(name = "audit", description = "Who did what, when: registrations, triggers, pauses, resumes, cancels, backfills, logins")
@RestController
@RequestMapping(path = "/api", produces = "application/json")
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    private static final List<String> PARAMETERS = List.of("action", "actor", "before", "limit", "subject");

    @Operation(summary = "Audit log entries, newest first",
            description = "Filters are exact and combine. For the next (older) page pass `nextBefore` as `before`.")
    @ApiResponse(responseCode = "200", description = "a page of entries", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @GetMapping("/audit")
    AuditPageView audit(@Parameter(description = "the user who acted") @RequestParam(required = false) String actor,
                        @Parameter(description = "e.g. pipeline.trigger, backfill.start, login.failure") @RequestParam(required = false) String action,
                        @Parameter(description = "what it was done to: a pipeline name (runs' and backfills' actions too), the user of a login, "
                                + "the client address of a refused login (whose name tried is never recorded)")
                        @RequestParam(required = false) String subject,
                        @Parameter(description = "entries older than this id", schema = @Schema(type = "integer", format = "int64",
                                minimum = "1")) @RequestParam(required = false) String before,
                        @Parameter(description = "how many, 1 to " + AuditQuery.MAX_LIMIT, schema = @Schema(type = "integer",
                                minimum = "1", maximum = "" + AuditQuery.MAX_LIMIT, defaultValue = "" + AuditQuery.DEFAULT_LIMIT))
                        @RequestParam(required = false) String limit,
                        @Parameter(hidden = true) @RequestParam Map<String, String> all) {
        // A misspelt filter (user=, pipeline=) would silently return everything.
        all.keySet().stream().filter(p -> !PARAMETERS.contains(p)).sorted().findFirst().ifPresent(p -> {
            throw ApiProblems.badRequest(p, "is not an audit filter; use " + String.join(", ", PARAMETERS));
        });
        AuditPage page = trail.read(new AuditQuery(actor, action, subject, QueryParameters.optionalWholeNumber("before", before, 1, Long.MAX_VALUE),
                QueryParameters.wholeNumber("limit", limit, 1, AuditQuery.MAX_LIMIT, AuditQuery.DEFAULT_LIMIT)));
        return new AuditPageView(page.entries().stream().map(AuditEventView::of).toList(), page.nextBeforeId());
    }

    @Schema(name = "AuditPage", description = "Entries newest first; nextBefore is null on the last page")
    record AuditPageView(List<AuditEventView> entries, Long nextBefore) {
    }

    @Schema(name = "AuditEvent", description = "One recorded action (never a password or token)")
    record AuditEventView(long id, Instant at, String actor, String action, String subject, String detail) {
        static AuditEventView of(AuditRecord r) {
            return new AuditEventView(r.id(), r.at(), r.actor(), r.action(), r.subject(), r.detail());
        }
    }
}
