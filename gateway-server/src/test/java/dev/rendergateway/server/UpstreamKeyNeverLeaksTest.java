package dev.rendergateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.sandbox.faults.Fault;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.LogCapture;
import dev.rendergateway.server.support.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JSON2Video key lives only in the gateway: a run through success, upstream refusals and upstream
 * failures, with every log line captured at DEBUG and every answer and event read, shows no trace of it.
 */
class UpstreamKeyNeverLeaksTest {

    private static final String UPSTREAM_KEY = "j2v-live-Q7xZ3kP9mW2rT8vB";
    private static final String TENANT_KEY = "acme-key-123456";
    private static final String MOVIE = "{\"movie\":{\"scenes\":[{\"elements\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}}";

    private final List<String> seenByClients = new ArrayList<>();
    private LogCapture logs;
    private Json2VideoSandbox sandbox;
    private RenderGateway gateway;

    @BeforeEach
    void captureEverything() {
        logs = LogCapture.start(Level.DEBUG, Logger.ROOT_LOGGER_NAME, "dev.rendergateway", "reactor.netty", "io.netty");
    }

    @AfterEach
    void stop() {
        stopGateway();
        logs.close();
    }

    private void stopGateway() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    @Test
    void leavesNoTraceOfTheUpstreamKeyInLogsAnswersOrEvents() {
        sandbox = Json2VideoSandbox.start(SandboxConfig.custom()
                .apiKey(UPSTREAM_KEY)
                .renderTime(Duration.ofMillis(300))
                .pendingTime(Duration.ofMillis(50))
                .build());
        gateway = RenderGateway.start(GatewayConfig.fromEnvironment(Map.of(
                        "GATEWAY_PORT", "0",
                        "GATEWAY_POLL_INTERVAL", "50ms",
                        "GATEWAY_RECONCILE_WINDOW", "600ms",
                        "GATEWAY_API_KEYS", "acme:" + TENANT_KEY))
                .withUpstream(URI.create(sandbox.baseUrl()), UPSTREAM_KEY));
        GatewayClient client = new GatewayClient(gateway.port());

        renderToTheEnd(client);
        sandbox.faults().next(Fault.NOT_FOUND);
        renderToTheEnd(client);
        sandbox.faults().next(Fault.SERVER_ERROR);
        renderToTheEnd(client);
        sandbox.faults().next(Fault.DROP_AFTER_READ);
        renderToTheEnd(client);
        read(client.get("/v1/renders?limit=100", TENANT_KEY));
        read(client.get("/health/ready", null));
        read(client.get("/v1/renders/r_nope", TENANT_KEY));

        assertThat(gateway.toString()).doesNotContain(UPSTREAM_KEY);
        stopGateway();

        assertThat(seenByClients).hasSizeGreaterThan(10);
        assertThat(seenByClients).noneMatch(text -> text.contains(UPSTREAM_KEY));
        assertThat(logs.lines()).hasSizeGreaterThan(10);
        assertThat(logs.lines()).noneMatch(line -> line.contains(UPSTREAM_KEY));
    }

    private void renderToTheEnd(GatewayClient client) {
        Reply created = read(client.post("/v1/renders", TENANT_KEY, MOVIE));
        String id = created.json().get("id").asText();
        var stream = client.events("/v1/renders/" + id + "/events", TENANT_KEY);
        stream.events().forEach(event -> seenByClients.add(event.data()));
        assertThat(stream.events()).last().satisfies(last -> assertThat(last.status())
                .isIn("done", "error"));
        read(client.get("/v1/renders/" + id, TENANT_KEY));
    }

    private Reply read(Reply reply) {
        seenByClients.add(reply.body());
        seenByClients.add(reply.headers().toString());
        return reply;
    }
}
