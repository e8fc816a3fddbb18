package dev.rendergateway.server.http.events;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static dev.rendergateway.server.support.TestGateway.ZETA_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.server.support.Bodies;
import dev.rendergateway.testkit.Eventually;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.SseEvent;
import dev.rendergateway.server.support.SseWatch;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event streams over real HTTP: the multiplexed {@code /v1/events}, the framing and headers the contract
 * fixes, and resumption with {@code Last-Event-ID} that neither loses nor repeats an event.
 */
class EventStreamsTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private TestGateway env;
    private GatewayClient client;
    private SseWatch watch;

    @BeforeEach
    void start() {
        env = TestGateway.start();
        client = env.client();
        watch = new SseWatch(env.port());
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void followsEveryRenderOfTheTenantOnOneStreamIncludingRendersCreatedAfterItOpened() {
        String before = submit(ACME_KEY);
        client.events("/v1/renders/" + before + "/events", ACME_KEY);
        CompletableFuture<List<SseEvent>> all = allUntilDone(watch.events("/v1/events",
                GatewayClient.bearer(ACME_KEY)), 3);
        awaitOpenStreams(1);
        String later1 = submit(ACME_KEY);
        String later2 = submit(ACME_KEY);
        submit(ZETA_KEY);

        List<SseEvent> events = all.join();

        assertThat(events.get(0).render().path("id").asText()).as("first: the current state").isEqualTo(before);
        assertThat(events.get(0).status()).isEqualTo("done");
        assertThat(ids(events)).as("ids strictly increase").isSorted().doesNotHaveDuplicates();
        assertThat(events).extracting(e -> e.render().path("id").asText()).containsOnly(before, later1, later2);
        assertThat(events).filteredOn(e -> e.render().path("id").asText().equals(later1))
                .extracting(SseEvent::status).contains("queued", "running", "done");
    }

    @Test
    void followsOnlyTheNamedRendersAndSendsTheHeadersThatStopProxyBuffering() {
        String first = submit(ACME_KEY);
        String second = submit(ACME_KEY);
        String other = submit(ACME_KEY);

        HttpHeaders answer = watch.headersOf("/v1/events?render=" + first + "&render=" + second,
                GatewayClient.bearer(ACME_KEY));
        List<SseEvent> events = allUntilDone(watch.events("/v1/events?render=" + first + "&render=" + second,
                GatewayClient.bearer(ACME_KEY)), 2).join();

        assertThat(events).extracting(e -> e.render().path("id").asText()).containsOnly(first, second)
                .doesNotContain(other);
        assertThat(events).allSatisfy(e -> assertThat(e.id()).matches("\\d+"));
        assertThat(answer.get("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(answer.get("Cache-Control")).isEqualTo("no-cache");
        assertThat(answer.get("X-Accel-Buffering")).isEqualTo("no");
    }

    @Test
    void resumesAfterTheLastEventIdWithoutLosingOrRepeatingAnEvent() {
        String id = submit(ACME_KEY);
        String path = "/v1/renders/" + id + "/events";
        CompletableFuture<List<SseEvent>> reference = watch.events(path, GatewayClient.bearer(ACME_KEY))
                .collectList().toFuture();
        awaitOpenStreams(1);

        List<SseEvent> beforeDrop = watch.events(path, GatewayClient.bearer(ACME_KEY))
                .takeUntil(event -> event.status().equals("running") && event.render().path("progress").asInt() > 0)
                .collectList().block(WITHIN);
        String lastSeen = beforeDrop.get(beforeDrop.size() - 1).id();
        List<SseEvent> afterReconnect = watch.events(path, headers(ACME_KEY, lastSeen)).collectList().block(WITHIN);

        List<SseEvent> joined = new ArrayList<>(beforeDrop);
        joined.addAll(afterReconnect);
        assertThat(afterReconnect).isNotEmpty();
        assertThat(ids(joined)).as("no event repeated").doesNotHaveDuplicates().isSorted();
        assertThat(ids(joined)).as("no event lost").containsExactlyElementsOf(from(ids(joined).get(0), reference));
        assertThat(joined.get(joined.size() - 1).status()).isEqualTo("done");
    }

    @Test
    void resumesTheMultiplexedStreamWithEveryChangeMissedWhileAway() {
        String first = submit(ACME_KEY);
        CompletableFuture<List<SseEvent>> reference = allUntilDone(watch.events("/v1/events",
                GatewayClient.bearer(ACME_KEY)), 2);
        awaitOpenStreams(1);
        List<SseEvent> beforeDrop = watch.events("/v1/events", GatewayClient.bearer(ACME_KEY))
                .take(2).collectList().block(WITHIN);
        String second = submit(ACME_KEY);
        client.events("/v1/renders/" + second + "/events", ACME_KEY);
        client.events("/v1/renders/" + first + "/events", ACME_KEY);

        List<SseEvent> afterReconnect = allUntilDone(watch.events("/v1/events",
                headers(ACME_KEY, beforeDrop.get(1).id())), 2).join();

        List<SseEvent> joined = new ArrayList<>(beforeDrop);
        joined.addAll(afterReconnect);
        assertThat(ids(joined)).doesNotHaveDuplicates().isSorted()
                .containsExactlyElementsOf(from(ids(joined).get(0), reference));
    }

    @Test
    void answersNoContentToAClientThatAlreadySawTheEndSoEventSourceStopsReconnecting() {
        String id = submit(ACME_KEY);
        List<SseEvent> all = client.events("/v1/renders/" + id + "/events", ACME_KEY).events();

        Reply reply = client.exchange(HttpMethod.GET, "/v1/renders/" + id + "/events",
                headers(ACME_KEY, all.get(all.size() - 1).id()), null);

        assertThat(reply.status()).isEqualTo(204);
    }

    @Test
    void refusesAnotherTenantsRenderAndAnEmptyRenderParameterWithProblems() {
        String id = submit(ZETA_KEY);

        Reply foreign = client.get("/v1/events?render=" + id, ACME_KEY);
        Reply empty = client.get("/v1/events?render=", ACME_KEY);
        Reply anonymous = client.get("/v1/events", null);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.json().path("errors").get(0).path("field").asText()).isEqualTo("render");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
    }

    private String submit(String key) {
        return client.post("/v1/renders", key, Bodies.render(Movies.hello())).json().path("id").asText();
    }

    private static CompletableFuture<List<SseEvent>> allUntilDone(reactor.core.publisher.Flux<SseEvent> events,
                                                                  int renders) {
        Set<String> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return events.takeUntil(event -> {
                    if (Set.of("done", "error", "timeout", "cancelled").contains(event.status())) {
                        done.add(event.render().path("id").asText());
                    }
                    return done.size() == renders;
                })
                .collectList()
                .timeout(WITHIN)
                .toFuture();
    }

    /** The reference watcher's ids from {@code first} on: it may have opened a little earlier. */
    private static List<Long> from(long first, CompletableFuture<List<SseEvent>> reference) {
        return ids(reference.join()).stream().filter(id -> id >= first).toList();
    }

    private void awaitOpenStreams(int count) {
        Eventually.await(count + " open streams", WITHIN, () -> env.gateway().streamStats().openStreams() >= count);
    }

    private static List<Long> ids(List<SseEvent> events) {
        return events.stream().map(e -> Long.parseLong(e.id())).toList();
    }

    private static Consumer<HttpHeaders> headers(String key, String lastEventId) {
        return GatewayClient.bearer(key).andThen(h -> h.set("Last-Event-ID", lastEventId));
    }
}
