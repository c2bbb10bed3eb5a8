package io.shardlake.web.ui;

import io.shardlake.engine.backfill.BackfillChunk;
import io.shardlake.engine.backfill.BackfillPlan;
import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.history.PipelineDetail;
import io.shardlake.engine.history.PipelineOverview;
import io.shardlake.engine.history.QuarantineSamples;
import io.shardlake.engine.registration.RegistrationService;
import io.shardlake.web.api.DefinitionExports;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Fills the model of {@code pipeline.html}: the definition, the run grid, quarantine samples and
 * the backfill form in the state a request left it (a plan to confirm, field errors). Shared by the
 * page's GET and the backfill posts, which answer with the page itself.
 */
@Component
class PipelinePageRenderer {

    /** Quarantined rows shown on the page, at most. */
    static final int QUARANTINE_SAMPLES = 10;

    /** The backfill form as the user left it: fields typed, errors by field, a plan to confirm. */
    record BackfillState(String from, String to, Map<String, String> errors, BackfillPlan plan) {
        static final BackfillState EMPTY = new BackfillState("", "", Map.of(), null);
    }

    record ChunkRow(int index, String start, String end, String partitions, long estimate) {
    }

    /** One of the pipeline's recent backfills, with what an operator may still do to it. */
    record BackfillRow(String id, String from, String to, String shards, int chunks, String state, String reason, String created,
                       boolean pausable, boolean resumable, boolean cancellable) {
        static BackfillRow of(io.shardlake.engine.backfill.Backfill b) {
            io.shardlake.engine.backfill.BackfillState s = b.state();
            return new BackfillRow(b.id(), PageFormats.when(b.from()), PageFormats.when(b.to()), String.join(", ", b.shards()), b.chunks(),
                    s.name(), b.reason(), PageFormats.when(b.createdAt()), s == io.shardlake.engine.backfill.BackfillState.ACTIVE,
                    s == io.shardlake.engine.backfill.BackfillState.PAUSED, !s.isFinal());
        }
    }

    /** Backfills listed on the page, newest first. */
    static final int BACKFILLS_SHOWN = 10;

    private final PipelineOperations operations;
    private final PipelineOverview overview;
    private final QuarantineSamples quarantine;
    private final RegistrationService registrations;
    private final io.shardlake.engine.coordinator.BackfillOperations backfills;

    PipelinePageRenderer(PipelineOperations operations, PipelineOverview overview, QuarantineSamples quarantine,
                         RegistrationService registrations, io.shardlake.engine.coordinator.BackfillOperations backfills) {
        this.backfills = backfills;
        this.operations = operations;
        this.overview = overview;
        this.quarantine = quarantine;
        this.registrations = registrations;
    }

    /** @throws OperationRefusedException NOT_FOUND for an unknown pipeline (the 404 page) */
    String render(String name, BackfillState backfill, Model model) {
        PipelineDefinition d = operations.definition(name);
        PipelineDetail detail = overview.detail(d);
        model.addAttribute("line", PipelineRows.Line.of(detail.summary()));
        model.addAttribute("paused", detail.summary().nextRun() == null);
        model.addAttribute("columns", detail.grid().runs().stream().map(PipelineRows.Column::of).toList());
        model.addAttribute("gridRows", PipelineRows.grid(detail.grid()));
        model.addAttribute("activeRuns", detail.activeRuns().stream().map(PipelineRows.Column::of).toList());
        QuarantineSamples.Result q = quarantine.newest(detail.recentRuns(), QUARANTINE_SAMPLES);
        model.addAttribute("quarantineRun", q.runId());
        model.addAttribute("quarantined", q.samples().stream().map(PipelineRows.Quarantined::of).toList());
        model.addAttribute("quarantineProblems", q.problems());
        model.addAttribute("registered", registrations.isRegistered(name));
        String yaml;
        try {
            yaml = DefinitionExports.text(registrations, operations, name);
        } catch (OperationRefusedException e) {
            yaml = null; // a definition whose text is not kept: the page says so
        }
        model.addAttribute("yaml", yaml);
        model.addAttribute("backfill", backfill);
        model.addAttribute("backfills", backfills.list(name, BACKFILLS_SHOWN).stream().map(BackfillRow::of).toList());
        BackfillPlan plan = backfill.plan();
        if (plan != null) {
            List<ChunkRow> chunks = plan.chunks().stream().map(c -> chunk(c, plan)).toList();
            model.addAttribute("planChunks", chunks);
            model.addAttribute("planRows", plan.estimatedRows());
            model.addAttribute("planShards", String.join(", ", plan.request().shards()));
        }
        return "pipeline";
    }

    private static ChunkRow chunk(BackfillChunk c, BackfillPlan plan) {
        Map<String, Long> estimates = c.index() < plan.estimates().size() ? plan.estimates().get(c.index()) : Map.of();
        return new ChunkRow(c.index(), PageFormats.when(c.start()), PageFormats.when(c.end()), String.join(", ", c.partitions()),
                estimates.values().stream().filter(v -> v > 0).mapToLong(Long::longValue).sum());
    }
}
