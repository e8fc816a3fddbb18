package dev.rendergateway.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Writes whole JSON and problem answers, each in one piece with {@code Content-Length}. */
public final class Replies {

    private final ObjectMapper mapper;

    public Replies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Answers {@code status} with a JSON body. */
    public Mono<Void> json(HttpServerResponse response, int status, JsonNode body) {
        return send(response, status, "application/json", bytes(body));
    }

    /** Answers {@code status} with JSON already written as UTF-8 bytes. */
    public Mono<Void> json(HttpServerResponse response, int status, byte[] body) {
        return send(response, status, "application/json", body);
    }

    /** Answers with an {@code application/problem+json} body, and {@code Retry-After} when it has one. */
    public Mono<Void> problem(HttpServerResponse response, Problem problem) {
        return problem(response, problem, body -> { });
    }

    /** A problem answer with extension members added by {@code extend} (RFC 9457 allows them). */
    public Mono<Void> problem(HttpServerResponse response, Problem problem,
                              java.util.function.Consumer<ObjectNode> extend) {
        if (problem.retryAfter() != null) {
            long seconds = Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000);
            response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        }
        if (problem.status() == 401) {
            response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        ObjectNode body = toJson(problem);
        extend.accept(body);
        return send(response, problem.status(), "application/problem+json", bytes(body));
    }

    /** Answers with a problem whose body carries more members, such as readiness checks. */
    public Mono<Void> problem(HttpServerResponse response, Problem problem, ObjectNode extra) {
        if (problem.retryAfter() != null) {
            long seconds = Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000);
            response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        }
        ObjectNode body = toJson(problem);
        body.setAll(extra);
        return send(response, problem.status(), "application/problem+json", bytes(body));
    }

    /** The problem as its JSON body. */
    public ObjectNode toJson(Problem problem) {
        return problem.toJson(mapper);
    }

    private Mono<Void> send(HttpServerResponse response, int status, String contentType, byte[] body) {
        return response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .sendByteArray(Mono.just(body))
                .then();
    }

    private byte[] bytes(JsonNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree cannot be written", e);
        }
    }
}
