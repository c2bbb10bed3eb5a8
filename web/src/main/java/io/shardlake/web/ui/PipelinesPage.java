package io.shardlake.web.ui;

import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.history.OverviewPage;
import io.shardlake.engine.history.PipelineHealth;
import io.shardlake.engine.history.PipelineOverview;
import io.shardlake.engine.history.RunFilter;
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
    private final ViewerTimes times;

    PipelinesPage(PipelineOverview overview, PipelineOperations operations, RunHistory history, PipelinePageRenderer detail,
                  ViewerTimes times) {
        this.times = times;
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
        model.addAttribute("rows", shown.rows().stream().map(l -> PipelineRows.Line.of(l, times)).toList());
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

    /** @param runs which runs the grid shows: {@code routine} (scheduled and manual, the default), {@code backfill}, ... or {@code all} */
    @GetMapping("/pipelines/{name}")
    String pipeline(@PathVariable String name, @RequestParam(required = false) String runs, Model model) {
        RunFilter filter;
        try {
            filter = RunFilter.parse(runs);
        } catch (IllegalArgumentException e) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return detail.render(name, filter, PipelinePageRenderer.BackfillState.EMPTY, model);
    }

    /** A running run's page reloads itself this often (a meta refresh: no script needed). */
    static final int RUN_REFRESH_SECONDS = 5;

    /**
     * The shards a retry would run again: those whose last attempt failed, in an ended scheduled,
     * catch-up, first or manual run (see {@code PipelineOperations#retryFailedShards}); empty otherwise.
     */
    private static List<String> failedShards(RunRecord run, List<io.shardlake.engine.run.ShardRunRecord> attempts) {
        boolean retryable = run.state().isTerminal() && RunFilter.ROUTINE.kinds().contains(run.trigger());
        if (!retryable) {
            return List.of();
        }
        Map<String, io.shardlake.engine.run.ShardRunRecord> last = new java.util.TreeMap<>();
        attempts.forEach(t -> last.merge(t.shard(), t, (a, b) -> b.attempt() > a.attempt() ? b : a));
        return last.values().stream().filter(t -> t.state() == io.shardlake.engine.run.ShardRunState.FAILED)
                .map(io.shardlake.engine.run.ShardRunRecord::shard).toList();
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable String id, Model model) {
        RunRecord run = operations.run(id);
        Map<String, List<PublishedFile>> files = history.files(id);
        model.addAttribute("run", run);
        model.addAttribute("runLine", PipelineRows.Column.of(run, times));
        model.addAttribute("started", times.when(run.startedAt()));
        model.addAttribute("finished", times.when(run.finishedAt()));
        model.addAttribute("interval", run.interval() == null ? "" : times.when(run.interval().start()) + " → "
                + times.when(run.interval().end()));
        List<io.shardlake.engine.run.ShardRunRecord> attempts = history.shardRuns(List.of(id)).getOrDefault(id, List.of());
        Map<String, String> excerpts = history.errorExcerpts(id);
        model.addAttribute("tasks", attempts.stream().map(t -> PipelineRows.Task.of(t, files, excerpts, times)).toList());
        model.addAttribute("failedShards", failedShards(run, attempts));
        model.addAttribute("refreshSeconds", run.state().isTerminal() ? null : RUN_REFRESH_SECONDS);
        return "run";
    }
}
