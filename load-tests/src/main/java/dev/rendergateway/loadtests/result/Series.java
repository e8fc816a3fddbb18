package dev.rendergateway.loadtests.result;

import java.util.List;

/** One named line or bar group of a chart: y values at x positions (bar charts use the category index as x). */
public record Series(String name, List<Double> xs, List<Double> ys) {

    /** Validates that every x has its y. */
    public Series {
        if (xs.size() != ys.size()) {
            throw new IllegalArgumentException("series " + name + ": " + xs.size() + " xs, " + ys.size() + " ys");
        }
        xs = List.copyOf(xs);
        ys = List.copyOf(ys);
    }
}
