package io.shardlake.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    private static final Instant T = Instant.parse("2026-03-10T10:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static List<String> texts(String svg, String cls) {
        Matcher m = Pattern.compile("<text class=\"" + cls + "\"[^>]*>([^<]*)</text>").matcher(svg);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void durationsOfMinutesGetAMinuteAxisFromZeroWithRoundTicksAndTheUnitInItsTitle() {
        String svg = SvgChart.timeSeries("run duration", "duration", SvgChart.Unit.DURATION, List.of(
                new SvgChart.Point(T, 90, "SUCCEEDED", "a"), new SvgChart.Point(T.plusSeconds(900), 430, "FAILED", "b")), UTC);

        assertThat(texts(svg, "y-label")).containsExactly("0", "2", "4", "6", "8", "10");
        assertThat(texts(svg, "axis-title")).containsExactly("duration (min)", "run finished (2026-03-10, UTC)");
        assertThat(texts(svg, "x-label")).first().isEqualTo("10:00");
        assertThat(texts(svg, "x-label")).last().isEqualTo("10:15");
        assertThat(svg).contains("<circle class=\"dot FAILED\"").contains("<title>run duration</title>").doesNotContain("style=", "<script");
    }

    @Test
    void theXAxisIsInTheViewersZoneAndPointsLieOnTheirValues() {
        String svg = SvgChart.timeSeries("rows", "rows written", SvgChart.Unit.COUNT, List.of(
                new SvgChart.Point(T, 0, "SUCCEEDED", "a"), new SvgChart.Point(T.plus(Duration.ofDays(1)), 50_000, "SUCCEEDED", "b")),
                ZoneId.of("Asia/Tokyo"));

        assertThat(texts(svg, "x-label")).first().isEqualTo("03-10 19:00");
        assertThat(texts(svg, "y-label")).containsExactly("0", "10k", "20k", "30k", "40k", "50k");
        assertThat(texts(svg, "axis-title")).containsExactly("rows written", "run finished (Asia/Tokyo)");
        // 0 sits on the x axis (y = 200 - 40), 50,000 at the top of the plot (y = 16)
        assertThat(svg).contains("points=\"64.0,160.0 624.0,16.0\"");
    }

    @Test
    void labelsAreEscapedAndNoPointGivesANoteInsteadOfAxes() {
        assertThat(SvgChart.timeSeries("a <b>", "x", SvgChart.Unit.COUNT, List.of(), UTC)).contains("a &lt;b&gt;", "no run to show yet")
                .doesNotContain("y-label");
        assertThat(SvgChart.timeSeries("t", "x", SvgChart.Unit.COUNT, List.of(new SvgChart.Point(T, 1, "<x>", "\"q\"")), UTC))
                .contains("dot &lt;x&gt;", "&quot;q&quot;");
    }

    @Test
    void stackedBarsPileEachHoursStatesWithALegendAndHourLabels() {
        String svg = SvgChart.stackedBars("runs per state", "runs", T, Duration.ofHours(1), 24, List.of(
                new SvgChart.Stack("SUCCEEDED", new long[] {3, 0, 1}), new SvgChart.Stack("FAILED", new long[] {2})), UTC);

        assertThat(texts(svg, "y-label")).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(texts(svg, "x-label")).startsWith("10:00", "13:00");
        assertThat(svg).contains("<title>2026-03-10 10:00: 3 SUCCEEDED</title>", "<title>2026-03-10 10:00: 2 FAILED</title>",
                "<title>2026-03-10 12:00: 1 SUCCEEDED</title>").doesNotContain(": 0 ");
        // the hour of 5 runs reaches the top of the plot: SUCCEEDED from the axis up to 3, FAILED on top of it
        assertThat(svg).contains("class=\"bar FAILED\" x=\"65.0\" y=\"16.0\"");
    }

    @Test
    void ticksAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgChart.Scale.niceStep(0.3)).isEqualTo(0.5);
        assertThat(SvgChart.Scale.niceStep(1)).isEqualTo(1);
        assertThat(SvgChart.Scale.niceStep(1.2)).isEqualTo(2);
        assertThat(SvgChart.Scale.niceStep(86)).isEqualTo(100);
        assertThat(SvgChart.Scale.niceStep(0)).isEqualTo(1);
        assertThat(SvgChart.Scale.of(SvgChart.Unit.DURATION, 3 * 3600).unitName()).isEqualTo("h");
        assertThat(SvgChart.Scale.of(SvgChart.Unit.COUNT, 2).step()).as("no half runs").isEqualTo(1);
        assertThat(SvgChart.Scale.of(SvgChart.Unit.DURATION, 2).step()).isEqualTo(0.5);
    }

    @Test
    void aSpanOfAFewMinutesLabelsItsTicksWithSeconds() {
        String svg = SvgChart.timeSeries("d", "duration", SvgChart.Unit.DURATION, List.of(
                new SvgChart.Point(T, 1, "SUCCEEDED", "a"), new SvgChart.Point(T.plusSeconds(40), 2, "SUCCEEDED", "b")), UTC);

        assertThat(texts(svg, "x-label")).containsExactly("10:00:00", "10:00:10", "10:00:20", "10:00:30", "10:00:40");
    }
}
