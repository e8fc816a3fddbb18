package dev.rendergateway.loadtests.result;

import java.util.List;

/**
 * What a scenario wants drawn; the report renders it to {@code docs/benchmarks/<file>}.
 *
 * @param file       the SVG file name
 * @param title      the chart title
 * @param kind       {@link Kind#BARS} (categories on x) or {@link Kind#LINES}
 * @param xLabel     x axis label
 * @param yLabel     y axis label
 * @param categories bar categories (empty for lines)
 * @param series     the data
 * @param goal       a horizontal goal line, or null
 * @param logY       whether y is drawn on a log scale
 */
public record Chart(String file, String title, Kind kind, String xLabel, String yLabel, List<String> categories,
                    List<Series> series, Double goal, boolean logY) {

    /** How the data is drawn. */
    public enum Kind { BARS, LINES }

    /** Copies the lists. */
    public Chart {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
    }
}
