package dev.rendergateway.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric names read from a PromQL expression are its series, never its functions, labels or variables. */
class PromQlMetricNamesTest {

    @Test
    void namesTheSeriesOfAnExpressionAndNothingElse() {
        String expression = "histogram_quantile(0.9, sum by (job, le) (rate(gateway_queue_wait_seconds_bucket"
                + "{job=\"render-gateway\", status=~\"error|done\"}[10m]))) > 300 unless on (job) "
                + "max(gateway_queue_depth{instance=~\"$instance\"}[$__rate_interval]) / ignoring (status) group_left "
                + "process_files_max_files offset 5m and bool up";

        assertThat(PromQlMetricNames.of(expression)).containsExactly("gateway_queue_depth",
                "gateway_queue_wait_seconds_bucket", "process_files_max_files", "up");
    }
}
