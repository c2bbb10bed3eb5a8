package io.shardlake.web.ui;

import io.shardlake.engine.history.PipelineSummary;
import io.shardlake.engine.history.QuarantineSample;
import io.shardlake.engine.history.RunGrid;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.ShardReadCost;
import io.shardlake.engine.run.ShardRunRecord;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the pipeline pages show, as text the templates print without further logic. */
final class PipelineRows {

    static final int SPARK_WIDTH = 100;
    static final int SPARK_HEIGHT = 20;

    private PipelineRows() {
    }

    /** One line of the list (and the head of the detail page). */
    record Line(String name, String description, String status, String schedule, String zone, String nextRun, String lastRunId,
                String lastRunState, String lastRunWhen, String lastRunRows, String freshness, String freshnessClass, String staleAfter,
                String sparkline, int sparkRuns, String sparkTitle) {

        static Line of(PipelineSummary s, ViewerTimes times) {
            RunRecord last = s.lastRun();
            List<Duration> d = s.recentDurations();
            return new Line(s.definition().name(), s.definition().description(), s.health().label(), s.definition().schedule().expression(),
                    s.definition().schedule().zone().getId(), s.nextRun() == null ? "paused" : times.when(s.nextRun()),
                    last == null ? null : last.id(), last == null ? "" : last.state().name(),
                    last == null ? "never run" : times.when(last.finishedAt() != null ? last.finishedAt() : last.queuedAt()),
                    last == null ? "" : Long.toString(last.totals().rowsWritten()),
                    s.freshness() == null ? "no data yet" : PageFormats.span(s.freshness()),
                    s.freshness() == null ? "none" : s.stale() ? "stale" : "ok", PageFormats.span(s.staleAfter()),
                    PageFormats.sparkline(d, SPARK_WIDTH, SPARK_HEIGHT), d.size(),
                    d.isEmpty() ? "no finished run yet" : "durations of the last " + d.size() + " finished runs, oldest first: "
                            + String.join(", ", d.stream().map(PageFormats::span).toList()));
        }
    }

    /** A column of the grid: one run. */
    record Column(String id, String state, String when, String trigger, boolean active) {
        static Column of(RunRecord r, ViewerTimes times) {
            return new Column(r.id(), r.state().name(), times.when(r.queuedAt()), r.trigger().name(), !r.state().isTerminal());
        }
    }

    /** A cell of the grid: the shard's last attempt in the run, or an empty cell. */
    record Cell(boolean empty, String runId, String state, String rows, String duration, String error, int attempts, String title) {

        static Cell of(String shard, RunRecord run, RunGrid.Cell c) {
            if (c == null) {
                return new Cell(true, run.id(), "NONE", "", "", null, 0, shard + ": no task in run " + run.id());
            }
            ShardRunRecord t = c.task();
            String duration = PageFormats.span(c.duration());
            String title = shard + " in run " + run.id() + ": " + t.state() + ", " + t.counts().rowsWritten() + " rows written"
                    + (duration.isEmpty() ? "" : " in " + duration) + (c.attempts() > 1 ? ", attempt " + c.attempts() : "")
                    + (t.error() == null ? "" : "\n" + t.error());
            return new Cell(false, run.id(), t.state().name(), Long.toString(t.counts().rowsWritten()), duration, t.error(), c.attempts(), title);
        }
    }

    record GridRow(String shard, List<Cell> cells) {
    }

    static List<GridRow> grid(RunGrid g) {
        return g.rows().stream().map(r -> {
            List<Cell> cells = new java.util.ArrayList<>();
            for (int i = 0; i < g.runs().size(); i++) {
                cells.add(Cell.of(r.shard(), g.runs().get(i), r.cells().get(i)));
            }
            return new GridRow(r.shard(), cells);
        }).toList();
    }

    record Quarantined(String shard, String primaryKey, String cursor, String reason, String row, String file) {
        static Quarantined of(QuarantineSample s) {
            StringBuilder row = new StringBuilder();
            s.row().forEach((k, v) -> row.append(row.isEmpty() ? "" : ", ").append(k).append('=').append(v));
            return new Quarantined(s.shard(), String.join(", ", s.primaryKey().stream().map(String::valueOf).toList()), s.cursor(), s.reason(),
                    row.toString(), s.file());
        }
    }

    /** One attempt of a shard task on the run page. */
    record Task(String shard, int attempt, String state, String window, String started, String finished, String duration, long read,
                long skipped, long written, long quarantined, int fileCount, long bytes, List<PublishedFile> files, String error,
                SourceRead source, String excerpt) {

        /** @param excerpts the log excerpts kept with failed attempts, by {@link io.shardlake.engine.history.RunHistory#taskKey} */
        static Task of(ShardRunRecord t, Map<String, List<PublishedFile>> files, Map<String, String> excerpts, ViewerTimes times) {
            String window = (t.windowFrom() == null ? "(start)" : t.windowFrom()) + " → " + (t.windowUntil() == null ? "" : t.windowUntil());
            return new Task(t.shard(), t.attempt(), t.state().name(), window, times.when(t.startedAt()), times.when(t.finishedAt()),
                    t.startedAt() == null || t.finishedAt() == null ? "" : PageFormats.span(Duration.between(t.startedAt(), t.finishedAt())),
                    t.counts().rowsRead(), t.counts().rowsSkipped(), t.counts().rowsWritten(), t.counts().rowsQuarantined(), t.counts().files(),
                    t.counts().bytes(), files.getOrDefault(io.shardlake.engine.history.RunHistory.taskKey(t.shard(), t.attempt()), List.of()),
                    t.error(), SourceRead.of(t.read(), t.counts().rowsRead()),
                    excerpts.get(io.shardlake.engine.history.RunHistory.taskKey(t.shard(), t.attempt())));
        }
    }

    /**
     * How a task read the replica: the access path, the estimates it was chosen from, and its cost
     * (rows examined per row sent, time waiting for the replica); null before the task has read.
     */
    record SourceRead(String accessPath, String estimates, String cost) {

        static SourceRead of(ShardReadCost r, long rowsSent) {
            if (r == null) {
                return null;
            }
            String estimates = String.format(Locale.ROOT, "chosen from the replica's estimates: window ~%,d of ~%,d rows",
                    r.windowRowsEstimate(), r.tableRowsEstimate());
            Double perRow = r.examinedPerRowSent(rowsSent);
            String examined = r.rowsExamined() == null ? "" : String.format(Locale.ROOT, "%,d examined%s, ", r.rowsExamined(),
                    perRow == null ? "" : String.format(Locale.ROOT, " (%.1f per row sent)", perRow));
            // Most reads take seconds: whole seconds alone would show "0s" for most tasks.
            String waited = r.queryMillis() < 60_000 ? String.format(Locale.ROOT, "%.2fs", r.queryMillis() / 1000.0)
                    : PageFormats.span(Duration.ofMillis(r.queryMillis()));
            StringBuilder joins = new StringBuilder();
            for (ShardReadCost.JoinRead j : r.joins()) {
                Double joinPerRow = j.examinedPerRowSent();
                joins.append(String.format(Locale.ROOT, "; join %s: %,d changed rows, %,d view rows read again%s", j.join(),
                        j.changedRows(), j.rowsSent(),
                        joinPerRow == null ? "" : String.format(Locale.ROOT, " (%.1f examined per row)", joinPerRow)));
            }
            return new SourceRead(r.accessPath(), estimates, examined + waited + " on the replica" + joins);
        }
    }
}
