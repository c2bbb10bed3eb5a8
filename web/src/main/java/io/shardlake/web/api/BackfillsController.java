package io.shardlake.web.api;

import io.shardlake.engine.backfill.BackfillInput;
import io.shardlake.engine.backfill.BackfillPlan;
import io.shardlake.engine.coordinator.BackfillOperations;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
class BackfillsController {

    private static final Set<String> FIELDS = Set.of("from", "to", "shards", "max_concurrency", "allowed_window",
            "allowed_window_zone", "dry_run");
    private static final int MAX_LIMIT = 500;

    private final BackfillOperations backfills;

    BackfillsController(BackfillOperations backfills) {
        this.backfills = backfills;
    }

    @PostMapping("/pipelines/{name}/backfills")
    ResponseEntity<?> create(@PathVariable String name, @RequestBody Map<String, Object> body) {
        BackfillInput input = input(body);
        BackfillPlan plan = backfills.plan(name, input);
        if (plan.request().dryRun()) {
            return ResponseEntity.ok(BackfillPlanView.of(name, plan));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(BackfillView.of(backfills.start(name, input)));
    }

    @GetMapping("/pipelines/{name}/backfills")
    List<BackfillView> list(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblems.badRequest("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return backfills.list(name, limit).stream().map(BackfillView::summary).toList();
    }

    @GetMapping("/backfills/{id}")
    BackfillView get(@PathVariable String id) {
        return BackfillView.of(backfills.progress(id));
    }

    /** Queued chunks end at once; a running chunk stops within a heartbeat and discards what it wrote. */
    @PostMapping("/backfills/{id}/cancel")
    BackfillView cancel(@PathVariable String id, Principal who) {
        return BackfillView.of(backfills.cancel(id, Callers.name(who)));
    }

    /** No further chunk starts; a running one finishes. */
    @PostMapping("/backfills/{id}/pause")
    BackfillView pause(@PathVariable String id, Principal who) {
        return BackfillView.of(backfills.pause(id, Callers.name(who)));
    }

    @PostMapping("/backfills/{id}/resume")
    BackfillView resume(@PathVariable String id, Principal who) {
        return BackfillView.of(backfills.resume(id, Callers.name(who)));
    }

    /** The body as text fields, as the validator reads them; unknown fields and wrong shapes are refused. */
    private static BackfillInput input(Map<String, Object> body) {
        if (body == null) {
            throw ApiProblems.badRequest("body", "is required: a JSON object such as {\"from\": \"2026-11-01\", \"to\": \"2026-11-08\"}");
        }
        Set<String> unknown = new TreeSet<>(body.keySet());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
            throw ApiProblems.badRequest(unknown.iterator().next(), "is not a backfill field; use " + String.join(", ", new TreeSet<>(FIELDS)));
        }
        return new BackfillInput(scalar(body, "from"), scalar(body, "to"), shards(body.get("shards")), scalar(body, "max_concurrency"),
                scalar(body, "allowed_window"), scalar(body, "allowed_window_zone"), scalar(body, "dry_run"));
    }

    private static String scalar(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw ApiProblems.badRequest(field, "must be a single value, not " + (v instanceof Map ? "an object" : "a list"));
        }
        return v.toString();
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
