package dev.rendergateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.EventStream;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With nothing configured but the port, the gateway runs on its embedded defaults: an in-process
 * JSON2Video sandbox, in-memory state and one generated key for tenant {@code dev}, each announced in the log.
 */
class EmbeddedDefaultsTest {

    private static final Pattern DEV_KEY_LINE = Pattern.compile("tenant 'dev'.*?:\\s*(\\S+)$");
    private static final Pattern SANDBOX_AT = Pattern.compile("embedded JSON2Video sandbox at http://[^:]+:(\\d+)");
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger gatewayLogger;
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        // The shared logback-test.xml keeps the gateway at WARN; these specs read its INFO announcements.
        gatewayLogger = (Logger) LoggerFactory.getLogger("dev.rendergateway");
        previousLevel = gatewayLogger.getLevel();
        gatewayLogger.setLevel(Level.INFO);
    }

    @AfterEach
    void releaseLogs() {
        gatewayLogger.setLevel(previousLevel);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        logs.stop();
    }

    @Test
    void startsTheSandboxAndADevKeyAndServesARenderWithIt() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of(
                "GATEWAY_PORT", "0",
                "GATEWAY_POLL_INTERVAL", "100ms"));

        try (RenderGateway gateway = RenderGateway.start(config)) {
            List<String> lines = messages();
            assertThat(lines).anyMatch(line -> line.contains("embedded JSON2Video sandbox"));
            assertThat(lines).filteredOn(line -> LISTENING.matcher(line).find()).singleElement()
                    .satisfies(line -> assertThat(port(line)).isEqualTo(gateway.port()).isPositive());
            String key = devKey(lines);
            assertThat(key).hasSizeGreaterThanOrEqualTo(32);

            GatewayClient client = new GatewayClient(gateway.port());
            Reply ready = client.get("/health/ready", null);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("status").asText()).isEqualTo("UP");
            assertThat(client.get("/v1/renders", "some-other-key-123").status()).isEqualTo(401);

            Reply created = client.post("/v1/renders", key,
                    Bodies.render(Movies.withDirective("sandbox:render-time=500ms")));
            assertThat(created.status()).as("%s", created).isEqualTo(202);
            String id = created.json().path("id").asText();
            EventStream stream = client.events("/v1/renders/" + id + "/events", key);

            assertThat(stream.last().status()).isEqualTo("done");
            assertThat(stream.last().render().path("url").asText()).startsWith("http");
            List<String> after = messages();
            assertThat(after).filteredOn(line -> line.contains(key)).as("lines showing the dev key").hasSize(1);
            assertThat(after).as("the embedded upstream's key is never logged")
                    .noneMatch(line -> line.matches("(?s).*sandbox-[0-9a-f]{32}.*"));
        }
    }

    @Test
    void theAnnouncedPortAnswersLivenessAndReadiness() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of("GATEWAY_PORT", "0"));

        try (RenderGateway gateway = RenderGateway.start(config)) {
            int announced = messages().stream().filter(line -> LISTENING.matcher(line).find())
                    .mapToInt(EmbeddedDefaultsTest::port).findFirst().orElseThrow();

            Reply live = new GatewayClient(announced).get("/health/live", null);
            assertThat(live.status()).isEqualTo(200);
            assertThat(new GatewayClient(announced).get("/health/ready", null).status()).isEqualTo(200);
        }
    }

    @Test
    void stopsTheEmbeddedSandboxWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            GatewayConfig config = GatewayConfig.fromEnvironment(Map.of(
                    "GATEWAY_PORT", Integer.toString(taken.getLocalPort())));

            assertThatThrownBy(() -> RenderGateway.start(config)).isInstanceOf(RuntimeException.class);

            int sandboxPort = messages().stream().map(SANDBOX_AT::matcher).filter(Matcher::find)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst().orElseThrow();
            assertThatThrownBy(() -> new Socket("127.0.0.1", sandboxPort).close())
                    .as("the embedded sandbox of a gateway that failed to start is stopped")
                    .isInstanceOf(ConnectException.class);
        }
    }

    private List<String> messages() {
        synchronized (logs) {
            return new ArrayList<>(logs.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static String devKey(List<String> lines) {
        List<String> keys = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = DEV_KEY_LINE.matcher(line);
            if (matcher.find()) {
                keys.add(matcher.group(1));
            }
        }
        assertThat(keys).as("log lines announcing the dev key in %s", lines).hasSize(1);
        return keys.get(0);
    }

    private static int port(String line) {
        Matcher matcher = LISTENING.matcher(line);
        assertThat(matcher.find()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
