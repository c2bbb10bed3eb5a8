package io.shardlake.engine.history;

import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.RunQueue;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.schedule.CronIntervals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pipeline list: every pipeline of the catalog by name, searched by a name substring, filtered
 * by {@link PipelineHealth}, {@value #PAGE_SIZE} a page (by default). A pipeline's last run, health and
 * durations are those of its scheduled and manual runs ({@link RunFilter#ROUTINE}). The catalog is in memory; the database is
 * asked a fixed few questions per page: who is paused, the newest runs of the page's pipelines and
 * their watermarks, and (for a run-state filter only) the newest run state of every candidate.
 */
public final class PipelineOverview {

    public static final int PAGE_SIZE = 50;
    /** Runs the duration sparkline shows. */
    public static final int SPARKLINE_RUNS = 20;
    /** Stale when the data is older than this many schedule intervals. */
    static final int STALE_INTERVALS = 2;

    private final Supplier<PipelineCatalog> catalog;
    private final RunQueue queue;
    private final RunHistory history;
    private final Clock clock;
    private final int pageSize;

    public PipelineOverview(Supplier<PipelineCatalog> catalog, RunQueue queue, RunHistory history, Clock clock) {
        this(catalog, queue, history, clock, PAGE_SIZE);
    }

    /** @param pageSize pipelines a page (tests page through a small catalog with a small one) */
    public PipelineOverview(Supplier<PipelineCatalog> catalog, RunQueue queue, RunHistory history, Clock clock, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        this.catalog = catalog;
        this.queue = queue;
        this.history = history;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /**
     * @param search a case-insensitive substring of the name; null or blank for all
     * @param status null for every status
     * @param page   from 1
     * @throws IllegalArgumentException naming {@code page} when it is below 1
     */
    public OverviewPage page(String search, PipelineHealth status, int page) {
        if (page < 1) {
            throw new IllegalArgumentException("page: must be 1 or more, was " + page);
        }
        String needle = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        List<PipelineDefinition> named = catalog.get().all().stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(Comparator.comparing(PipelineDefinition::name)).toList();
        Set<String> paused = queue.pausedPipelines();
        List<PipelineDefinition> matched = filter(named, status, paused);
        int from = (int) Math.min(matched.size(), (long) (page - 1) * pageSize);
        List<PipelineDefinition> shown = matched.subList(from, Math.min(matched.size(), from + pageSize));
        List<String> names = shown.stream().map(PipelineDefinition::name).toList();
        Map<String, List<RunRecord>> recent = names.isEmpty() ? Map.of() : history.recentRuns(names, SPARKLINE_RUNS, RunFilter.ROUTINE);
        Map<String, Instant> watermarks = names.isEmpty() ? Map.of() : history.oldestWatermarks(names);
        Instant now = clock.instant();
        List<PipelineSummary> rows = new ArrayList<>();
        for (PipelineDefinition d : shown) {
            rows.add(summary(d, paused.contains(d.name()), recent.getOrDefault(d.name(), List.of()), watermarks.get(d.name()), now));
        }
        return new OverviewPage(rows, page, pageSize, matched.size());
    }

    /** Runs the detail page's grid shows. */
    public static final int GRID_RUNS = 20;

    /** One pipeline's line, recent runs and grid: four queries. */
    public PipelineDetail detail(PipelineDefinition d) {
        return detail(d, RunFilter.ROUTINE);
    }

    /**
     * One pipeline's line (from its scheduled and manual runs, whatever the filter), and the
     * recent runs and grid of the runs the filter shows: four queries, five with another filter.
     */
    public PipelineDetail detail(PipelineDefinition d, RunFilter filter) {
        List<RunRecord> routine = history.recentRuns(List.of(d.name()), Math.max(GRID_RUNS, SPARKLINE_RUNS), RunFilter.ROUTINE)
                .getOrDefault(d.name(), List.of());
        List<RunRecord> recent = filter == RunFilter.ROUTINE ? routine
                : history.recentRuns(List.of(d.name()), GRID_RUNS, filter).getOrDefault(d.name(), List.of());
        Instant watermark = history.oldestWatermarks(List.of(d.name())).get(d.name());
        PipelineSummary summary = summary(d, queue.isPaused(d.name()), routine.stream().limit(SPARKLINE_RUNS).toList(), watermark,
                clock.instant());
        List<RunRecord> shown = recent.stream().limit(GRID_RUNS).toList();
        return new PipelineDetail(summary, shown, RunGrid.of(shown, history.shardRuns(shown.stream().map(RunRecord::id).toList())));
    }

    private List<PipelineDefinition> filter(List<PipelineDefinition> named, PipelineHealth status, Set<String> paused) {
        if (status == null) {
            return named;
        }
        if (status == PipelineHealth.PAUSED) {
            return named.stream().filter(d -> paused.contains(d.name())).toList();
        }
        List<String> running = named.stream().map(PipelineDefinition::name).filter(n -> !paused.contains(n)).toList();
        Map<String, RunState> last = running.isEmpty() ? Map.of() : history.lastRunStates(running, RunFilter.ROUTINE);
        return named.stream().filter(d -> !paused.contains(d.name()) && PipelineHealth.of(false, last.get(d.name())) == status).toList();
    }

    /** @param recent the pipeline's newest runs, newest first */
    static PipelineSummary summary(PipelineDefinition d, boolean paused, List<RunRecord> recent, Instant oldestWatermark, Instant now) {
        CronIntervals cron = CronIntervals.of(d.schedule());
        Instant next = cron.nextFireAfter(now);
        Duration interval = Duration.between(next, cron.nextFireAfter(next));
        RunRecord last = recent.isEmpty() ? null : recent.get(0);
        List<Duration> durations = new ArrayList<>();
        for (int i = recent.size() - 1; i >= 0; i--) {
            RunRecord r = recent.get(i);
            if (r.startedAt() != null && r.finishedAt() != null) {
                durations.add(Duration.between(r.startedAt(), r.finishedAt()));
            }
        }
        return new PipelineSummary(d, PipelineHealth.of(paused, last == null ? null : last.state()), paused ? null : next, last,
                oldestWatermark == null ? null : Duration.between(oldestWatermark, now), interval.multipliedBy(STALE_INTERVALS), durations);
    }
}
