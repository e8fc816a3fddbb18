package dev.rendergateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@code watch} survives dropped connections: it reconnects after the server's {@code retry:} with
 * {@code Last-Event-ID}, against a raw-socket server whose bytes and recorded request heads are the spec's own.
 */
class WatchResumesTest {

    private static final String STREAM_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";

    private RawHttpServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private RenderGatewayClient client(int maxAttempts) {
        return RenderGatewayClient.builder().baseUrl(server.url()).apiKey("raw-key").maxAttempts(maxAttempts).build();
    }

    private static String event(long id, String status, int progress) {
        return "id: " + id + "\nevent: render\ndata: {\"id\":\"r_1\",\"status\":\"" + status + "\",\"progress\":"
                + progress + "}\n\n";
    }

    @Test
    void aDroppedStreamIsResumedWithTheLastEventIdAndEndsAtTheTerminalState() {
        server = new RawHttpServer((connection, head, out) -> {
            RawHttpServer.write(out, STREAM_HEAD);
            if (connection == 0) {
                RawHttpServer.write(out, "retry: 20\n\n: heartbeat\n\n" + event(41, "queued", 0)
                        + event(42, "running", 40));
                return; // the connection drops here, before the end of the render
            }
            RawHttpServer.write(out, event(43, "running", 80) + event(44, "done", 100));
            awaitClientClose(out);
        });

        StepVerifier.create(client(3).watch("r_1"))
                .assertNext(render -> assertThat(render.status()).isEqualTo(RenderStatus.QUEUED))
                .assertNext(render -> assertThat(render.progress()).isEqualTo(40))
                .assertNext(render -> assertThat(render.progress()).isEqualTo(80))
                .assertNext(render -> assertThat(render.status()).isEqualTo(RenderStatus.DONE))
                .verifyComplete();

        assertThat(server.heads).hasSize(2);
        assertThat(server.heads.get(0)).startsWith("GET /v1/renders/r_1/events HTTP/1.1")
                .containsIgnoringCase("accept: text/event-stream")
                .containsIgnoringCase("authorization: Bearer raw-key")
                .doesNotContainIgnoringCase("last-event-id");
        assertThat(server.heads.get(1)).containsIgnoringCase("last-event-id: 42\r\n");
    }

    @Test
    void a204OnReconnectionMeansItEndedMeanwhileAndItsFinalStateIsRead() {
        server = new RawHttpServer((connection, head, out) -> {
            if (head.startsWith("GET /v1/renders/r_1 ")) {
                String body = "{\"id\":\"r_1\",\"status\":\"error\",\"progress\":60,"
                        + "\"error\":{\"code\":\"render_failed\",\"message\":\"boom\"}}";
                RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            } else if (connection == 0) {
                RawHttpServer.write(out, STREAM_HEAD + "retry: 20\n\n" + event(7, "running", 60));
            } else {
                RawHttpServer.write(out, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
            }
        });

        StepVerifier.create(client(3).watch("r_1"))
                .assertNext(render -> assertThat(render.status()).isEqualTo(RenderStatus.RUNNING))
                .assertNext(render -> {
                    assertThat(render.status()).isEqualTo(RenderStatus.ERROR);
                    assertThat(render.error()).isEqualTo(new RenderError("render_failed", "boom"));
                })
                .verifyComplete();
        assertThat(server.heads.get(1)).containsIgnoringCase("last-event-id: 7\r\n");
    }

    @Test
    void aSilentConnectionIsAbandonedAfterTheIdleTimeoutAndResumed() {
        server = new RawHttpServer((connection, head, out) -> {
            RawHttpServer.write(out, STREAM_HEAD + "retry: 20\n\n");
            if (!head.toLowerCase(java.util.Locale.ROOT).contains("last-event-id: 9")) {
                RawHttpServer.write(out, event(9, "running", 10));
                Mono.delay(Duration.ofSeconds(10)).block(); // then silent: no event, no heartbeat
                return;
            }
            RawHttpServer.write(out, event(10, "done", 100));
            awaitClientClose(out);
        });
        RenderGatewayClient client = RenderGatewayClient.builder().baseUrl(server.url()).apiKey("raw-key")
                .streamIdleTimeout(Duration.ofSeconds(1)).build();

        List<Integer> progress = client.watch("r_1").map(Render::progress).collectList().block(Duration.ofSeconds(20));

        // A fresh JVM's first connections may be slower than the timeout; what matters is the resumption.
        assertThat(progress).startsWith(10).endsWith(100).doesNotContain(0);
        assertThat(server.heads).last().asString().containsIgnoringCase("last-event-id: 9\r\n");
    }

    @Test
    void givesUpAfterMaxAttemptsConnectionsInARowWithNeitherEventNorHeartbeat() {
        server = new RawHttpServer((connection, head, out) -> RawHttpServer.write(out, STREAM_HEAD + "retry: 10\n\n"));

        StepVerifier.create(client(3).watch("r_1"))
                .expectError(GatewayUnreachableException.class)
                .verify(Duration.ofSeconds(10));
        assertThat(server.heads).hasSize(3);
    }

    private static void awaitClientClose(OutputStream out) throws IOException {
        // A stream that stays open: the client closes it once it has the terminal state.
        for (int i = 0; i < 500; i++) {
            RawHttpServer.write(out, ": heartbeat\n\n");
            Mono.delay(Duration.ofMillis(20)).block();
        }
    }
}
