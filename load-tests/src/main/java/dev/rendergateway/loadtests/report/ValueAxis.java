package dev.rendergateway.loadtests.report;

import dev.rendergateway.loadtests.result.Chart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The value (y) axis of a chart: linear from zero, or log10 over whole decades; maps values to pixels. */
public record ValueAxis(double low, double high, boolean log, double top, double bottom) {

    /** An axis holding every value and the goal of {@code chart}, drawn between pixel rows top and bottom. */
    public static ValueAxis fitting(Chart chart, double top, double bottom) {
        List<Double> values = new ArrayList<>();
        chart.series().forEach(s -> values.addAll(s.ys()));
        if (chart.goal() != null) {
            values.add(chart.goal());
        }
        double max = values.stream().mapToDouble(d -> d).max().orElse(1);
        if (chart.logY()) {
            double min = values.stream().mapToDouble(d -> d).filter(d -> d > 0).min().orElse(1);
            return new ValueAxis(Math.pow(10, Math.floor(Math.log10(min))),
                    Math.pow(10, Math.ceil(Math.log10(Math.max(max, min * 10)))), true, top, bottom);
        }
        return new ValueAxis(0, niceCeiling(max * 1.12), false, top, bottom);
    }

    /** The pixel row of {@code value}. */
    public double y(double value) {
        double fraction = log
                ? (Math.log10(Math.max(value, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))
                : (value - low) / (high - low);
        return bottom - fraction * (bottom - top);
    }

    /** Tick values: each decade (log) or five even steps (linear). */
    public List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double t = low; t <= high * 1.0001; t *= 10) {
                ticks.add(t);
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                ticks.add(low + (high - low) * i / 5);
            }
        }
        return ticks;
    }

    /** A short label: integers without decimals, small values with up to three significant digits. */
    public static String label(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
