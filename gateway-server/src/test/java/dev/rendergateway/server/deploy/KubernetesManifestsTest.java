package dev.rendergateway.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.server.config.ConfigVariable;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.TestGateway;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests of deploy/kubernetes describe a gateway that starts and stops as the gateway really does: the
 * probes hit its health endpoints on its port, every variable is one it reads and the whole environment is a
 * valid configuration, Redis is where GATEWAY_REDIS_URL says, and Kubernetes waits for the graceful drain.
 */
class KubernetesManifestsTest {

    /** RenderGatewayMain halts the process this long after GATEWAY_DRAIN_TIMEOUT, whatever happens. */
    private static final Duration HALT_GRACE = Duration.ofSeconds(2);

    private final List<JsonNode> documents = DeployFiles.kubernetesDocuments();
    private final JsonNode deployment = find("Deployment", "render-gateway");
    private final JsonNode pod = deployment.path("spec").path("template");
    private final JsonNode container = pod.path("spec").path("containers").get(0);

    @Test
    void probesAskTheGatewaysHealthEndpointsOnThePortItListensOn() {
        JsonNode liveness = container.path("livenessProbe").path("httpGet");
        JsonNode readiness = container.path("readinessProbe").path("httpGet");
        JsonNode startup = container.path("startupProbe").path("httpGet");

        assertThat(liveness.path("path").asText()).isEqualTo("/health/live");
        assertThat(readiness.path("path").asText()).isEqualTo("/health/ready");
        assertThat(startup.path("path").asText()).isEqualTo("/health/live");
        int listening = Integer.parseInt(environment().get("GATEWAY_PORT"));
        assertThat(List.of(liveness, readiness, startup))
                .allSatisfy(probe -> assertThat(containerPort(probe.path("port").asText())).isEqualTo(listening));
        try (TestGateway env = TestGateway.start()) {
            assertThat(env.gateway().routes()).contains("GET /health/live", "GET /health/ready");
            assertThat(env.client().get("/health/live", null).status()).isEqualTo(200);
            assertThat(env.client().get("/health/ready", null).status()).isEqualTo(200);
        }
    }

    @Test
    void everyVariableIsOneTheGatewayReadsAndTogetherTheyAreAValidConfiguration() {
        List<String> names = new ArrayList<>();
        container.path("env").forEach(variable -> names.add(variable.path("name").asText()));

        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(ConfigVariable.isKnown(name)).as(name).isTrue());
        GatewayConfig config = GatewayConfig.fromEnvironment(environment());
        assertThat(config.tenantsByApiKey()).isNotEmpty();
        assertThat(config.port()).isEqualTo(8080);
    }

    @Test
    void theJson2VideoKeyAndOtherSecretsComeFromASecretNeverFromTheManifest() {
        for (String secret : List.of("JSON2VIDEO_API_KEY", "GATEWAY_API_KEYS", "GATEWAY_TOKEN_SECRET",
                "GATEWAY_HOOK_SECRET")) {
            JsonNode variable = variable(secret);
            assertThat(variable.has("value")).as(secret + " has no literal value").isFalse();
            JsonNode reference = variable.path("valueFrom").path("secretKeyRef");
            JsonNode source = find("Secret", reference.path("name").asText());
            assertThat(source.path("stringData").has(reference.path("key").asText())).as(secret).isTrue();
        }
    }

    @Test
    void redisIsWhereGatewayRedisUrlPointsAndItsServiceSelectsItsPod() {
        URI redis = URI.create(variable("GATEWAY_REDIS_URL").path("value").asText());
        JsonNode service = find("Service", redis.getHost());
        JsonNode statefulSet = find("StatefulSet", "redis");

        assertThat(service.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(redis.getPort());
        assertSelects(service, statefulSet.path("spec").path("template"));
    }

    @Test
    void theServiceSendsTrafficToTheGatewaysNamedPort() {
        JsonNode service = find("Service", "render-gateway");

        assertSelects(service, pod);
        assertThat(containerPort(service.path("spec").path("ports").get(0).path("targetPort").asText()))
                .isEqualTo(8080);
    }

    @Test
    void kubernetesWaitsForThePreStopPauseAndTheWholeGracefulDrainBeforeKillingThePod() {
        GatewayConfig config = GatewayConfig.fromEnvironment(environment());
        List<String> preStop = new ArrayList<>();
        container.path("lifecycle").path("preStop").path("exec").path("command")
                .forEach(word -> preStop.add(word.asText()));
        Duration pause = Duration.ofSeconds(Long.parseLong(preStop.get(1)));
        Duration grace = Duration.ofSeconds(pod.path("spec").path("terminationGracePeriodSeconds").asLong(30));

        assertThat(preStop.get(0)).isEqualTo("sleep");
        assertThat(pause).isPositive();
        assertThat(grace).isGreaterThan(pause.plus(config.drainTimeout()).plus(HALT_GRACE));
    }

    @Test
    void everyContainerAsksForResourcesAndBoundsItsMemory() {
        List<JsonNode> containers = new ArrayList<>();
        documents.stream().filter(document -> document.path("spec").path("template").isObject())
                .forEach(workload -> workload.path("spec").path("template").path("spec").path("containers")
                        .forEach(containers::add));

        assertThat(containers).hasSize(2).allSatisfy(each -> {
            assertThat(each.path("resources").path("requests").path("cpu").isMissingNode()).isFalse();
            assertThat(each.path("resources").path("requests").path("memory").isMissingNode()).isFalse();
            assertThat(each.path("resources").path("limits").path("memory").isMissingNode()).isFalse();
        });
    }

    @Test
    void theKustomizationListsEveryManifestAndOnlyExistingOnes() throws IOException {
        JsonNode kustomization = DeployFiles.yaml(DeployFiles.KUBERNETES.resolve("kustomization.yaml"));
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(resource -> resources.add(resource.asText()));
        List<String> manifests;
        try (Stream<Path> files = Files.list(DeployFiles.KUBERNETES)) {
            manifests = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).toList();
        }

        assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
        assertThat(kustomization.path("images").get(0).path("name").asText())
                .isEqualTo(container.path("image").asText());
    }

    /** The container's environment, secrets taken from the example Secret as Kubernetes would. */
    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (JsonNode variable : container.path("env")) {
            JsonNode reference = variable.path("valueFrom").path("secretKeyRef");
            String value = reference.isMissingNode() ? variable.path("value").asText()
                    : find("Secret", reference.path("name").asText()).path("stringData")
                            .path(reference.path("key").asText()).asText();
            env.put(variable.path("name").asText(), value);
        }
        return env;
    }

    private JsonNode variable(String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no variable " + name + " in the Deployment");
    }

    /** The container port a probe or Service names (a port name, or a number). */
    private int containerPort(String nameOrNumber) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(nameOrNumber)
                    || port.path("containerPort").asText().equals(nameOrNumber)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("the container has no port " + nameOrNumber);
    }

    private static void assertSelects(JsonNode service, JsonNode podTemplate) {
        JsonNode selector = service.path("spec").path("selector");
        assertThat(selector.size()).isPositive();
        selector.fields().forEachRemaining(label -> assertThat(podTemplate.path("metadata").path("labels")
                .path(label.getKey()).asText()).as(label.getKey()).isEqualTo(label.getValue().asText()));
    }

    private JsonNode find(String kind, String name) {
        return documents.stream()
                .filter(document -> document.path("kind").asText().equals(kind)
                        && document.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/kubernetes"));
    }
}
