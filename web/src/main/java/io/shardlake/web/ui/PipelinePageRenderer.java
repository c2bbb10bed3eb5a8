package io.shardlake.web.ui;

import io.shardlake.engine.backfill.BackfillChunk;
import io.shardlake.engine.backfill.BackfillPlan;
import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.history.PipelineDetail;
import io.shardlake.engine.history.PipelineOverview;
import io.shardlake.engine.history.QuarantineSamples;
import io.shardlake.engine.history.RunFilter;
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
    record BackfillState(BackfillForm form, Map<String, String> errors, BackfillPlan plan) {
        static final BackfillState EMPTY = new BackfillState(BackfillForm.EMPTY, Map.of(), null);
    }

    /** One choice of the grid's run filter: its parameter value and what it shows. */
    record FilterChoice(String value, String description) {
    }

    record ChunkRow(int index, String start, String end, String partitions, long estimate) {
    }

    /** One of the pipeline's recent backfills, with what an operator may still do to it. */
    record BackfillRow(String id, String from, String to, String shards, int chunks, String state, String reason, String created,
                       boolean pausable, boolean resumable, boolean cancellable) {
        static BackfillRow of(io.shardlake.engine.backfill.Backfill b, ViewerTimes times) {
            io.shardlake.engine.backfill.BackfillState s = b.state();
            return new BackfillRow(b.id(), times.when(b.from()), times.when(b.to()), String.join(", ", b.shards()), b.chunks(),
                    s.name(), b.reason(), times.when(b.createdAt()), s == io.shardlake.engine.backfill.BackfillState.ACTIVE,
                    s == io.shardlake.engine.backfill.BackfillState.PAUSED, !s.isFinal());
        }
    }

    /** A version of the pipeline's table: the live one, one being built, or one kept for a rollback. */
    record VersionRow(int version, String state, String definitionVersion, String folder, String liveSince, String retiredAt) {
        static VersionRow of(io.shardlake.engine.rebuild.TableVersion v, ViewerTimes times) {
            return new VersionRow(v.version(), v.state().name(), v.definitionVersion(),
                    io.shardlake.engine.lake.LakeLayout.versionTable(v.table(), v.version()), times.when(v.liveSince()),
                    times.when(v.retiredAt()));
        }
    }

    /** One of the pipeline's rebuilds, linking to its page. */
    record RebuildRow(String id, int version, String state, String created, String reason) {
        static RebuildRow of(io.shardlake.engine.rebuild.Rebuild r, ViewerTimes times) {
            return new RebuildRow(r.id(), r.version(), r.state().name(), times.when(r.createdAt()), r.reason());
        }
    }

    /** Backfills listed on the page, newest first. */
    static final int BACKFILLS_SHOWN = 10;

    private final PipelineOperations operations;
    private final PipelineOverview overview;
    private final QuarantineSamples quarantine;
    private final RegistrationService registrations;
    private final io.shardlake.engine.coordinator.BackfillOperations backfills;

    private final ViewerTimes times;
    private final PipelineCharts charts;
    private final io.shardlake.engine.coordinator.RebuildOperations rebuilds;
    private final io.shardlake.engine.coordinator.LiveDefinitions live;

    PipelinePageRenderer(PipelineOperations operations, PipelineOverview overview, QuarantineSamples quarantine,
                         RegistrationService registrations, io.shardlake.engine.coordinator.BackfillOperations backfills, ViewerTimes times,
                         PipelineCharts charts, io.shardlake.engine.coordinator.RebuildOperations rebuilds,
                         io.shardlake.engine.coordinator.LiveDefinitions live) {
        this.rebuilds = rebuilds;
        this.live = live;
        this.backfills = backfills;
        this.times = times;
        this.charts = charts;
        this.operations = operations;
        this.overview = overview;
        this.quarantine = quarantine;
        this.registrations = registrations;
    }

    /**
     * @param filter which runs the grid shows (the line at the top is always that of the scheduled and manual runs)
     * @throws OperationRefusedException NOT_FOUND for an unknown pipeline (the 404 page)
     */
    String render(String name, RunFilter filter, BackfillState backfill, Model model) {
        PipelineDefinition d = operations.definition(name);
        PipelineDetail detail = overview.detail(d, filter);
        model.addAttribute("runFilter", filter.label());
        model.addAttribute("runFilters", java.util.Arrays.stream(RunFilter.values()).map(f -> new FilterChoice(f.label(), f.description()))
                .toList());
        model.addAttribute("gridDescription", filter.description());
        model.addAttribute("allShards", backfills.shards(name));
        model.addAttribute("charts", charts.of(d, detail.summary()));
        model.addAttribute("line", PipelineRows.Line.of(detail.summary(), times));
        model.addAttribute("paused", detail.summary().nextRun() == null);
        model.addAttribute("columns", detail.grid().runs().stream().map(r -> PipelineRows.Column.of(r, times)).toList());
        model.addAttribute("gridRows", PipelineRows.grid(detail.grid()));
        model.addAttribute("activeRuns", detail.activeRuns().stream().map(r -> PipelineRows.Column.of(r, times)).toList());
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
        model.addAttribute("backfills", backfills.list(name, BACKFILLS_SHOWN).stream().map(b -> BackfillRow.of(b, times)).toList());
        List<io.shardlake.engine.rebuild.TableVersion> versions = rebuilds.versions(name);
        model.addAttribute("pendingRebuild", live.pending(name).map(io.shardlake.engine.rebuild.PendingChange::describe).orElse(null));
        model.addAttribute("tableVersions", versions.stream().map(v -> VersionRow.of(v, times)).toList());
        model.addAttribute("rebuilds", rebuilds.list(name, BACKFILLS_SHOWN).stream().map(r -> RebuildRow.of(r, times)).toList());
        model.addAttribute("rollbackable", versions.stream().anyMatch(v -> v.state() == io.shardlake.engine.rebuild.TableVersion.State.RETIRED));
        BackfillPlan plan = backfill.plan();
        if (plan != null) {
            List<ChunkRow> chunks = plan.chunks().stream().map(c -> chunk(c, plan)).toList();
            model.addAttribute("planChunks", chunks);
            model.addAttribute("planRows", plan.estimatedRows());
            model.addAttribute("planShards", String.join(", ", plan.request().shards()));
            model.addAttribute("planConcurrency", plan.request().maxConcurrency());
            model.addAttribute("planWindow", plan.request().allowedWindow() == null ? "starting at any time"
                    : "starting only between " + plan.request().allowedWindow());
        }
        return "pipeline";
    }

    private ChunkRow chunk(BackfillChunk c, BackfillPlan plan) {
        Map<String, Long> estimates = c.index() < plan.estimates().size() ? plan.estimates().get(c.index()) : Map.of();
        return new ChunkRow(c.index(), times.when(c.start()), times.when(c.end()), String.join(", ", c.partitions()),
                estimates.values().stream().filter(v -> v > 0).mapToLong(Long::longValue).sum());
    }
}
