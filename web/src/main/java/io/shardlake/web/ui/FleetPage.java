package io.shardlake.web.ui;

import io.shardlake.engine.history.RunFilter;
import io.shardlake.engine.history.RunHistory;
import io.shardlake.engine.run.RunState;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /fleet}: the runs of every pipeline over the last {@value #HOURS} hours, per hour and
 * state, as stacked bars (one grouped query), scheduled and manual runs by default.
 */
@Hidden // a page, not API
@Controller
class FleetPage {

    static final int HOURS = 24;

    /** One state's runs over the day. */
    record StateTotal(String state, long runs) {
    }

    private final RunHistory history;
    private final ViewerTimes times;
    private final Clock clock;

    FleetPage(RunHistory history, ViewerTimes times, Clock clock) {
        this.history = history;
        this.times = times;
        this.clock = clock;
    }

    @GetMapping("/fleet")
    String fleet(@RequestParam(required = false) String runs, Model model) {
        RunFilter filter;
        try {
            filter = RunFilter.parse(runs);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofHours(HOURS));
        Map<RunState, long[]> byState = new EnumMap<>(RunState.class);
        for (RunHistory.RunCount c : history.runsByHour(start, end, filter)) {
            int hour = (int) Duration.between(start, c.hour()).toHours();
            byState.computeIfAbsent(c.state(), s -> new long[HOURS])[hour] += c.runs();
        }
        List<SvgChart.Stack> stacks = new ArrayList<>();
        List<StateTotal> totals = new ArrayList<>();
        for (RunState s : RunState.values()) { // every state in the legend, in one order, so colours read the same each day
            long[] values = byState.getOrDefault(s, new long[HOURS]);
            stacks.add(new SvgChart.Stack(s.name(), values));
            totals.add(new StateTotal(s.name(), java.util.Arrays.stream(values).sum()));
        }
        model.addAttribute("chart", SvgChart.stackedBars("Runs per state and hour queued, last " + HOURS + " hours", "runs", start,
                Duration.ofHours(1), HOURS, stacks, times.zone()));
        model.addAttribute("totals", totals);
        model.addAttribute("from", times.when(start));
        model.addAttribute("to", times.when(end));
        model.addAttribute("runFilter", filter.label());
        model.addAttribute("runFilters", java.util.Arrays.stream(RunFilter.values())
                .map(f -> new PipelinePageRenderer.FilterChoice(f.label(), f.description())).toList());
        return "fleet";
    }
}
