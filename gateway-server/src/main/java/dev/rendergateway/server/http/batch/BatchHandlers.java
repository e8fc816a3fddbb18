package dev.rendergateway.server.http.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.admission.RenderAdmission;
import dev.rendergateway.core.idempotency.IdempotentAcceptance;
import dev.rendergateway.core.store.StoreUnavailableException;
import dev.rendergateway.core.tracing.TraceMdc;
import dev.rendergateway.server.http.AdmissionProblems;
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.BodyMediaType;
import dev.rendergateway.server.http.GuardedHandler;
import dev.rendergateway.server.http.IdempotencyKeyHeader;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.RenderJson;
import dev.rendergateway.server.http.RenderRequestReader;
import dev.rendergateway.server.http.Replies;
import dev.rendergateway.server.http.RequestBodies;
import dev.rendergateway.server.http.WebhookVetting;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /v1/renders/batch}: one render request per NDJSON line, answered line by line in input
 * order while the body is still arriving. A line is read only once the lines before it are answered, so
 * memory stays bounded whatever the body's length; a bad line fails alone, with a problem naming it. Each line
 * is admitted like {@code POST /v1/renders}, its optional {@code idempotencyKey} member standing for the header.
 */
public final class BatchHandlers {

    private static final Logger log = LoggerFactory.getLogger(BatchHandlers.class);
    /** How many answered lines may wait for the network before reading slows down. */
    private static final int ANSWERS_IN_FLIGHT = 32;
    /** A line's own member for what {@code POST /v1/renders} takes as the {@code Idempotency-Key} header. */
    static final String KEY_FIELD = "idempotencyKey";

    private final RenderAdmission admission;
    private final AdmissionProblems refusals = new AdmissionProblems(KEY_FIELD);
    private final Authenticator authenticator;
    private final RenderRequestReader reader = new RenderRequestReader();
    private final RequestBodies bodies;
    private final RenderJson renderJson;
    private final Replies replies;
    private final ObjectMapper mapper;
    private final long maxLineBytes;
    private final WebhookVetting webhooks;

    public BatchHandlers(RenderAdmission admission, Authenticator authenticator, RequestBodies bodies,
                         RenderJson renderJson, Replies replies, ObjectMapper mapper, long maxLineBytes,
                         WebhookVetting webhooks) {
        this.webhooks = webhooks;
        this.admission = admission;
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
        BodyMediaType.NDJSON.require(request, response);
        Flux<byte[]> answers = NdjsonLines.of(request.receive().asByteArray(), maxLineBytes)
                .filter(line -> !line.isBlank())
                .concatMap(line -> answer(tenant, line), 1)
                .map(this::toLine)
                .transformDeferredContextual((lines, context) -> lines.doOnCancel(() -> {
                    try (TraceMdc mdc = TraceMdc.from(context)) {
                        log.debug("batch of tenant {} abandoned by its client", tenant);
                    }
                }));
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
                .flatMap(body -> {
                    String key = takeKey(body);
                    return webhooks.vet(reader.read(body))
                            .flatMap(vetted -> admission.admit(tenant, key, vetted, body));
                })
                .map(accepted -> answered(result, accepted))
                .onErrorMap(AdmissionProblems::isRefusal, refusals::problemOf)
                .onErrorResume(ProblemException.class, refused -> Mono.just(withProblem(result, refused.problem())))
                .onErrorResume(StoreUnavailableException.class, away -> Mono.just(withProblem(result,
                        Problem.storeUnavailable(GuardedHandler.STORE_RETRY_AFTER))));
    }

    private ObjectNode answered(ObjectNode result, IdempotentAcceptance.Accepted accepted) {
        result.set("render", renderJson.toJson(accepted.render()));
        if (accepted.replayed()) {
            result.put("replayed", true);
        }
        return result;
    }

    /** Removes the line's {@code idempotencyKey} (the rest is the render request) and returns it; null without one. */
    private static String takeKey(JsonNode body) {
        if (!(body instanceof ObjectNode line) || !line.has(KEY_FIELD)) {
            return null;
        }
        JsonNode key = line.remove(KEY_FIELD);
        if (key.isNull()) {
            return null;
        }
        if (!key.isTextual() || !IdempotencyKeyHeader.isWellFormed(key.asText())) {
            throw new ProblemException(Problem.invalid(List.of(new Problem.FieldError(KEY_FIELD,
                    "must be a string of " + IdempotencyKeyHeader.RULE))));
        }
        return key.asText();
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
