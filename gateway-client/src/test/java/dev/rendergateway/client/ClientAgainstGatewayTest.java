package dev.rendergateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.testkit.Eventually;
import dev.rendergateway.testkit.FreePort;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Every client call round-trips against a real gateway (in front of the JSON2Video sandbox) on a free port. */
class ClientAgainstGatewayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static LiveGateway gateway;
    private static RenderGatewayClient client;

    @BeforeAll
    static void start() {
        gateway = LiveGateway.start();
        client = gateway.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        gateway.close();
    }

    private static RenderRequest request(String comment, int n) {
        ObjectNode metadata = new ObjectMapper().createObjectNode().put("n", n);
        return RenderRequest.of(LiveGateway.movie(comment)).withMetadata(metadata);
    }

    @Test
    void aSubmittedRenderIsWatchedFromItsCurrentStateToDoneAndTheWatchCompletes() {
        Render accepted = client.submit(request("hello", 1)).block(PATIENCE);
        assertThat(accepted.status()).isIn(RenderStatus.QUEUED, RenderStatus.SUBMITTING);
        assertThat(accepted.metadata().get("n").asInt()).isEqualTo(1);

        List<Render> states = client.watch(accepted.id()).collectList().block(PATIENCE);

        assertThat(states).isNotEmpty().allMatch(render -> render.id().equals(accepted.id()));
        assertThat(states.subList(0, states.size() - 1)).noneMatch(Render::isTerminal);
        Render last = states.get(states.size() - 1);
        assertThat(last.status()).isEqualTo(RenderStatus.DONE);
        assertThat(last.url()).isNotBlank();
        assertThat(states).extracting(Render::progress).isSorted();
        assertThat(client.get(accepted.id()).block(PATIENCE).status()).isEqualTo(RenderStatus.DONE);
    }

    @Test
    void theJavadocExampleRunsAsWritten() throws Exception {
        // RenderGatewayClient's Javadoc example, with this gateway's URL and key.
        try (RenderGatewayClient client = RenderGatewayClient.builder()
                .baseUrl(gateway.url())
                .apiKey(LiveGateway.KEY)
                .build()) {
            ObjectNode movie = (ObjectNode) new ObjectMapper().readTree(
                    "{\"scenes\": [{\"elements\": [{\"type\": \"text\", \"text\": \"Hello\"}]}]}");
            Render done = client.submit(RenderRequest.of(movie))
                    .flatMapMany(render -> client.watch(render.id()))
                    .doOnNext(render -> System.out.println(render.status() + " " + render.progress() + "%"))
                    .blockLast();
            System.out.println(done.url());

            assertThat(done.status()).isEqualTo(RenderStatus.DONE);
        }
    }

    @Test
    void aRenderTheUpstreamFailsEndsTheWatchInErrorWithItsCode() {
        Render accepted = client.submit(request("sandbox:error", 2)).block(PATIENCE);

        Render last = client.watch(accepted.id()).blockLast(PATIENCE);

        assertThat(last.status()).isEqualTo(RenderStatus.ERROR);
        assertThat(last.error().code()).isEqualTo("render_failed");
    }

    @Test
    void theSameIdempotencyKeyNeverMakesASecondRender() {
        RenderRequest keyed = request("once", 3).withIdempotencyKey("order-" + System.nanoTime());

        Render first = client.submit(keyed).block(PATIENCE);
        Render again = client.submit(keyed).block(PATIENCE);

        assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    void aBatchIsAnsweredLineByLineInOrderWithBadLinesFailingAlone() {
        Flux<RenderRequest> requests = Flux.range(1, 500).map(n -> n == 250
                ? RenderRequest.of(LiveGateway.json("{\"scenes\":[]}")) : request("batch", n));

        List<BatchResult> results = client.submitAll(requests).collectList().block(PATIENCE);

        assertThat(results).hasSize(500);
        assertThat(results).extracting(BatchResult::line)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj(Long::valueOf).toList());
        assertThat(results.get(249).accepted()).isFalse();
        assertThat(results.get(249).problem().status()).isEqualTo(422);
        assertThat(results.get(249).request().movie().get("scenes")).isEmpty();
        assertThat(results.stream().filter(BatchResult::accepted))
                .hasSize(499)
                .allSatisfy(result -> assertThat(result.render().metadata().get("n").asLong())
                        .isEqualTo(result.line()));
    }

    @Test
    void aBatchSendsOnlyAsFastAsTheGatewayAnswers() {
        // An endless source: were the client to read ahead without bound, it would never get to the 20 answers.
        Flux<RenderRequest> endless = Flux.<RenderRequest, Integer>generate(() -> 0,
                (n, sink) -> {
                    sink.next(request("endless", n + 1));
                    return n + 1;
                }).subscribeOn(Schedulers.boundedElastic());

        StepVerifier.create(client.submitAll(endless).take(20))
                .expectNextCount(20)
                .verifyComplete();
    }

    @Test
    void listHidesThePagingAndFiltersByStatus() {
        RenderGatewayClient fresh = RenderGatewayClient.builder().baseUrl(gateway.url())
                .apiKey(LiveGateway.OTHER_KEY).build();
        List<String> ids = Flux.range(1, 7).concatMap(n -> fresh.submit(request("listed", n)))
                .map(Render::id).collectList().block(PATIENCE);

        List<Render> listed = fresh.list(RenderFilter.all().pageSize(2)).collectList().block(PATIENCE);

        assertThat(listed).extracting(Render::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(listed).extracting(Render::createdAt).isSortedAccordingTo(Comparator.reverseOrder());
        fresh.watchEach(ids).blockLast(PATIENCE);
        assertThat(fresh.list(RenderFilter.withStatus(RenderStatus.DONE).pageSize(3)).collectList().block(PATIENCE))
                .hasSize(7).allMatch(render -> render.status() == RenderStatus.DONE);
        assertThat(fresh.list(RenderFilter.withStatus(RenderStatus.QUEUED)).collectList().block(PATIENCE)).isEmpty();
        fresh.close();
    }

    @Test
    void watchEachCompletesOnceEveryRenderHasEnded() {
        List<String> ids = Flux.just(request("a", 1), request("sandbox:error", 2), request("c", 3))
                .concatMap(client::submit).map(Render::id).collectList().block(PATIENCE);

        List<Render> states = client.watchEach(ids).collectList().block(PATIENCE);

        assertThat(states.stream().filter(Render::isTerminal).map(Render::id).distinct())
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void watchEachSpreadsMoreThan100RendersOverSeveralStreams() {
        // The gateway takes at most 100 renders per stream: 120 need two, and the flux ends when both have.
        List<String> ids = client.submitAll(Flux.range(1, 120).map(n -> request("many", n)))
                .map(result -> result.render().id()).collectList().block(PATIENCE);

        List<Render> states = client.watchEach(ids).collectList().block(Duration.ofSeconds(60));

        assertThat(states.stream().filter(Render::isTerminal).map(Render::id).distinct())
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void watchAllSeesRendersSubmittedAfterItStarted() {
        Mono<Render> later = Mono.delay(Duration.ofMillis(300)).then(client.submit(request("later", 9))).cache();
        later.subscribe();

        Render seen = client.watchAll()
                .filterWhen(event -> later.map(submitted -> submitted.id().equals(event.id())))
                .blockFirst(PATIENCE);

        assertThat(seen).isNotNull();
    }

    @Test
    void anUnknownRenderIsA404ProblemAndAWrongKeyA401() {
        StepVerifier.create(client.get("r_doesnotexist"))
                .expectErrorSatisfies(error -> {
                    RenderGatewayException refused = (RenderGatewayException) error;
                    assertThat(refused.status()).isEqualTo(404);
                    assertThat(refused.problem().title()).isNotBlank();
                    assertThat(refused.isAuthentication()).isFalse();
                })
                .verify(PATIENCE);
        RenderGatewayClient stranger = RenderGatewayClient.builder().baseUrl(gateway.url()).apiKey("wrong-key").build();
        StepVerifier.create(stranger.list())
                .expectErrorSatisfies(error -> assertThat(((RenderGatewayException) error).isAuthentication()).isTrue())
                .verify(PATIENCE);
        stranger.close();
    }

    @Test
    void aGatewayThatIsNotThereIsGatewayUnreachable() {
        RenderGatewayClient nowhere = RenderGatewayClient.builder()
                .baseUrl("http://127.0.0.1:" + FreePort.pick().port()).apiKey("k")
                .maxAttempts(1).build();

        StepVerifier.create(nowhere.get("r_1"))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(GatewayUnreachableException.class)
                        .hasMessageContaining("cannot reach the gateway at http://127.0.0.1:"))
                .verify(PATIENCE);
        nowhere.close();
    }

    @Test
    void cancellingAQueuedRenderEndsItAndASubmittedOneIsA409() {
        try (LiveGateway slow = LiveGateway.start(Map.of("GATEWAY_UPSTREAM_RATE", "0.05"));
             RenderGatewayClient patient = slow.client()) {
            Render first = patient.submit(request("first", 1)).block(PATIENCE);
            Render second = patient.submit(request("second", 2)).block(PATIENCE);
            Eventually.await("the first render was sent upstream", PATIENCE,
                    () -> patient.get(first.id()).block(PATIENCE).status() != RenderStatus.QUEUED);

            assertThat(patient.cancel(second.id()).block(PATIENCE).status()).isEqualTo(RenderStatus.CANCELLED);
            StepVerifier.create(patient.cancel(first.id()))
                    .expectErrorSatisfies(error -> assertThat(((RenderGatewayException) error).status())
                            .isEqualTo(409))
                    .verify(PATIENCE);
            assertThat(patient.watch(second.id()).blockLast(PATIENCE).status()).isEqualTo(RenderStatus.CANCELLED);
        }
    }
}
