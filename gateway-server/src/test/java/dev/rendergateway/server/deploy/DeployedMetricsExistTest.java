package dev.rendergateway.server.deploy;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every metric the alert rules (deploy/prometheus/alerts.yml) and the Grafana dashboard (deploy/grafana) read is
 * served by a running gateway's /metrics once it has done a render: a renamed metric breaks this spec, not an
 * operator's alert in silence.
 */
class DeployedMetricsExistTest {

    /** Series Prometheus records itself, not any target: scrape health and the alerts' own state. */
    private static final Set<String> RECORDED_BY_PROMETHEUS = Set.of("up", "ALERTS");

    @Test
    void everyMetricOfTheAlertRulesIsServedAfterARender() {
        Set<String> names = new TreeSet<>();
        DeployFiles.alertRules().forEach(rule -> names.addAll(PromQlMetricNames.of(rule.expr())));

        assertThat(DeployFiles.alertRules()).hasSizeGreaterThanOrEqualTo(10);
        assertServedAfterARender(names);
    }

    @Test
    void everyMetricOfTheDashboardIsServedAfterARender() {
        Set<String> names = new TreeSet<>(DeployFiles.dashboardVariableMetrics());
        DeployFiles.dashboardExpressions().forEach(expression -> names.addAll(PromQlMetricNames.of(expression)));

        assertThat(DeployFiles.dashboardExpressions()).hasSizeGreaterThanOrEqualTo(20);
        assertServedAfterARender(names);
    }

    private static void assertServedAfterARender(Set<String> names) {
        names.removeAll(RECORDED_BY_PROMETHEUS);
        assertThat(names).as("metric names read from deploy/").hasSizeGreaterThanOrEqualTo(10);
        try (TestGateway env = TestGateway.start()) {
            String id = env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello()))
                    .json().path("id").asText();
            env.client().awaitEvent("/v1/renders/" + id + "/events", ACME_KEY,
                    event -> event.data().contains("\"status\":\"done\""));

            Reply scrape = env.client().get("/metrics", null);

            assertThat(scrape.status()).isEqualTo(200);
            Set<String> served = Arrays.stream(scrape.body().split("\n"))
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0])
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(served).as("series names on /metrics").containsAll(names);
        }
    }
}
