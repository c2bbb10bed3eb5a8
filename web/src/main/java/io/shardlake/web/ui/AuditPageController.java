package io.shardlake.web.ui;

import io.shardlake.engine.audit.AuditPage;
import io.shardlake.engine.audit.AuditQuery;
import io.shardlake.engine.audit.AuditRecord;
import io.shardlake.engine.audit.AuditTrail;
import io.shardlake.web.api.QueryParameters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.UriUtils;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /audit}: the audit log as a table, newest first, filtered by user and pipeline, 50 entries a page. */
@Hidden // a page, not part of the API document
@Controller
class AuditPageController {

    /**
     * An entry as the page shows it: the subject links to its pipeline (or, for a login, to every
     * entry about the same user or address), and run and backfill ids in the detail to their pages.
     */
    record Row(long id, String when, String actor, String action, String subject, String subjectHref, List<Part> detail) {
        static Row of(AuditRecord r, ViewerTimes times) {
            String subject = r.subject();
            String href = subject == null ? null : r.action().startsWith("login.")
                    ? "/audit?pipeline=" + UriUtils.encodeQueryParam(subject, StandardCharsets.UTF_8)
                    : "/pipelines/" + UriUtils.encodePathSegment(subject, StandardCharsets.UTF_8);
            String versions = subject == null || !r.action().startsWith("pipeline.") ? null
                    : "/pipelines/" + UriUtils.encodePathSegment(subject, StandardCharsets.UTF_8) + "/versions";
            return new Row(r.id(), times.when(r.at()), r.actor(), r.action(), subject, href, Part.split(r.detail(), versions));
        }
    }

    /** A piece of a detail text: plain, or an id with the page it links to. */
    record Part(String text, String href) {

        private static final Pattern IDS = Pattern.compile(
                "\\b(run|backfill|version) ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\d{1,9})\\b");

        /** @param versions the pipeline's versions page, where a version number links to what it changed; null: no version links */
        static List<Part> split(String detail, String versions) {
            List<Part> parts = new java.util.ArrayList<>();
            if (detail == null) {
                return parts;
            }
            Matcher m = IDS.matcher(detail);
            int at = 0;
            while (m.find()) {
                String href = switch (m.group(1)) {
                    case "version" -> versions == null || !m.group(2).chars().allMatch(Character::isDigit) ? null
                            : versions + "?from=" + Math.max(1, Integer.parseInt(m.group(2)) - 1) + "&to=" + m.group(2);
                    default -> m.group(2).contains("-") ? ("run".equals(m.group(1)) ? "/runs/" : "/backfills/") + m.group(2) : null;
                };
                if (href == null) {
                    continue;
                }
                parts.add(new Part(detail.substring(at, m.start(2)), null));
                parts.add(new Part(m.group(2), href));
                at = m.end();
            }
            parts.add(new Part(detail.substring(at), null));
            return parts;
        }
    }

    private final AuditTrail trail;
    private final ViewerTimes times;

    AuditPageController(AuditTrail trail, ViewerTimes times) {
        this.trail = trail;
        this.times = times;
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
            rows = page.entries().stream().map(r -> Row.of(r, times)).toList();
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
