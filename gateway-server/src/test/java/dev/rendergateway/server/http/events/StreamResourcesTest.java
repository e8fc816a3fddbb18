package dev.rendergateway.server.http.events;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.StreamStats;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.testkit.Eventually;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.SseWatch;
import dev.rendergateway.server.support.TestGateway;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/**
 * What streams cost the gateway: clients that open and abandon thousands of streams leave nothing behind,
 * and a client that stops reading neither grows the gateway's memory nor delays other watchers.
 */
class StreamResourcesTest {

    private static final int ABANDONED = 3_000;
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Test
    void releasesEverySubscriptionAndBufferWhenThousandsOfStreamsAreAbandoned() {
        try (TestGateway env = TestGateway.start()) {
            String id = env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.withDirective(
                    "sandbox:render-time=3600s"))).json().path("id").asText();
            SseWatch watch = new SseWatch(env.port());
            assertThat(env.gateway().streamStats().isIdle()).isTrue();

            Disposable.Composite streams = Disposables.composite();
            for (int i = 0; i < ABANDONED; i++) {
                String path = switch (i % 3) {
                    case 0 -> "/v1/events";
                    case 1 -> "/v1/events?render=" + id;
                    default -> "/v1/renders/" + id + "/events";
                };
                streams.add(watch.events(path, GatewayClient.bearer(ACME_KEY)).subscribe());
            }
            try {
                Eventually.await(ABANDONED + " streams open", WITHIN,
                        () -> env.gateway().streamStats().openStreams() == ABANDONED);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + env.gateway().streamStats());
            }
            StreamStats open = env.gateway().streamStats();

            streams.dispose();

            Eventually.await("all released", WITHIN,
                    () -> env.gateway().streamStats().isIdle());
            assertThat(open.subscribers()).isEqualTo(ABANDONED);
            assertThat(open.subscribedKeys()).as("the tenant and the render").isEqualTo(2);
            System.out.printf("abandoned streams: open %s, after %s%n", open, env.gateway().streamStats());
        }
    }

    @Test
    void keepsASlowReadersBacklogBoundedWhileOtherWatchersGetEveryRenderToItsEnd() throws Exception {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_UPSTREAM_RATE", "1000"));
             Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("127.0.0.1", env.port()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /v1/events HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + ACME_KEY
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Eventually.await("the slow stream open", WITHIN, () -> env.gateway().streamStats().openStreams() == 1);
            Set<String> finished = ConcurrentHashMap.newKeySet();
            var fast = new SseWatch(env.port()).events("/v1/events", GatewayClient.bearer(ACME_KEY))
                    .filter(event -> event.status().equals("done"))
                    .doOnNext(event -> finished.add(event.render().path("id").asText()))
                    .subscribe();
            Eventually.await("the fast stream open", WITHIN, () -> env.gateway().streamStats().openStreams() == 2);

            List<String> ids = Flux.range(0, 40)
                    .map(i -> env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.hello(),
                            Movies.json("{\"padding\": \"" + "x".repeat(20_000) + "\"}"))).json().path("id").asText())
                    .collectList().block();

            Eventually.await("the fast watcher saw every render end", WITHIN, () -> finished.containsAll(ids));
            StreamStats meanwhile = env.gateway().streamStats();
            fast.dispose();
            slow.close();

            assertThat(meanwhile.pendingEvents()).as("events waiting for the slow reader").isLessThanOrEqualTo(1_024);
            assertThat(meanwhile.conflatedEvents()).as("progress of the slow reader, latest wins").isPositive();
            Eventually.await("all released", WITHIN,
                    () -> env.gateway().streamStats().isIdle());
            System.out.printf("slow reader: %s while 40 renders ran%n", meanwhile);
        }
    }

}
