package dev.rendergateway.server.deploy;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scraping a real gateway with the alert rules of deploy/prometheus: it reads the gateway's
 * metrics back through its query API, evaluates every rule without error, and runs every query of the Grafana
 * dashboard against the scraped data.
 */
class PrometheusScrapesGatewayIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void prometheusReadsTheGatewaysMetricsAndEvaluatesTheAlertsAndTheDashboard() {
        try (TestGateway env = TestGateway.start()) {
            String id = env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello()))
                    .json().path("id").asText();
            env.client().awaitEvent("/v1/renders/" + id + "/events", ACME_KEY,
                    event -> event.data().contains("\"status\":\"done\""));

            try (PrometheusServer prometheus = PrometheusServer.start(directory, configuration(env.port()))) {
                Eventually.await("the done render read back through Prometheus", WITHIN, () -> "1".equals(
                        value(prometheus.query("gateway_renders_total{job=\"render-gateway\", status=\"done\", "
                                + "tenant=\"acme\"}"))));
                assertThat(value(prometheus.query("up{job=\"render-gateway\"}"))).isEqualTo("1");

                Eventually.await("every alert rule evaluated", WITHIN, () -> evaluatedRules(prometheus).size()
                        == DeployFiles.alertRules().size());
                assertThat(evaluatedRules(prometheus)).allSatisfy(rule -> assertThat(rule.path("health").asText())
                        .as(rule.path("name").asText() + ": " + rule.path("lastError").asText()).isEqualTo("ok"));
                assertThat(firing(prometheus)).as("nothing is wrong with a healthy gateway").isEmpty();

                assertThat(DeployFiles.dashboardExpressions()).allSatisfy(expression -> {
                    JsonNode answer = prometheus.query(asGrafanaSendsIt(expression));
                    assertThat(answer.path("status").asText()).as(expression + " → " + answer).isEqualTo("success");
                });
            }
        }
    }

    /** Scrapes the gateway every second and evaluates deploy/prometheus/alerts.yml every second. */
    private static String configuration(int gatewayPort) {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: render-gateway
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(DeployFiles.ALERTS, gatewayPort);
    }

    /** The value of a one-series instant vector answer, or null when it has no series (yet). */
    private static String value(JsonNode answer) {
        JsonNode result = answer.path("data").path("result");
        return result.size() == 1 ? result.get(0).path("value").get(1).asText() : null;
    }

    /** The alerting rules Prometheus has evaluated at least once. */
    private static List<JsonNode> evaluatedRules(PrometheusServer prometheus) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : prometheus.get("/api/v1/rules?type=alert").path("data").path("groups")) {
            group.path("rules").forEach(rule -> {
                if (!"unknown".equals(rule.path("health").asText())) {
                    rules.add(rule);
                }
            });
        }
        return rules;
    }

    private static List<String> firing(PrometheusServer prometheus) {
        List<String> alerts = new ArrayList<>();
        prometheus.get("/api/v1/alerts").path("data").path("alerts")
                .forEach(alert -> alerts.add(alert.path("labels").path("alertname").asText()));
        return alerts;
    }

    /** The expression with the dashboard's variables replaced as Grafana does before it queries. */
    private static String asGrafanaSendsIt(String expression) {
        return expression.replace("$__rate_interval", "1m").replace("$job", "render-gateway")
                .replace("$instance", ".*");
    }
}
