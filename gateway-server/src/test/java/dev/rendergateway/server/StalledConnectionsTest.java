package dev.rendergateway.server;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow and oversized requests cannot exhaust the listener: 300 stalled half-sent requests do not delay a
 * normal render and are closed after the read timeout, a trickling head too; oversized heads and request
 * lines get problem answers.
 */
class StalledConnectionsTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final int STALLED = 300;

    @Test
    void threeHundredStalledConnectionsNeitherDelayARenderNorOutliveTheReadTimeout() throws Exception {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_READ_TIMEOUT", "2s", "GATEWAY_UPSTREAM_RATE", "100"));
             Sockets stalled = new Sockets()) {
            long opened = System.nanoTime();
            for (int i = 0; i < STALLED; i++) {
                stalled.open(env.port()).write(("POST /v1/renders HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
                        + ACME_KEY + "\r\nX-Half: ").getBytes(StandardCharsets.US_ASCII));
            }

            long start = System.nanoTime();
            String id = env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello())).json()
                    .path("id").asText();
            env.client().awaitEvent("/v1/renders/" + id + "/events", ACME_KEY,
                    event -> event.data().contains("\"status\":\"done\""));
            Duration renderTook = Duration.ofNanos(System.nanoTime() - start);

            assertThat(renderTook).as("a normal render among stalled connections")
                    .isLessThan(Duration.ofSeconds(3));
            for (Socket socket : stalled.all()) {
                assertThat(closedByServer(socket)).isTrue();
            }
            Duration allClosed = Duration.ofNanos(System.nanoTime() - opened);
            assertThat(allClosed).isLessThan(READ_TIMEOUT.plusSeconds(3));
            System.out.printf("render among %d stalled connections: %d ms; all stalled closed after %d ms%n",
                    STALLED, renderTook.toMillis(), allClosed.toMillis());
        }
    }

    @Test
    void closesAHeadThatTricklesInSlowerThanTheReadTimeout() throws Exception {
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_READ_TIMEOUT", "2s")); Sockets sockets = new Sockets()) {
            OutputStream out = sockets.open(env.port());
            out.write("GET /v1/renders HTTP/1.1\r\nHost: gateway\r\n".getBytes(StandardCharsets.US_ASCII));
            trickler.scheduleAtFixedRate(() -> {
                try {
                    out.write('a');
                    out.flush();
                } catch (IOException closed) {
                    // the server closed it: what this spec expects
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();

            assertThat(closedByServer(sockets.all().get(0))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(READ_TIMEOUT.plusSeconds(2));
        } finally {
            trickler.shutdownNow();
        }
    }

    @Test
    void answersOversizedHeadsAndRequestLinesWithProblems() {
        try (TestGateway env = TestGateway.start()) {
            Reply bigHeader = env.client().exchange(HttpMethod.GET, "/v1/renders",
                    h -> h.set("X-Big", "x".repeat(20_000)), null);
            Reply longLine = env.client().get("/v1/renders/" + "r".repeat(10_000), ACME_KEY);

            assertThat(bigHeader.status()).isEqualTo(431);
            assertThat(bigHeader.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(bigHeader.json().path("status").asInt()).isEqualTo(431);
            assertThat(longLine.status()).isEqualTo(414);
            assertThat(longLine.json().path("type").asText()).isEqualTo("/problems/uri-too-long");
        }
    }

    /** Whether the server closes the connection (end of stream or reset) within 5 s, sending nothing. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** Raw client sockets, closed together. */
    private static final class Sockets implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();

        OutputStream open(int port) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            sockets.add(socket);
            return socket.getOutputStream();
        }

        List<Socket> all() {
            return sockets;
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
