package dev.rendergateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.pipeline.RenderPipeline;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code /health/live} and {@code /health/ready}: whether the process runs, and whether it can take work. */
public final class HealthHandlers {

    private final RenderPipeline pipeline;
    private final Replies replies;
    private final ObjectMapper mapper;

    public HealthHandlers(RenderPipeline pipeline, Replies replies, ObjectMapper mapper) {
        this.pipeline = pipeline;
        this.replies = replies;
        this.mapper = mapper;
    }

    public Mono<Void> live(HttpServerRequest request, HttpServerResponse response) {
        return replies.json(response, 200, mapper.createObjectNode().put("status", "UP"));
    }

    public Mono<Void> ready(HttpServerRequest request, HttpServerResponse response) {
        ObjectNode body = mapper.createObjectNode().put("status", "UP");
        body.putObject("details")
                .put("store", "UP")
                .put("activePollers", pipeline.activePollers());
        return replies.json(response, 200, body);
    }
}
