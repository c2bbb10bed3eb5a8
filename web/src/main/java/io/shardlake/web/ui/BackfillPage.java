package io.shardlake.web.ui;

import io.shardlake.engine.backfill.Backfill;
import io.shardlake.engine.backfill.BackfillProgress;
import io.shardlake.engine.backfill.BackfillState;
import io.shardlake.engine.coordinator.BackfillOperations;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /backfills/{id}}: one backfill to follow to its end: what it reloads, its progress and
 * ETA, every chunk with its run, and pause, resume and cancel for those who may. While it is
 * unfinished the page reloads itself every {@value #REFRESH_SECONDS} seconds (a meta refresh: no
 * script needed).
 */
@Hidden // a page, not API
@Controller
class BackfillPage {

    static final int REFRESH_SECONDS = 5;

    private final BackfillOperations backfills;
    private final ViewerTimes times;
    private final Clock clock;

    BackfillPage(BackfillOperations backfills, ViewerTimes times, Clock clock) {
        this.backfills = backfills;
        this.times = times;
        this.clock = clock;
    }

    @GetMapping("/backfills/{id}")
    String backfill(@PathVariable String id, Model model) {
        BackfillProgress p = backfills.progress(id); // the 404 page for an unknown backfill
        Backfill b = p.backfill();
        Instant now = clock.instant();
        model.addAttribute("b", b);
        model.addAttribute("range", times.when(b.from()) + " → " + times.when(b.to()));
        model.addAttribute("shards", String.join(", ", b.shards()));
        model.addAttribute("window", b.allowedWindow() == null ? "any time" : b.allowedWindow().toString());
        model.addAttribute("created", times.when(b.createdAt()));
        model.addAttribute("changed", times.when(b.changedAt()));
        model.addAttribute("progress", ChunkProgress.of(p.chunkRuns(), b.state() == BackfillState.PAUSED, now));
        model.addAttribute("chunks", ChunkProgress.lines(p.chunkRuns(), times, now));
        model.addAttribute("pausable", b.state() == BackfillState.ACTIVE);
        model.addAttribute("resumable", b.state() == BackfillState.PAUSED);
        model.addAttribute("cancellable", !b.state().isFinal());
        // Chunks may still be ending after a cancel: keep refreshing until none runs.
        boolean moving = !b.state().isFinal() || p.chunkRuns().stream().anyMatch(r -> !r.state().isTerminal());
        model.addAttribute("refreshSeconds", moving ? REFRESH_SECONDS : null);
        return "backfill";
    }
}
