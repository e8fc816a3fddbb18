package dev.rendergateway.loadtests.result;

import java.util.List;

/**
 * Everything one scenario measured, as written to {@code <id>.json} and read back by the report.
 *
 * @param id      the scenario's id, also its argument to {@code load-tests/run.sh}
 * @param title   its heading
 * @param command the command that reproduces it
 * @param seconds how long it ran
 * @param figures its figures, each against a same-run reference
 * @param charts  its charts
 * @param notes   method, parameters and caveats, one paragraph each
 */
public record ScenarioResult(String id, String title, String command, double seconds, List<Figure> figures,
                             List<Chart> charts, List<String> notes) {

    /** Copies the lists. */
    public ScenarioResult {
        figures = List.copyOf(figures);
        charts = List.copyOf(charts);
        notes = List.copyOf(notes);
    }
}
