package dev.rendergateway.server.http.events;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.SseEvent;
import dev.rendergateway.server.support.SseWatch;
import dev.rendergateway.server.support.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * However many browsers watch a render, the gateway polls the upstream for it on its own schedule only:
 * 1,000 SSE watchers of one render cause exactly the upstream GETs that one watcher causes. Polls every 2 s
 * of a 3 s sandbox render: one tick sees it running, the next sees it done, with a second of margin either way.
 */
class ThousandWatchersTest {

    private static final String SLOW_ENOUGH = "sandbox:render-time=3000ms";

    @Test
    void aThousandWatchersOfOneRenderCauseTheUpstreamGetsOfOne() {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_POLL_INTERVAL", "2s",
                "GATEWAY_UPSTREAM_RATE", "1000"))) {
            long one = upstreamGetsWhileWatchedBy(1, env);
            long thousand = upstreamGetsWhileWatchedBy(1_000, env);

            System.out.printf("upstream GETs of one render: 1 watcher %d, 1,000 watchers %d%n", one, thousand);
            assertThat(thousand).isEqualTo(one).isEqualTo(2);
            assertThat(env.sandbox().counters().posts()).isEqualTo(2);
        }
    }

    private static long upstreamGetsWhileWatchedBy(int watchers, TestGateway env) {
        long before = env.sandbox().counters().gets();
        String id = env.client().post("/v1/renders", ACME_KEY, Bodies.render(Movies.withDirective(SLOW_ENOUGH)))
                .json().path("id").asText();
        SseWatch watch = new SseWatch(env.port());

        List<List<SseEvent>> seen = Flux.range(0, watchers)
                .flatMap(i -> watch.events("/v1/renders/" + id + "/events", GatewayClient.bearer(ACME_KEY))
                        .collectList(), watchers)
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(seen).hasSize(watchers).allSatisfy(events -> {
            assertThat(events.get(events.size() - 1).status()).isEqualTo("done");
            assertThat(events).extracting(e -> Long.parseLong(e.id())).isSorted().doesNotHaveDuplicates();
        });
        return env.sandbox().counters().gets() - before;
    }
}
