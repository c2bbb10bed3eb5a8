package io.shardlake.web.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * Charts drawn on the server as SVG markup: a time series (a value per run over time) and stacked
 * bars (runs per state per hour), each with labelled axes, ticks at round values and the unit in
 * the axis title. No script and no style attribute (the pages' Content-Security-Policy forbids
 * both): colours are presentation attributes and CSS classes of {@code app.css}. Every label is
 * HTML-escaped, so the markup can be printed unescaped.
 */
final class SvgChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 200;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;
    private static final int TICKS = 5;

    /** How the values of a y axis read. */
    enum Unit {
        /** Values in seconds, shown in s, min or h, whichever suits the largest. */
        DURATION,
        /** Counts, shown as 1,200 / 45k / 3.1M. */
        COUNT
    }

    /** One value at a time; {@code kind} names its dot's CSS class (e.g. the run's state) and {@code label} its tooltip. */
    record Point(Instant at, double value, String kind, String label) {
    }

    /** One series of stacked bars: its name (legend, CSS class) and a value per bucket. */
    record Stack(String name, long[] values) {
    }

    private SvgChart() {
    }

    /**
     * A line through the points in time order, a dot per point, the time on the x axis in
     * {@code zone} and the values on the y axis from 0; a note instead of axes when there is no point.
     */
    static String timeSeries(String title, String axis, Unit unit, List<Point> points, ZoneId zone) {
        StringBuilder svg = open(title);
        if (points.isEmpty()) {
            return empty(svg, "no run to show yet");
        }
        List<Point> sorted = points.stream().sorted(java.util.Comparator.comparing(Point::at)).toList();
        long t0 = sorted.get(0).at().toEpochMilli();
        long t1 = sorted.get(sorted.size() - 1).at().toEpochMilli();
        if (t1 == t0) { // one point, or all at one time: a span of a minute around it
            t0 -= 30_000;
            t1 += 30_000;
        }
        double max = sorted.stream().mapToDouble(Point::value).max().orElse(0);
        Scale y = Scale.of(unit, max);
        yAxis(svg, y, axis);
        xTimeAxis(svg, t0, t1, zone);
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (Point p : sorted) {
            double x = x(p.at().toEpochMilli(), t0, t1);
            double yy = y.pixel(p.value());
            line.append(line.isEmpty() ? "" : " ").append(fmt(x)).append(',').append(fmt(yy));
            dots.append("<circle class=\"dot ").append(esc(p.kind())).append("\" cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(yy))
                    .append("\" r=\"3\"><title>").append(esc(p.label())).append("</title></circle>");
        }
        svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"#2753c6\" stroke-width=\"1.5\" points=\"").append(line).append("\"/>");
        svg.append(dots);
        return svg.append("</svg>").toString();
    }

    /**
     * Bars of stacked series over equal time buckets starting at {@code start}, each {@code bucket}
     * long, labelled in {@code zone}, with a legend; counts on the y axis.
     */
    static String stackedBars(String title, String axis, Instant start, Duration bucket, int buckets, List<Stack> stacks, ZoneId zone) {
        StringBuilder svg = open(title);
        long[] totals = new long[buckets];
        for (Stack s : stacks) {
            for (int i = 0; i < buckets && i < s.values().length; i++) {
                totals[i] += s.values()[i];
            }
        }
        long max = java.util.Arrays.stream(totals).max().orElse(0);
        Scale y = Scale.of(Unit.COUNT, max);
        yAxis(svg, y, axis);
        double plot = WIDTH - LEFT - RIGHT;
        double slot = plot / buckets;
        DateTimeFormatter hour = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(zone);
        int every = Math.max(1, buckets / 8);
        for (int i = 0; i < buckets; i += every) {
            double x = LEFT + i * slot;
            svg.append("<line class=\"tick\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(HEIGHT - BOTTOM)
                    .append("\" y2=\"").append(HEIGHT - BOTTOM + 4).append("\" stroke=\"#98a2b3\"/>");
            svg.append("<text class=\"x-label\" x=\"").append(fmt(x)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"11\">").append(esc(hour.format(start.plus(bucket.multipliedBy(i)))))
                    .append("</text>");
        }
        svg.append("<text class=\"axis-title\" x=\"").append(LEFT + (int) plot / 2).append("\" y=\"").append(HEIGHT - 4)
                .append("\" text-anchor=\"middle\" font-size=\"11\">").append(esc("hour queued (" + zone.getId() + ")")).append("</text>");
        DateTimeFormatter full = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
        for (int i = 0; i < buckets; i++) {
            double base = HEIGHT - BOTTOM;
            for (Stack s : stacks) {
                long v = i < s.values().length ? s.values()[i] : 0;
                if (v == 0) {
                    continue;
                }
                double h = y.pixel(0) - y.pixel(v);
                double top = base - h; // stacked on the series below
                svg.append("<rect class=\"bar ").append(esc(s.name())).append("\" x=\"").append(fmt(LEFT + i * slot + 1)).append("\" y=\"")
                        .append(fmt(top)).append("\" width=\"").append(fmt(Math.max(1, slot - 2))).append("\" height=\"").append(fmt(h))
                        .append("\"><title>").append(esc(full.format(start.plus(bucket.multipliedBy(i))) + ": " + v + " " + s.name()))
                        .append("</title></rect>");
                base = top;
            }
        }
        int lx = LEFT;
        for (Stack s : stacks) {
            svg.append("<rect class=\"bar ").append(esc(s.name())).append("\" x=\"").append(lx).append("\" y=\"2\" width=\"10\" height=\"10\"/>");
            svg.append("<text x=\"").append(lx + 14).append("\" y=\"11\" font-size=\"11\">").append(esc(s.name())).append("</text>");
            lx += 24 + 7 * s.name().length();
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\"><title>").append(esc(title)).append("</title>");
    }

    private static String empty(StringBuilder svg, String note) {
        return svg.append("<text class=\"empty\" x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                .append("\" text-anchor=\"middle\" font-size=\"12\">").append(esc(note)).append("</text></svg>").toString();
    }

    /** The y axis: its line, a grid line and label per tick, and the title with the unit, turned up the left side. */
    private static void yAxis(StringBuilder svg, Scale y, String axis) {
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" y2=\"")
                .append(HEIGHT - BOTTOM).append("\" stroke=\"#667085\"/>");
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(HEIGHT - BOTTOM)
                .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\" stroke=\"#667085\"/>");
        for (int i = 0; i <= TICKS; i++) {
            double v = y.step() * i;
            double py = y.pixelScaled(v);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(fmt(py))
                    .append("\" y2=\"").append(fmt(py)).append("\" stroke=\"#e4e7ec\"/>");
            svg.append("<text class=\"y-label\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(py + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\">").append(esc(y.label(v))).append("</text>");
        }
        int mid = TOP + (HEIGHT - BOTTOM - TOP) / 2;
        svg.append("<text class=\"axis-title\" x=\"14\" y=\"").append(mid).append("\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 14 ")
                .append(mid).append(")\">").append(esc(y.unit() == Unit.COUNT ? axis : axis + " (" + y.unitName() + ")")).append("</text>");
    }

    /** The x axis of a time series: five labelled ticks between the first and last time, and its title with the zone. */
    private static void xTimeAxis(StringBuilder svg, long t0, long t1, ZoneId zone) {
        boolean sameDay = Instant.ofEpochMilli(t0).atZone(zone).toLocalDate().equals(Instant.ofEpochMilli(t1).atZone(zone).toLocalDate());
        // ticks a minute or less apart need their seconds to tell apart
        String pattern = t1 - t0 <= 4 * 60_000L ? "HH:mm:ss" : sameDay ? "HH:mm" : "MM-dd HH:mm";
        DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(zone);
        for (int i = 0; i <= 4; i++) {
            long t = t0 + (t1 - t0) * i / 4;
            double x = x(t, t0, t1);
            svg.append("<line class=\"tick\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(HEIGHT - BOTTOM)
                    .append("\" y2=\"").append(HEIGHT - BOTTOM + 4).append("\" stroke=\"#98a2b3\"/>");
            svg.append("<text class=\"x-label\" x=\"").append(fmt(x)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                    .append("\" text-anchor=\"").append(i == 0 ? "start" : i == 4 ? "end" : "middle").append("\" font-size=\"11\">")
                    .append(esc(f.format(Instant.ofEpochMilli(t)))).append("</text>");
        }
        String day = sameDay ? DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(zone).format(Instant.ofEpochMilli(t0)) + ", " : "";
        svg.append("<text class=\"axis-title\" x=\"").append(LEFT + (WIDTH - LEFT - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 4)
                .append("\" text-anchor=\"middle\" font-size=\"11\">").append(esc("run finished (" + day + zone.getId() + ")")).append("</text>");
    }

    private static double x(long t, long t0, long t1) {
        return LEFT + (double) (t - t0) / (t1 - t0) * (WIDTH - LEFT - RIGHT);
    }

    /**
     * A y axis from 0: {@value #TICKS} ticks of a round step (1, 2 or 5 times a power of ten, in
     * the unit shown) whose top reaches the largest value.
     *
     * @param divisor what one unit shown is in the values' unit (60 for minutes of seconds)
     */
    record Scale(Unit unit, String unitName, double divisor, double step) {

        static Scale of(Unit unit, double max) {
            String name = "";
            double divisor = 1;
            if (unit == Unit.DURATION) {
                if (max >= 2 * 3600) {
                    name = "h";
                    divisor = 3600;
                } else if (max >= 120) {
                    name = "min";
                    divisor = 60;
                } else {
                    name = "s";
                }
            }
            double step = niceStep(max / divisor / TICKS);
            // a count has no halves: ticks of at least one
            return new Scale(unit, name, divisor, unit == Unit.COUNT ? Math.max(1, step) : step);
        }

        /** The smallest of 1, 2, 5 × 10^k at least {@code raw}; 1 for nothing (or less) to show. */
        static double niceStep(double raw) {
            if (!(raw > 0)) {
                return 1;
            }
            double power = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 5, 10}) {
                if (m * power >= raw * (1 - 1e-9)) {
                    return m * power;
                }
            }
            return 10 * power;
        }

        /** The pixel row of a value in the values' unit. */
        double pixel(double value) {
            return pixelScaled(value / divisor);
        }

        double pixelScaled(double shown) {
            double top = step * TICKS;
            return HEIGHT - BOTTOM - shown / top * (HEIGHT - BOTTOM - TOP);
        }

        String label(double shown) {
            if (unit == Unit.COUNT) {
                return count(shown);
            }
            return (shown == Math.rint(shown) ? String.valueOf((long) shown) : String.format(Locale.ROOT, "%.1f", shown));
        }

        static String count(double v) {
            if (v >= 1_000_000) {
                return trim(v / 1_000_000) + "M";
            }
            if (v >= 10_000) {
                return trim(v / 1_000) + "k";
            }
            return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.1f", v);
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text);
    }
}
