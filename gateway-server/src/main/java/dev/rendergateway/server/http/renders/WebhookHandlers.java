package dev.rendergateway.server.http.renders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.tracing.TraceMdc;
import dev.rendergateway.core.webhooks.Delivery;
import dev.rendergateway.core.webhooks.DeliveryStore;
import dev.rendergateway.core.webhooks.UpstreamWebhooks;
import dev.rendergateway.core.webhooks.WebhookSecret;
import dev.rendergateway.core.webhooks.WebhookSecrets;
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.Replies;
import dev.rendergateway.server.http.RequestBodies;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Both webhook directions over HTTP: the receiver of JSON2Video's calls, the attempts of a render's caller
 * webhook, and the tenant's signing secrets.
 */
public final class WebhookHandlers {

    private static final Logger log = LoggerFactory.getLogger(WebhookHandlers.class);

    private final Optional<UpstreamWebhooks> upstreamHooks;
    private final RenderPipeline pipeline;
    private final RenderStore store;
    private final DeliveryStore deliveries;
    private final WebhookSecrets secrets;
    private final Duration rotationOverlap;
    private final Authenticator authenticator;
    private final RequestBodies hookBodies;
    private final DeliveryJson json;
    private final Replies replies;
    private final ObjectMapper mapper;

    public WebhookHandlers(Optional<UpstreamWebhooks> upstreamHooks, RenderPipeline pipeline, RenderStore store,
                           DeliveryStore deliveries, WebhookSecrets secrets, Duration rotationOverlap,
                           Authenticator authenticator, Replies replies, ObjectMapper mapper) {
        this.upstreamHooks = upstreamHooks;
        this.pipeline = pipeline;
        this.store = store;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.rotationOverlap = rotationOverlap;
        this.authenticator = authenticator;
        this.hookBodies = new RequestBodies(mapper, 64 * 1024);
        this.json = new DeliveryJson(mapper);
        this.replies = replies;
        this.mapper = mapper;
    }

    /**
     * {@code POST /hooks/json2video/{id}/{token}}: JSON2Video says the render ended. The body is read (bounded)
     * and ignored; a valid path triggers one status check, coalesced with duplicates, and the answer comes at
     * once, well within the 5 s JSON2Video allows. An unknown path is 404, as if the endpoint did not exist.
     */
    public Mono<Void> upstreamCall(HttpServerRequest request, HttpServerResponse response) {
        String renderId = request.param("id");
        boolean valid = upstreamHooks.map(hooks -> hooks.verify(renderId, request.param("token"))).orElse(false);
        if (!valid) {
            return Mono.error(new ProblemException(Problem.notFound(
                    "There is no endpoint " + request.method() + " " + request.fullPath() + ".")));
        }
        return hookBodies.bytes(request)
                .then(Mono.deferContextual(context -> Mono.fromRunnable(() -> pipeline.pollNow(renderId).subscribe(
                        checked -> {
                            try (TraceMdc mdc = TraceMdc.from(context)) {
                                log.debug("JSON2Video called the webhook of render {} (checked: {})", renderId,
                                        checked);
                            }
                        },
                        error -> {
                            try (TraceMdc mdc = TraceMdc.from(context)) {
                                log.warn("status check of render {} after its webhook failed", renderId, error);
                            }
                        }))))
                .then(replies.json(response, 200, mapper.createObjectNode().put("received", true)));
    }

    /** {@code GET /v1/renders/{id}/deliveries}: every attempt to deliver the render's caller webhook. */
    public Mono<Void> deliveries(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        String id = request.param("id");
        return store.findOwned(tenant, id)
                .switchIfEmpty(Mono.error(() -> ProblemException.noSuchRender(id)))
                .flatMap(render -> deliveries.ofRender(id).collectList().map(list -> {
                    ObjectNode body = mapper.createObjectNode().put("render", id).put("webhook", render.webhook());
                    ArrayNode items = body.putArray("items");
                    list.stream().map(json::toJson).forEach(items::add);
                    return body;
                }))
                .flatMap(body -> replies.json(response, 200, body));
    }

    /** {@code GET /v1/webhook-secret}: the tenant's valid signing secrets, newest first. */
    public Mono<Void> secret(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        return secrets.current(tenant).flatMap(valid -> secretsReply(response, valid));
    }

    /** {@code POST /v1/webhook-secret/rotate}: a new secret; the previous one stays valid for the overlap. */
    public Mono<Void> rotate(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        return secrets.rotate(tenant).flatMap(valid -> Mono.deferContextual(context -> {
            try (TraceMdc mdc = TraceMdc.from(context)) {
                log.info("webhook secret of tenant {} rotated", tenant);
            }
            return secretsReply(response, valid);
        }));
    }

    private Mono<Void> secretsReply(HttpServerResponse response, List<WebhookSecret> valid) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode list = body.putArray("secrets");
        valid.forEach(secret -> list.addObject()
                .put("secret", secret.secret())
                .put("createdAt", secret.createdAt().toString())
                .put("expiresAt", secret.expiresAt() == null ? null : secret.expiresAt().toString()));
        body.put("rotationOverlap", rotationOverlap.toString());
        body.put("signature", "Standard Webhooks 1.0: webhook-signature carries one 'v1,<base64 HMAC-SHA256 of "
                + "webhook-id.webhook-timestamp.body>' per valid secret, newest first");
        response.header("Cache-Control", "no-store");
        return replies.json(response, 200, body);
    }

    /** The public JSON of one delivery and its attempts. */
    private record DeliveryJson(ObjectMapper mapper) {
        ObjectNode toJson(Delivery delivery) {
            ObjectNode node = mapper.createObjectNode()
                    .put("id", delivery.id())
                    .put("type", delivery.type())
                    .put("url", delivery.url())
                    .put("state", delivery.state().wireName())
                    .put("createdAt", delivery.createdAt().toString())
                    .put("nextAttemptAt", delivery.nextAttemptAt() == null ? null
                            : delivery.nextAttemptAt().toString());
            ArrayNode attempts = node.putArray("attempts");
            delivery.attempts().forEach(attempt -> attempts.addObject()
                    .put("attempt", attempt.number())
                    .put("at", attempt.at().toString())
                    .put("durationMs", attempt.durationMillis())
                    .put("statusCode", attempt.statusCode())
                    .put("error", attempt.error())
                    .put("outcome", attempt.outcome()));
            return node;
        }
    }
}
