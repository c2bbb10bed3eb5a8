package io.shardlake.web.ui;

import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.history.RunFilter;
import io.shardlake.engine.history.RunHistory;
import io.shardlake.engine.run.ReconciliationStore;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.ShardReconciliation;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /pipelines/{name}/reconciliations}: the pipeline's latest reconciliation runs, each with
 * what it found per shard (keys on each side, ranges differing, rows examined, deleted and missing
 * keys), as {@code GET /api/pipelines/{name}/reconciliations} gives them; reloads itself while one
 * is queued or running. OPERATOR starts one from here.
 */
@Hidden // a page, not API
@Controller
class ReconciliationsPage {

    static final int RUNS = 10;
    static final int FINDINGS = 200;

    /** One reconciliation run and its findings per shard. */
    record Reconciliation(String runId, String state, String queued, String finished, String error, List<Finding> findings,
                          long deleted, long missing) {
    }

    record Finding(String shard, long sourceKeys, long lakeKeys, int ranges, int rangesDiffering, String rowsExamined, long deletedKeys,
                   long missingKeys, String sample) {
        static Finding of(ShardReconciliation f) {
            return new Finding(f.shard(), f.sourceKeys(), f.lakeKeys(), f.ranges(), f.rangesDiffering(),
                    f.rowsExamined() < 0 ? "–" : Long.toString(f.rowsExamined()), f.deletedKeys(), f.missingKeys(), f.sample());
        }
    }

    private final PipelineOperations operations;
    private final RunHistory history;
    private final ReconciliationStore findings;
    private final ViewerTimes times;

    ReconciliationsPage(PipelineOperations operations, RunHistory history, ReconciliationStore findings, ViewerTimes times) {
        this.operations = operations;
        this.history = history;
        this.findings = findings;
        this.times = times;
    }

    @GetMapping("/pipelines/{name}/reconciliations")
    String reconciliations(@PathVariable String name, Model model) {
        var d = operations.definition(name); // the 404 page for an unknown pipeline
        List<RunRecord> runs = history.recentRuns(List.of(name), RUNS, RunFilter.RECONCILE).getOrDefault(name, List.of());
        Map<String, List<ShardReconciliation>> byRun = new LinkedHashMap<>();
        findings.recent(name, FINDINGS).forEach(f -> byRun.computeIfAbsent(f.runId(), r -> new java.util.ArrayList<>()).add(f));
        List<Reconciliation> shown = runs.stream().map(r -> {
            List<ShardReconciliation> found = byRun.getOrDefault(r.id(), List.of()).stream()
                    .sorted(java.util.Comparator.comparing(ShardReconciliation::shard)).toList();
            return new Reconciliation(r.id(), r.state().name(), times.when(r.queuedAt()), times.when(r.finishedAt()), r.error(),
                    found.stream().map(Finding::of).toList(), found.stream().mapToLong(ShardReconciliation::deletedKeys).sum(),
                    found.stream().mapToLong(ShardReconciliation::missingKeys).sum());
        }).toList();
        model.addAttribute("name", name);
        model.addAttribute("reconciles", d.source().reconcile() != null);
        model.addAttribute("reconciliations", shown);
        model.addAttribute("refreshSeconds", runs.stream().anyMatch(r -> !r.state().isTerminal()) ? BackfillPage.REFRESH_SECONDS : null);
        return "reconciliations";
    }
}
