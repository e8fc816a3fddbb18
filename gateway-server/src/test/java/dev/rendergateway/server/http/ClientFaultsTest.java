package dev.rendergateway.server.http;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.rendergateway.server.support.LogCapture;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client's fault is the client's: an undecodable or abandoned request body is answered (when it still can be) with
 * a 4xx, logged at INFO, and counted under that 4xx; never as the gateway's ERROR or 500. Proven with raw sockets.
 */
class ClientFaultsTest {

    private static TestGateway env;

    @BeforeAll
    static void start() {
        env = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void anInvalidChunkSizeIsA400LoggedAndCountedAsTheClients() throws IOException {
        try (LogCapture logs = LogCapture.start(Level.INFO, "dev.rendergateway", "render-gateway.access", "reactor")) {
            String answer = exchange("POST /v1/renders HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " + ACME_KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("application/problem+json");
            awaitAccessLine(logs, "POST /v1/renders 400");
            assertNoErrorAndNo5xx(logs);
        }
    }

    @Test
    void aClientThatLeavesMidBodyIsCountedAs499NotAsAnError() throws IOException {
        try (LogCapture logs = LogCapture.start(Level.INFO, "dev.rendergateway", "render-gateway.access", "reactor")) {
            try (Socket socket = new Socket("127.0.0.1", env.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/renders HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " + ACME_KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"movie\":")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Closed now: TCP delivers the head and the partial body before the end of the stream, so the
                // handler has begun reading the body when the connection goes.
            }
            awaitAccessLine(logs, "POST /v1/renders 499");
            assertNoErrorAndNo5xx(logs);
        }
    }

    private static void awaitAccessLine(LogCapture logs, String line) {
        Eventually.await("access line '" + line + "'", Duration.ofSeconds(5),
                () -> logs.events().stream().anyMatch(e -> e.getLoggerName().equals("render-gateway.access")
                        && e.getFormattedMessage().equals(line)));
    }

    private static void assertNoErrorAndNo5xx(LogCapture logs) {
        List<ILoggingEvent> errors = logs.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .toList();
        assertThat(errors).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(metrics().lines().filter(line -> line.startsWith("http_server_requests_seconds_count"))
                .filter(line -> line.contains("status=\"5"))).isEmpty();
    }

    private static String metrics() {
        return env.client().get("/metrics", null).body();
    }

    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", env.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
