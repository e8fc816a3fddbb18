package dev.rendergateway.loadtests.report;

import dev.rendergateway.loadtests.result.Chart;
import dev.rendergateway.loadtests.result.Series;
import java.util.List;
import java.util.Locale;

/** Draws a {@link Chart} as a self-contained SVG: grouped bars or lines, linear or log value axis, goal line. */
public final class SvgChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 380;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 90;
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"};

    private final Chart chart;
    private final ValueAxis axis;
    private final StringBuilder svg = new StringBuilder();

    /** A drawing of {@code chart}. */
    public SvgChart(Chart chart) {
        this.chart = chart;
        this.axis = ValueAxis.fitting(chart, TOP, HEIGHT - BOTTOM);
    }

    /** The SVG document. */
    public String render() {
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(WIDTH / 2.0, 22, chart.title(), "middle", 15);
        drawValueAxis();
        if (chart.kind() == Chart.Kind.BARS) {
            drawBars();
        } else {
            drawLines();
        }
        drawGoal();
        drawLegend();
        text(14, (TOP + HEIGHT - BOTTOM) / 2.0, chart.yLabel(), "middle", 12, "rotate(-90 14 "
                + (TOP + HEIGHT - BOTTOM) / 2.0 + ")");
        text(LEFT + plotWidth() / 2.0, HEIGHT - BOTTOM + 38, chart.xLabel(), "middle", 12);
        return svg.append("</svg>\n").toString();
    }

    private void drawValueAxis() {
        line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "#333", "");
        line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "#333", "");
        for (double tick : axis.ticks()) {
            double y = axis.y(tick);
            line(LEFT, y, WIDTH - RIGHT, y, "#e5e5e5", "");
            text(LEFT - 6, y + 4, ValueAxis.label(tick), "end", 11);
        }
    }

    private void drawBars() {
        List<String> categories = chart.categories();
        int groups = categories.size();
        int perGroup = chart.series().size();
        double groupWidth = plotWidth() / groups;
        double barWidth = groupWidth * 0.8 / perGroup;
        for (int g = 0; g < groups; g++) {
            double x0 = LEFT + g * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < perGroup; s++) {
                List<Double> ys = chart.series().get(s).ys();
                if (g < ys.size()) {
                    double y = axis.y(ys.get(g));
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                            + "fill=\"%s\"><title>%s: %s</title></rect>%n", x0 + s * barWidth, y, barWidth * 0.92,
                            Math.max(0, HEIGHT - BOTTOM - y), colour(s), escape(chart.series().get(s).name()),
                            ValueAxis.label(ys.get(g))));
                    text(x0 + (s + 0.46) * barWidth, y - 3, ValueAxis.label(ys.get(g)), "middle", 9);
                }
            }
            text(LEFT + (g + 0.5) * groupWidth, HEIGHT - BOTTOM + 16, categories.get(g), "middle", 11);
        }
    }

    private void drawLines() {
        double minX = chart.series().stream().flatMap(s -> s.xs().stream()).mapToDouble(d -> d).min().orElse(0);
        double maxX = chart.series().stream().flatMap(s -> s.xs().stream()).mapToDouble(d -> d).max().orElse(1);
        double span = maxX > minX ? maxX - minX : 1;
        for (int s = 0; s < chart.series().size(); s++) {
            Series series = chart.series().get(s);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < series.xs().size(); i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                        LEFT + (series.xs().get(i) - minX) / span * plotWidth(), axis.y(series.ys().get(i))));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>%n", colour(s), points.toString().trim()));
        }
        for (int i = 0; i <= 5; i++) {
            double x = minX + span * i / 5;
            text(LEFT + plotWidth() * i / 5, HEIGHT - BOTTOM + 16, ValueAxis.label(x), "middle", 11);
        }
    }

    private void drawGoal() {
        if (chart.goal() != null) {
            double y = axis.y(chart.goal());
            line(LEFT, y, WIDTH - RIGHT, y, "#d62728", "stroke-dasharray=\"6 4\"");
            text(WIDTH - RIGHT - 4, y - 4, "goal " + ValueAxis.label(chart.goal()), "end", 11, "", "#d62728");
        }
    }

    private void drawLegend() {
        double x = LEFT;
        double y = HEIGHT - 28;
        for (int s = 0; s < chart.series().size(); s++) {
            String name = chart.series().get(s).name();
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    x, y - 10, colour(s)));
            text(x + 16, y, name, "start", 11);
            x += 30 + name.length() * 6.5;
        }
    }

    private double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }

    private void line(double x1, double y1, double x2, double y2, String colour, String extra) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" %s/>%n",
                x1, y1, x2, y2, colour, extra));
    }

    private void text(double x, double y, String text, String anchor, int size) {
        text(x, y, text, anchor, size, "", "#222");
    }

    private void text(double x, double y, String text, String anchor, int size, String transform) {
        text(x, y, text, anchor, size, transform, "#222");
    }

    private void text(double x, double y, String text, String anchor, int size, String transform, String colour) {
        String rotate = transform.isEmpty() ? "" : " transform=\"" + transform + "\"";
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" "
                + "fill=\"%s\"%s>%s</text>%n", x, y, anchor, size, colour, rotate, escape(text)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
