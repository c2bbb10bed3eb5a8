package io.shardlake.web.ui;

import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.history.OverviewPage;
import io.shardlake.engine.history.PipelineHealth;
import io.shardlake.engine.history.PipelineOverview;
import io.shardlake.engine.history.RunHistory;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.swagger.v3.oas.annotations.Hidden;
import io.shardlake.engine.input.StrictValues;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The monitoring pages: {@code /pipelines} (the list: search, status filter, 50 a page), {@code
 * /pipelines/{name}} (definition, run grid, quarantined rows, actions, backfill form) and {@code
 * /runs/{id}} (every shard task attempt). Unknown pipelines and runs answer the 404 page (see
 * {@link PageProblems}). The actions post to {@link PipelineActionsPage}.
 */
@Hidden // pages, not API
@Controller
class PipelinesPage {

    private final PipelineOverview overview;
    private final PipelineOperations operations;
    private final RunHistory history;
    private final PipelinePageRenderer detail;

    PipelinesPage(PipelineOverview overview, PipelineOperations operations, RunHistory history, PipelinePageRenderer detail) {
        this.overview = overview;
        this.operations = operations;
        this.history = history;
        this.detail = detail;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/pipelines";
    }

    @GetMapping("/pipelines")
    String pipelines(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
                     @RequestParam(required = false) String page, Model model) {
        String search = q == null ? "" : q.strip();
        model.addAttribute("q", search);
        model.addAttribute("status", status == null ? "" : status.strip().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("statuses", Arrays.stream(PipelineHealth.values()).map(PipelineHealth::label).toList());
        OverviewPage shown = new OverviewPage(List.of(), 1, PipelineOverview.PAGE_SIZE, 0);
        try {
            shown = overview.page(search, PipelineHealth.parse(status), pageNumber(page));
        } catch (IllegalArgumentException e) {
            model.addAttribute("problem", e.getMessage());
        }
        model.addAttribute("rows", shown.rows().stream().map(PipelineRows.Line::of).toList());
        model.addAttribute("page", shown.page());
        model.addAttribute("pages", shown.pages());
        model.addAttribute("matched", shown.matched());
        model.addAttribute("nextPage", shown.hasNext() ? shown.page() + 1 : null);
        model.addAttribute("previousPage", shown.page() > 1 ? shown.page() - 1 : null);
        return "pipelines";
    }

    /** A page number as typed; a word is the same field error as a number below 1. */
    private static int pageNumber(String page) {
        if (page == null || page.isBlank()) {
            return 1;
        }
        try {
            return Math.toIntExact(StrictValues.wholeNumber(page.strip()));
        } catch (StrictValues.InvalidValueException | ArithmeticException e) {
            throw new IllegalArgumentException("page: '" + page + "' is not a page number; use 1 or more");
        }
    }

    @GetMapping("/pipelines/{name}")
    String pipeline(@PathVariable String name, Model model) {
        return detail.render(name, PipelinePageRenderer.BackfillState.EMPTY, model);
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable String id, Model model) {
        RunRecord run = operations.run(id);
        Map<String, List<PublishedFile>> files = history.files(id);
        model.addAttribute("run", run);
        model.addAttribute("runLine", PipelineRows.Column.of(run));
        model.addAttribute("started", PageFormats.when(run.startedAt()));
        model.addAttribute("finished", PageFormats.when(run.finishedAt()));
        model.addAttribute("interval", run.interval() == null ? "" : PageFormats.when(run.interval().start()) + " → "
                + PageFormats.when(run.interval().end()));
        model.addAttribute("tasks", history.shardRuns(List.of(id)).getOrDefault(id, List.of()).stream()
                .map(t -> PipelineRows.Task.of(t, files)).toList());
        return "run";
    }
}
