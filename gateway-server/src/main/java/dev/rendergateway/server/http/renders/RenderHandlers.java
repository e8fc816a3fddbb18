package dev.rendergateway.server.http.renders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.admission.RenderAdmission;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.server.http.AdmissionProblems;
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.BodyMediaType;
import dev.rendergateway.server.http.EncodedRenders;
import dev.rendergateway.server.http.IdempotencyKeyHeader;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.RenderJson;
import dev.rendergateway.server.http.RenderRequestReader;
import dev.rendergateway.server.http.Replies;
import dev.rendergateway.server.http.RequestBodies;
import dev.rendergateway.server.http.WebhookVetting;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** The {@code /v1/renders} resource: create, read, list and cancel a tenant's renders. */
public final class RenderHandlers {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 100;

    /** Renders whose JSON is kept written for {@code GET /v1/renders/{id}}: a few MiB at most. */
    private static final int ENCODED_RENDERS = 10_000;

    private final RenderPipeline pipeline;
    private final RenderAdmission admission;
    private final AdmissionProblems refusals = new AdmissionProblems(IdempotencyKeyHeader.NAME);
    private final RenderStore store;
    private final Authenticator authenticator;
    private final RequestBodies bodies;
    private final RenderRequestReader reader = new RenderRequestReader();
    private final RenderJson renderJson;
    private final EncodedRenders encoded;
    private final Replies replies;
    private final ObjectMapper mapper;
    private final WebhookVetting webhooks;

    public RenderHandlers(RenderPipeline pipeline, RenderAdmission admission, RenderStore store,
                          Authenticator authenticator, RequestBodies bodies, RenderJson renderJson, Replies replies,
                          ObjectMapper mapper, WebhookVetting webhooks) {
        this.webhooks = webhooks;
        this.pipeline = pipeline;
        this.admission = admission;
        this.store = store;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.renderJson = renderJson;
        this.encoded = new EncodedRenders(renderJson, mapper, ENCODED_RENDERS);
        this.replies = replies;
        this.mapper = mapper;
    }

    /**
     * {@code POST /v1/renders}: 202 with the queued render and its {@code Location}. With an
     * {@code Idempotency-Key} already used for the same body: 200 with the first render; for another
     * body: 422; while the first request is still being accepted: 409; past the tenant's daily credits: 429.
     */
    public Mono<Void> create(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        String key = IdempotencyKeyHeader.read(request);
        BodyMediaType.JSON.require(request, response);
        return bodies.json(request)
                .flatMap(body -> webhooks.vet(reader.read(body))
                        .flatMap(vetted -> admission.admit(tenant, key, vetted, body)))
                .onErrorMap(AdmissionProblems::isRefusal, refusals::problemOf)
                .flatMap(accepted -> {
                    Render render = accepted.render();
                    response.header(HttpHeaderNames.LOCATION, "/v1/renders/" + render.id());
                    if (accepted.replayed()) {
                        response.header("Idempotent-Replayed", "true");
                    }
                    // Written once: a client's first GETs of its new render answer these very bytes.
                    return replies.json(response, accepted.replayed() ? 200 : 202, encoded.of(render));
                });
    }

    /** {@code GET /v1/renders/{id}}: the render, 404 if the tenant does not own it. */
    public Mono<Void> get(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        return owned(tenant, request.param("id"))
                .flatMap(render -> replies.json(response, 200, encoded.of(render)));
    }

    /** {@code DELETE /v1/renders/{id}}: cancels a queued render; 409 once it was submitted. */
    public Mono<Void> cancel(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        String id = request.param("id");
        return pipeline.cancel(tenant, id)
                .switchIfEmpty(Mono.error(() -> ProblemException.noSuchRender(id)))
                .flatMap(render -> {
                    if (render.status() != RenderStatus.CANCELLED) {
                        return Mono.error(new ProblemException(Problem.conflict("Render " + id + " is "
                                + render.status().wireName() + ": only a queued render can be cancelled, "
                                + "before anything is sent to JSON2Video.")));
                    }
                    return replies.json(response, 200, renderJson.toJson(render));
                });
    }

    /** {@code GET /v1/renders?status=&limit=&cursor=}: a page of the tenant's renders, newest first. */
    public Mono<Void> list(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        RenderStatus status = statusParam(query);
        int limit = limitParam(query);
        String cursor = first(query, "cursor");
        return store.list(tenant, status, cursor, limit + 1)
                .collectList()
                .flatMap(renders -> {
                    ObjectNode page = mapper.createObjectNode();
                    ArrayNode items = page.putArray("items");
                    renders.stream().limit(limit).forEach(render -> items.add(renderJson.toJson(render)));
                    page.put("next", renders.size() > limit ? renders.get(limit - 1).id() : null);
                    return replies.json(response, 200, page);
                });
    }

    private Mono<Render> owned(String tenant, String id) {
        return store.findOwned(tenant, id).switchIfEmpty(Mono.error(() -> ProblemException.noSuchRender(id)));
    }

    private static RenderStatus statusParam(Map<String, List<String>> query) {
        String value = first(query, "status");
        if (value == null) {
            return null;
        }
        try {
            return RenderStatus.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalid(List.of(new Problem.FieldError("status",
                    "must be one of queued, submitting, running, done, error, timeout, cancelled"))));
        }
    }

    private static int limitParam(Map<String, List<String>> query) {
        String value = first(query, "limit");
        if (value == null) {
            return DEFAULT_PAGE;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_PAGE) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ProblemException(Problem.invalid(List.of(new Problem.FieldError("limit",
                "must be a whole number from 1 to " + MAX_PAGE))));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}
