package dev.rendergateway.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The files of the repository's deploy/ directory, read as operators' tools read them (YAML, JSON). */
final class DeployFiles {

    /** deploy/, seen from the gateway-server module where the specs run. */
    static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    static final Path ALERTS = DEPLOY.resolve("prometheus/alerts.yml");
    static final Path ALERT_TESTS = DEPLOY.resolve("prometheus/alerts_test.yml");
    static final Path PROMETHEUS_CONFIG = DEPLOY.resolve("prometheus/prometheus.yml");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/render-gateway.json");
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private DeployFiles() {
    }

    /** An alerting rule of alerts.yml: its name and PromQL expression. */
    record AlertRule(String alert, String expr) {
    }

    /** Every rule of every group of alerts.yml. */
    static List<AlertRule> alertRules() {
        List<AlertRule> rules = new ArrayList<>();
        for (JsonNode group : yaml(ALERTS).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.add(new AlertRule(rule.path("alert").asText(), rule.path("expr").asText()));
            }
        }
        return rules;
    }

    /** The dashboard as Grafana imports it. */
    static JsonNode dashboard() {
        try {
            return JSON.readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL expression of the dashboard: its panels' targets and its annotations. */
    static List<String> dashboardExpressions() {
        return dashboard().findValues("expr").stream().map(JsonNode::asText).toList();
    }

    /** The metrics the dashboard's template variables read their values from ({@code label_values(metric, …)}). */
    static List<String> dashboardVariableMetrics() {
        List<String> metrics = new ArrayList<>();
        for (JsonNode definition : dashboard().path("templating").path("list").findValues("definition")) {
            Matcher metric = LABEL_VALUES.matcher(definition.asText());
            while (metric.find()) {
                metrics.add(metric.group(1));
            }
        }
        return metrics;
    }

    /** Every document of every YAML file under deploy/kubernetes (several per file where separated by ---). */
    static List<JsonNode> kubernetesDocuments() {
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(YAML.readValues(YAML.getFactory().createParser(file.toFile()), JsonNode.class)
                        .readAll());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** One YAML file as a tree. */
    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
