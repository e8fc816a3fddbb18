package dev.rendergateway.loadtests.result;

/**
 * One measured figure: what was measured on whom, against which reference measured in the same run.
 *
 * @param subject       who was measured ("gateway", "SDK pattern, direct", …)
 * @param metric        what was measured
 * @param value         the measurement
 * @param unit          its unit
 * @param reference     the baseline (or budget) it is compared with, or null
 * @param referenceName what the reference is
 * @param ratio         value / reference, or null without a reference
 * @param goal          the goal in words, or "—"
 * @param verdict       whether the goal is met
 */
public record Figure(String subject, String metric, double value, String unit, Double reference,
                     String referenceName, Double ratio, String goal, Verdict verdict) {

    /** A figure compared with a reference; the ratio is computed (null when the reference is 0). */
    public static Figure compared(String subject, String metric, double value, String unit, double reference,
                                  String referenceName, String goal, Verdict verdict) {
        Double ratio = reference == 0 ? null : value / reference;
        return new Figure(subject, metric, value, unit, reference, referenceName, ratio, goal, verdict);
    }

    /** A figure without a reference. */
    public static Figure alone(String subject, String metric, double value, String unit, String goal,
                               Verdict verdict) {
        return new Figure(subject, metric, value, unit, null, "—", null, goal, verdict);
    }
}
