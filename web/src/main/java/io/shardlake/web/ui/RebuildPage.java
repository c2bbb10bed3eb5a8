package io.shardlake.web.ui;

import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.coordinator.RebuildOperations;
import io.shardlake.engine.rebuild.InvalidRebuildException;
import io.shardlake.engine.rebuild.Rebuild;
import io.shardlake.engine.rebuild.RebuildInput;
import io.shardlake.engine.rebuild.RebuildProgress;
import io.shardlake.engine.rebuild.RebuildState;
import io.shardlake.engine.rebuild.RebuildConflictException;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.web.api.Callers;
import io.swagger.v3.oas.annotations.Hidden;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * {@code /rebuilds/{id}}: one rebuild to follow to its switch: the version it builds and with which
 * definition, its shards' progress and ETA (the same progress fragments as a backfill's page), its
 * switch run, and pause, resume and cancel for those who may; the pipeline page's buttons start a
 * rebuild and roll back. Reloads itself every {@value BackfillPage#REFRESH_SECONDS} seconds while
 * the rebuild is loading or switching.
 */
@Hidden // a page, not API
@Controller
class RebuildPage {

    private final RebuildOperations rebuilds;
    private final ViewerTimes times;
    private final Clock clock;

    RebuildPage(RebuildOperations rebuilds, ViewerTimes times, Clock clock) {
        this.rebuilds = rebuilds;
        this.times = times;
        this.clock = clock;
    }

    @GetMapping("/rebuilds/{id}")
    String rebuild(@PathVariable String id, Model model) {
        RebuildProgress p = rebuilds.progress(id); // the 404 page for an unknown rebuild
        Rebuild r = p.rebuild();
        Instant now = clock.instant();
        List<RunRecord> shardRuns = p.shardRuns();
        model.addAttribute("r", r);
        model.addAttribute("window", r.allowedWindow() == null ? "any time" : r.allowedWindow().toString());
        model.addAttribute("created", times.when(r.createdAt()));
        model.addAttribute("changed", times.when(r.changedAt()));
        model.addAttribute("progress", ChunkProgress.of(shardRuns, r.state() == RebuildState.PAUSED, now, r.maxConcurrency()));
        model.addAttribute("chunks", ChunkProgress.lines(shardRuns, times, now));
        // every attempt of the switch run, oldest first (a failed one before the switch is tried again)
        model.addAttribute("switchRun", ChunkProgress.lines(p.runs().stream().filter(x -> x.trigger() == TriggerKind.REBUILD_SWITCH)
                .sorted(java.util.Comparator.comparing(RunRecord::queuedAt)).toList(), times, now));
        model.addAttribute("rate", Math.round(p.rowsPerSecond(now)));
        model.addAttribute("pausable", r.state() == RebuildState.ACTIVE);
        model.addAttribute("resumable", r.state() == RebuildState.PAUSED);
        model.addAttribute("cancellable", r.state().isUnfinished());
        boolean moving = r.state().isUnfinished() || p.runs().stream().anyMatch(x -> !x.state().isTerminal());
        model.addAttribute("refreshSeconds", moving ? BackfillPage.REFRESH_SECONDS : null);
        return "rebuild";
    }

    /** Starts a rebuild with the pipeline's current definition and shows its page. */
    @PostMapping("/pipelines/{name}/rebuilds")
    String start(@PathVariable String name, Principal who, RedirectAttributes flash) {
        try {
            RebuildProgress p = rebuilds.start(name, new RebuildInput(null, null, null, null, false), Callers.name(who));
            flash.addFlashAttribute("notice", "Rebuild " + p.rebuild().id() + " started: table version " + p.rebuild().version()
                    + " loads beside the live one, then replaces it in one switch.");
            return "redirect:/rebuilds/" + UriUtils.encodePathSegment(p.rebuild().id(), StandardCharsets.UTF_8);
        } catch (InvalidRebuildException e) {
            flash.addFlashAttribute("problem", "No rebuild started: " + e.getMessage());
        } catch (OperationRefusedException e) {
            if (e.reason() == OperationRefusedException.Reason.NOT_FOUND) {
                throw e;
            }
            flash.addFlashAttribute("problem", e.getMessage());
        } catch (RebuildConflictException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return pipelinePage(name);
    }

    @PostMapping("/rebuilds/{id}/{action:pause|resume|cancel}")
    String act(@PathVariable String id, @PathVariable String action, Principal who, RedirectAttributes flash) {
        rebuilds.progress(id); // the 404 page for an unknown rebuild
        String by = Callers.name(who);
        try {
            RebuildProgress after = switch (action) {
                case "pause" -> rebuilds.pause(id, by);
                case "resume" -> rebuilds.resume(id, by);
                default -> rebuilds.cancel(id, by);
            };
            flash.addFlashAttribute("notice", "Rebuild " + id + " is " + after.rebuild().state().name().toLowerCase(Locale.ROOT) + ".");
        } catch (OperationRefusedException e) {
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/rebuilds/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
    }

    /** Switches back to the previous table version (the pipeline paused, no run in progress). */
    @PostMapping("/pipelines/{name}/rollback")
    String rollback(@PathVariable String name, Principal who, RedirectAttributes flash) {
        try {
            rebuilds.rollback(name, Callers.name(who));
            flash.addFlashAttribute("notice", "Switched back to the previous table version; resume the pipeline to catch it up.");
        } catch (OperationRefusedException e) {
            if (e.reason() == OperationRefusedException.Reason.NOT_FOUND) {
                throw e;
            }
            flash.addFlashAttribute("problem", e.getMessage());
        }
        return pipelinePage(name);
    }

    private static String pipelinePage(String name) {
        return "redirect:/pipelines/" + UriUtils.encodePathSegment(name, StandardCharsets.UTF_8);
    }
}
