package dev.rendergateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.pipeline.AdmissionRefusedException;
import dev.rendergateway.core.store.StoreUnavailableException;
import dev.rendergateway.core.pipeline.RenderPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /v1/renders/batch}: one render request per NDJSON line, answered line by line in input
 * order while the body is still arriving. A line is read only once the lines before it are answered, so
 * memory stays bounded whatever the body's length; a bad line fails alone, with a problem naming it.
 */
public final class BatchHandlers {

    private static final Logger log = LoggerFactory.getLogger(BatchHandlers.class);
    /** How many answered lines may wait for the network before reading slows down. */
    private static final int ANSWERS_IN_FLIGHT = 32;

    private final RenderPipeline pipeline;
    private final Authenticator authenticator;
    private final RenderRequestReader reader = new RenderRequestReader();
    private final RequestBodies bodies;
    private final RenderJson renderJson;
    private final Replies replies;
    private final ObjectMapper mapper;
    private final long maxLineBytes;
    private final WebhookVetting webhooks;

    public BatchHandlers(RenderPipeline pipeline, Authenticator authenticator, RequestBodies bodies,
                         RenderJson renderJson, Replies replies, ObjectMapper mapper, long maxLineBytes,
                         WebhookVetting webhooks) {
        this.webhooks = webhooks;
        this.pipeline = pipeline;
        this.bodies = bodies;
        this.authenticator = authenticator;
        this.renderJson = renderJson;
        this.replies = replies;
        this.mapper = mapper;
        this.maxLineBytes = maxLineBytes;
    }

    /** Streams one result line per non-blank input line: {@code {"line": n, "render": …}} or {@code {"line": n, "problem": …}}. */
    public Mono<Void> submit(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        Flux<byte[]> answers = NdjsonLines.of(request.receive().asByteArray(), maxLineBytes)
                .filter(line -> !line.isBlank())
                .concatMap(line -> answer(tenant, line), 1)
                .map(this::toLine)
                .doOnCancel(() -> log.debug("batch of tenant {} abandoned by its client", tenant));
        return response.header(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no")
                .sendByteArray(answers.limitRate(ANSWERS_IN_FLIGHT))
                .then();
    }

    private Mono<ObjectNode> answer(String tenant, NdjsonLines.Line line) {
        ObjectNode result = mapper.createObjectNode().put("line", line.number());
        if (line.tooLong()) {
            return Mono.just(withProblem(result, Problem.of(413, "payload-too-large", "Line too large",
                    "Line " + line.number() + " exceeds the limit of " + maxLineBytes + " bytes (GATEWAY_MAX_BODY).")));
        }
        return Mono.fromCallable(() -> bodies.parse(line.bytes(), "Line " + line.number()))
                .flatMap(body -> webhooks.vet(reader.read(body)).flatMap(vetted -> pipeline.accept(tenant, vetted)))
                .map(render -> {
                    result.set("render", renderJson.toJson(render));
                    return result;
                })
                .onErrorResume(ProblemException.class, refused -> Mono.just(withProblem(result, refused.problem())))
                .onErrorResume(AdmissionRefusedException.class, refused -> Mono.just(withProblem(result,
                        Problem.queueFull(refused.getMessage(), refused.retryAfter()))))
                .onErrorResume(StoreUnavailableException.class, away -> Mono.just(withProblem(result,
                        Problem.storeUnavailable(GuardedHandler.STORE_RETRY_AFTER))));
    }

    private ObjectNode withProblem(ObjectNode result, Problem problem) {
        ObjectNode body = replies.toJson(problem);
        if (problem.retryAfter() != null) {
            body.put("retryAfter", Math.max(1, problem.retryAfter().toSeconds()));
        }
        result.set("problem", body);
        return result;
    }

    private byte[] toLine(ObjectNode result) {
        return (result.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
