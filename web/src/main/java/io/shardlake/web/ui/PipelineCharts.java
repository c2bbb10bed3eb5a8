package io.shardlake.web.ui;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.history.PipelineSummary;
import io.shardlake.engine.history.RunFilter;
import io.shardlake.engine.history.RunHistory;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The pipeline page's charts over its last {@value #RUNS} scheduled and manual runs (one query):
 * how long each took, the rows it wrote, and how fresh the data was when it ended (its end minus
 * the end of its data interval, a lower bound of the watermark's age then), with today's
 * freshness as the last point.
 */
@Component
class PipelineCharts {

    static final int RUNS = 100;

    /** SVG markup of each chart, and how many runs they show. */
    record Charts(String duration, String rows, String freshness, int runs) {
    }

    private final RunHistory history;
    private final ViewerTimes times;
    private final Clock clock;

    PipelineCharts(RunHistory history, ViewerTimes times, Clock clock) {
        this.history = history;
        this.times = times;
        this.clock = clock;
    }

    Charts of(PipelineDefinition d, PipelineSummary summary) {
        List<RunRecord> runs = history.recentRuns(List.of(d.name()), RUNS, RunFilter.ROUTINE).getOrDefault(d.name(), List.of()).stream()
                .filter(r -> r.startedAt() != null && r.finishedAt() != null).toList();
        List<SvgChart.Point> durations = new ArrayList<>();
        List<SvgChart.Point> rows = new ArrayList<>();
        List<SvgChart.Point> freshness = new ArrayList<>();
        for (RunRecord r : runs) {
            Duration took = Duration.between(r.startedAt(), r.finishedAt());
            String what = "run " + r.id() + " (" + r.trigger() + ") " + r.state() + ", finished " + times.when(r.finishedAt());
            durations.add(new SvgChart.Point(r.finishedAt(), took.toMillis() / 1000.0, r.state().name(), what + ": took " + PageFormats.span(took)));
            rows.add(new SvgChart.Point(r.finishedAt(), r.totals().rowsWritten(), r.state().name(),
                    what + ": " + r.totals().rowsWritten() + " rows written"));
            if ((r.state() == RunState.SUCCEEDED || r.state() == RunState.SKIPPED) && r.interval() != null) {
                Duration lag = Duration.between(r.interval().end(), r.finishedAt());
                freshness.add(new SvgChart.Point(r.finishedAt(), Math.max(0, lag.toMillis() / 1000.0), r.state().name(),
                        what + ": data up to " + times.when(r.interval().end()) + ", " + PageFormats.span(lag) + " old"));
            }
        }
        if (summary.freshness() != null) {
            Instant now = clock.instant();
            freshness.add(new SvgChart.Point(now, summary.freshness().toMillis() / 1000.0, "now",
                    "now (" + times.when(now) + "): the oldest shard watermark is " + PageFormats.span(summary.freshness()) + " old"));
        }
        return new Charts(
                SvgChart.timeSeries("Run duration of " + d.name(), "duration", SvgChart.Unit.DURATION, durations, times.zone()),
                SvgChart.timeSeries("Rows written per run of " + d.name(), "rows written", SvgChart.Unit.COUNT, rows, times.zone()),
                SvgChart.timeSeries("Freshness of " + d.name() + " when each run ended", "data age", SvgChart.Unit.DURATION, freshness,
                        times.zone()),
                runs.size());
    }
}
