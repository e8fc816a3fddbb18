package dev.rendergateway.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real promtool (Debian's prometheus package) accepts deploy/prometheus: the rules parse and are valid
 * PromQL, their unit tests pass, every alert is exercised by one, and the example configuration is valid.
 */
class PrometheusRulesIT {

    private static final Path PROMETHEUS = DeployFiles.ALERTS.getParent();

    @Test
    void promtoolFindsEveryAlertRuleValid() {
        Promtool.Outcome check = Promtool.run(PROMETHEUS, "check", "rules", "alerts.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + DeployFiles.alertRules().size() + " rules found");
    }

    @Test
    void theRulesUnitTestsPass() {
        Promtool.Outcome test = Promtool.run(PROMETHEUS, "test", "rules", "alerts_test.yml");

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertIsExercisedByAUnitTest() {
        Set<String> tested = new TreeSet<>();
        for (JsonNode test : DeployFiles.yaml(DeployFiles.ALERT_TESTS).path("tests")) {
            test.path("alert_rule_test").forEach(expected -> tested.add(expected.path("alertname").asText()));
        }
        Set<String> alerts = DeployFiles.alertRules().stream().map(DeployFiles.AlertRule::alert)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(tested).isEqualTo(alerts);
    }

    @Test
    void theExampleScrapeConfigurationIsValidAndLoadsTheRules() {
        Promtool.Outcome check = Promtool.run(PROMETHEUS, "check", "config", "prometheus.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 1 rule files found")
                .contains("SUCCESS: " + DeployFiles.alertRules().size() + " rules found");
    }
}
