package dev.rendergateway.server.http.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.Replies;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers of the JSON2Video-compatible endpoints, each in one piece with {@code Content-Length} (the official
 * Node SDK parses only the first chunk it receives). Problems stay {@code application/problem+json} and carry
 * JSON2Video's own {@code success: false} and {@code message} as RFC 9457 extension members.
 */
public final class CompatReplies {

    private final Replies replies;
    private final ObjectMapper mapper;

    public CompatReplies(Replies replies, ObjectMapper mapper) {
        this.replies = replies;
        this.mapper = mapper;
    }

    /** 200 with a JSON body. */
    public Mono<Void> ok(HttpServerResponse response, ObjectNode body) {
        return replies.json(response, 200, body);
    }

    /** The problem, readable both as RFC 9457 and as JSON2Video's {@code {"success": false, "message": …}}. */
    public Mono<Void> problem(HttpServerResponse response, Problem problem) {
        if (problem.retryAfter() != null) {
            long seconds = Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000);
            response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        }
        if (problem.status() == 401) {
            response.header(HttpHeaderNames.WWW_AUTHENTICATE, "ApiKey realm=\"render-gateway\", header=\"x-api-key\"");
        }
        ObjectNode body = replies.toJson(problem)
                .put("success", false)
                .put("message", problem.detail());
        byte[] bytes = bytes(body);
        return response.status(HttpResponseStatus.valueOf(problem.status()))
                .header(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes))
                .then();
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree cannot be written", e);
        }
    }
}
