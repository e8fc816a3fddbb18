package dev.rendergateway.sandbox;

import dev.rendergateway.sandbox.faults.Fault;
import dev.rendergateway.sandbox.faults.FaultDecision;
import dev.rendergateway.sandbox.faults.SandboxFaults;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Routes, records, authenticates, counts and injects faults into every HTTP request of the sandbox. It is as
 * strict as a real API front end: 411 for a POST without {@code Content-Length}, 401 for a missing or wrong
 * key, 415 for a movie not sent as JSON, 400 for invalid JSON.
 */
final class SandboxHttpHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
    static final String MOVIES = "/v2/movies";
    static final int MAX_BODY = 5 * 1024 * 1024;
    private static final FaultDecision NO_FAULT = new FaultDecision(null, java.time.Duration.ZERO, 0);

    private final byte[] apiKey;
    private final SandboxCounters counters;
    private final SandboxFaults faults;
    private final MoviesEndpoint endpoint;
    private final AnswerWriter writer;
    private final RequestLog requests;
    private final ThumbnailAsset thumbnails;

    SandboxHttpHandler(SandboxConfig config, SandboxCounters counters, SandboxFaults faults, MoviesEndpoint endpoint,
            RequestLog requests, ThumbnailAsset thumbnails) {
        this.thumbnails = thumbnails;
        this.requests = requests;
        this.apiKey = config.apiKey().getBytes(StandardCharsets.UTF_8);
        this.counters = counters;
        this.faults = faults;
        this.endpoint = endpoint;
        this.writer = new AnswerWriter(config.chunkedResponses());
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String method = request.method().name();
        if (uri.path().startsWith(ThumbnailAsset.PREFIX)) {
            // The CDN's part, not the API's: no key, no counting, no faults.
            return respond(request, response, NO_FAULT, body -> thumbnails.answer(method, uri.path()));
        }
        if (!MOVIES.equals(uri.path()) && !(MOVIES + "/").equals(uri.path())) {
            return respond(request, response, NO_FAULT, body -> Answer.failure(404, "Not found"));
        }
        counters.recordRequest(method);
        FaultDecision decision = faults.decide(method);
        return respond(request, response, decision, body -> answer(request, uri, body, decision));
    }

    private Mono<Void> respond(HttpServerRequest request, HttpServerResponse response, FaultDecision decision,
            Function<byte[], Answer> answering) {
        Mono<Answer> answer = BodyReader.read(request, MAX_BODY)
                .doOnNext(body -> requests.record(request.method().name(), request.uri(), request.requestHeaders(),
                        body.length))
                .map(answering)
                .onErrorResume(BodyReader.TooLargeException.class, e -> Mono.just(
                        Answer.failure(413, "Request body too large", Map.of("Connection", "close"))));
        if (!decision.latency().isZero()) {
            answer = answer.delayElement(decision.latency());
        }
        return answer.flatMap(chosen -> writer.write(response, chosen));
    }

    private Answer answer(HttpServerRequest request, QueryStringDecoder uri, byte[] body, FaultDecision decision) {
        Optional<Answer> refusal = StrictHttp.framing(request.method().name(), request.requestHeaders());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (decision.faulty()) {
            switch (decision.fault()) {
                case RATE_LIMITED:
                    counters.recordRejected429();
                    return Answer.rateLimited(decision.retryAfterSeconds());
                case SERVER_ERROR:
                    return Answer.failure(500, "Internal server error");
                case BAD_GATEWAY:
                    return Answer.badGateway();
                case NOT_FOUND:
                    return Answer.failure(404, "Movie not found");
                default:
                    break;
            }
        }
        Answer normal = normal(request, uri, body);
        if (decision.fault() == Fault.DROP_AFTER_READ) {
            return Answer.dropped();
        }
        return decision.fault() == Fault.UNPARSEABLE ? Answer.unparseable() : normal;
    }

    private Answer normal(HttpServerRequest request, QueryStringDecoder uri, byte[] body) {
        if (!authorized(request.requestHeaders().get("x-api-key"))) {
            return Answer.failure(401, "Invalid or missing API key");
        }
        switch (request.method().name()) {
            case "POST":
                return StrictHttp.contentType("POST", request.requestHeaders())
                        .orElseGet(() -> endpoint.create(body));
            case "GET":
                return endpoint.read(uri.parameters());
            default:
                return Answer.failure(405, "Method not allowed", Map.of("Allow", "GET, POST"));
        }
    }

    private boolean authorized(String presented) {
        return presented != null
                && MessageDigest.isEqual(apiKey, presented.getBytes(StandardCharsets.UTF_8));
    }
}
