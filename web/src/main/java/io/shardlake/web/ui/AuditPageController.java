package io.shardlake.web.ui;

import io.shardlake.engine.audit.AuditPage;
import io.shardlake.engine.audit.AuditQuery;
import io.shardlake.engine.audit.AuditRecord;
import io.shardlake.engine.audit.AuditTrail;
import io.shardlake.web.api.QueryParameters;
import java.util.List;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /audit}: the audit log as a table, newest first, filtered by user and pipeline, 50 entries a page. */
@Hidden // a page, not part of the API document
@Controller
class AuditPageController {

    record Row(long id, String when, String actor, String action, String subject, String detail) {
        static Row of(AuditRecord r) {
            return new Row(r.id(), PageFormats.when(r.at()), r.actor(), r.action(), r.subject(), r.detail());
        }
    }

    private final AuditTrail trail;

    AuditPageController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/audit")
    String audit(@RequestParam(required = false) String user, @RequestParam(required = false) String pipeline,
                 @RequestParam(required = false) String before, Model model) {
        List<Row> rows = List.of();
        Long next = null;
        // a bad before= is a 400 page (see PageProblems), as the API's 400
        Long beforeId = QueryParameters.optionalWholeNumber("before", before, 1, Long.MAX_VALUE);
        try {
            AuditPage page = trail.read(new AuditQuery(user, null, pipeline, beforeId, AuditQuery.DEFAULT_LIMIT));
            rows = page.entries().stream().map(Row::of).toList();
            next = page.nextBeforeId();
        } catch (IllegalArgumentException e) {
            model.addAttribute("problem", e.getMessage());
        }
        model.addAttribute("rows", rows);
        model.addAttribute("next", next);
        model.addAttribute("user", user == null ? "" : user);
        model.addAttribute("pipeline", pipeline == null ? "" : pipeline);
        return "audit";
    }
}
