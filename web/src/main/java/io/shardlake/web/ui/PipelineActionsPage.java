package io.shardlake.web.ui;

import io.shardlake.engine.backfill.BackfillInput;
import io.shardlake.engine.backfill.BackfillPlan;
import io.shardlake.engine.backfill.BackfillProgress;
import io.shardlake.engine.backfill.InvalidBackfillException;
import io.shardlake.engine.coordinator.BackfillOperations;
import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.history.RunFilter;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.web.api.Callers;
import io.swagger.v3.oas.annotations.Hidden;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The on-call actions of the pipeline page as form posts (OPERATOR, see AccessRules): trigger,
 * pause, resume, cancel a run, plan and start a backfill. They call the same engine operations as
 * the REST API, so they are audited alike with the logged-in user as the actor. An action answers
 * with a redirect back to the page and a notice; a refusal shows the engine's message there
 * instead, and a backfill form with errors is shown again with each error at its field.
 */
@Hidden // pages, not API
@Controller
class PipelineActionsPage {

    private final PipelineOperations operations;
    private final BackfillOperations backfills;
    private final PipelinePageRenderer page;

    PipelineActionsPage(PipelineOperations operations, BackfillOperations backfills, PipelinePageRenderer page) {
        this.operations = operations;
        this.backfills = backfills;
        this.page = page;
    }

    @PostMapping("/pipelines/{name}/actions/trigger")
    String trigger(@PathVariable String name, Principal who, RedirectAttributes flash) {
        return act(name, flash, () -> "Run " + operations.trigger(name, Callers.name(who)).id() + " queued.");
    }

    @PostMapping("/pipelines/{name}/actions/pause")
    String pause(@PathVariable String name, Principal who, RedirectAttributes flash) {
        return act(name, flash, () -> {
            operations.pause(name, Callers.name(who));
            return "Paused: no new run of " + name + " is queued or started; running runs finish.";
        });
    }

    @PostMapping("/pipelines/{name}/actions/resume")
    String resume(@PathVariable String name, Principal who, RedirectAttributes flash) {
        return act(name, flash, () -> "Resumed; " + operations.resume(name, Callers.name(who)).size() + " catch-up run(s) queued.");
    }

    /** @param back {@code run} when posted from the run's own page, which it then returns to; else the pipeline's page */
    @PostMapping("/runs/{id}/cancel")
    String cancel(@PathVariable String id, @RequestParam(defaultValue = "pipeline") String back, Principal who, RedirectAttributes flash) {
        String pipeline = operations.run(id).pipeline(); // 404 page for an unknown run
        String page = act(pipeline, flash, () -> {
            RunRecord run = operations.cancel(id, Callers.name(who));
            return run.state().isTerminal() ? "Run " + id + " cancelled." : "Cancel of run " + id + " requested: it stops within a heartbeat.";
        });
        return "run".equals(back) ? "redirect:/runs/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8) : page;
    }

    @PostMapping("/pipelines/{name}/actions/reconcile")
    String reconcile(@PathVariable String name, Principal who, RedirectAttributes flash) {
        act(name, flash, () -> "Reconciliation run " + operations.reconcile(name, Callers.name(who)).id()
                + " queued: it starts inside the reconcile window.");
        return "redirect:/pipelines/" + UriUtils.encodePathSegment(name, StandardCharsets.UTF_8) + "/reconciliations";
    }

    /** Queues a manual run of the shards that failed in the run, and shows the new run. */
    @PostMapping("/runs/{id}/retry")
    String retry(@PathVariable String id, Principal who, RedirectAttributes flash) {
        operations.run(id); // 404 page for an unknown run
        try {
            RunRecord retry = operations.retryFailedShards(id, Callers.name(who));
            flash.addFlashAttribute("notice", "Run " + retry.id() + " queued: it retries " + String.join(", ", retry.shardSubset())
                    + " of run " + id + ", each from its own watermark.");
            return "redirect:/runs/" + UriUtils.encodePathSegment(retry.id(), StandardCharsets.UTF_8);
        } catch (OperationRefusedException e) {
            if (e.reason() == OperationRefusedException.Reason.NOT_FOUND) {
                throw e;
            }
            flash.addFlashAttribute("problem", e.getMessage());
            return "redirect:/runs/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
        }
    }

    /** @param back {@code backfill} when posted from the backfill's own page, which it then returns to; else the pipeline's page */
    @PostMapping("/backfills/{id}/{action:pause|resume|cancel}")
    String backfillAction(@PathVariable String id, @PathVariable String action, @RequestParam(defaultValue = "pipeline") String back,
                          Principal who, RedirectAttributes flash) {
        String pipeline = backfills.progress(id).backfill().pipeline(); // 404 page for an unknown backfill
        String page = act(pipeline, flash, () -> {
            String by = Callers.name(who);
            var after = switch (action) {
                case "pause" -> backfills.pause(id, by);
                case "resume" -> backfills.resume(id, by);
                default -> backfills.cancel(id, by);
            };
            return "Backfill " + id + " is " + after.backfill().state().name().toLowerCase(java.util.Locale.ROOT) + ".";
        });
        return "backfill".equals(back) ? "redirect:/backfills/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8) : page;
    }

    /** Checks the request and shows the chunks and row estimates, with a button that starts exactly that. */
    @PostMapping("/pipelines/{name}/backfills/plan")
    String plan(@PathVariable String name, BackfillForm form, Model model) {
        try {
            BackfillPlan plan = backfills.plan(name, form.input(true));
            return page.render(name, RunFilter.ROUTINE, new PipelinePageRenderer.BackfillState(form, Map.of(), plan), model);
        } catch (InvalidBackfillException e) {
            return page.render(name, RunFilter.ROUTINE, new PipelinePageRenderer.BackfillState(form, BackfillForm.errors(e), null), model);
        }
    }

    /** Starts the backfill and shows its page, where it can be followed to the end. */
    @PostMapping("/pipelines/{name}/backfills/start")
    String start(@PathVariable String name, BackfillForm form, Principal who, Model model, RedirectAttributes flash) {
        try {
            BackfillProgress started = backfills.start(name, form.input(false), Callers.name(who));
            flash.addFlashAttribute("notice", "Backfill " + started.backfill().id() + " started: " + started.backfill().chunks()
                    + " chunk(s) queued.");
            return "redirect:/backfills/" + UriUtils.encodePathSegment(started.backfill().id(), StandardCharsets.UTF_8);
        } catch (InvalidBackfillException e) {
            return page.render(name, RunFilter.ROUTINE, new PipelinePageRenderer.BackfillState(form, BackfillForm.errors(e), null), model);
        } catch (OperationRefusedException e) {
            if (e.reason() == OperationRefusedException.Reason.NOT_FOUND) {
                throw e;
            }
            model.addAttribute("problem", e.getMessage());
            return page.render(name, RunFilter.ROUTINE, new PipelinePageRenderer.BackfillState(form, Map.of(), null), model);
        }
    }

    /** Runs the action; the notice on success, the refusal's message otherwise (an unknown pipeline: the 404 page). */
    private static String act(String pipeline, RedirectAttributes flash, java.util.function.Supplier<String> action) {
        try {
            flash.addFlashAttribute("notice", action.get());
        } catch (OperationRefusedException e) {
            if (e.reason() == OperationRefusedException.Reason.NOT_FOUND) {
                throw e;
            }
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return redirect(pipeline);
    }

    private static String redirect(String pipeline) {
        return "redirect:/pipelines/" + UriUtils.encodePathSegment(pipeline, StandardCharsets.UTF_8);
    }
}
