package dev.rendergateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.pipeline.PipelineConfig;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.webhooks.DeliveryConfig;
import dev.rendergateway.core.webhooks.DeliveryPayloads;
import dev.rendergateway.core.webhooks.DeliveryStore;
import dev.rendergateway.core.webhooks.HostResolver;
import dev.rendergateway.core.tracing.ClientSpans;
import dev.rendergateway.core.webhooks.ReactorNettyWebhookTransport;
import dev.rendergateway.core.webhooks.UpstreamWebhooks;
import dev.rendergateway.core.webhooks.WebhookDispatcher;
import dev.rendergateway.core.webhooks.WebhookOutbox;
import dev.rendergateway.core.webhooks.WebhookSecrets;
import dev.rendergateway.core.webhooks.WebhookTargets;
import dev.rendergateway.server.config.ConfigVariable;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.RenderJson;
import dev.rendergateway.server.http.Replies;
import dev.rendergateway.server.http.WebhookVetting;
import dev.rendergateway.server.http.renders.WebhookHandlers;
import dev.rendergateway.server.metrics.GatewayMetrics;
import dev.rendergateway.server.metrics.MeteredDeliveryStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Both webhook directions, wired from the configuration: the gateway's own webhook at JSON2Video (when
 * {@code GATEWAY_PUBLIC_URL} is set), and signed deliveries to callers' webhooks with their SSRF guard,
 * secrets, store and dispatcher. The delivery store and the secrets come from {@link StateWiring}: in memory
 * by default, in Redis (shared, surviving restarts) with {@code GATEWAY_REDIS_URL}.
 */
final class WebhookWiring implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(WebhookWiring.class);
    /** How long the previous secret keeps signing after a rotation. */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    /** With a shared store: how often due deliveries nobody here has a timer for are looked for. */
    static final Duration SHARED_RESCAN = Duration.ofSeconds(10);

    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private final Optional<UpstreamWebhooks> upstreamHooks;
    private final WebhookTargets targets;
    private final WebhookSecrets secrets;
    private final DeliveryStore deliveries;
    private final ReactorNettyWebhookTransport transport;
    private final WebhookDispatcher dispatcher;
    private final Scheduler scheduler;

    private WebhookWiring(GatewayConfig config, ObjectMapper mapper, Scheduler scheduler, GatewayMetrics metrics,
                          StateWiring state, ClientSpans spans) {
        this.config = config;
        this.deliveries = new MeteredDeliveryStore(state.deliveries(), metrics);
        this.mapper = mapper;
        this.scheduler = scheduler;
        this.upstreamHooks = config.publicUrl().map(url -> new UpstreamWebhooks(url, hookSecret(config)));
        this.targets = new WebhookTargets(HostResolver.system(), config.webhookAllowPrivate());
        this.secrets = state.webhookSecrets();
        DeliveryConfig delivery = DeliveryConfig.defaults();
        this.transport = new ReactorNettyWebhookTransport(Duration.ofSeconds(5), delivery.attemptTimeout(), 256,
                spans);
        this.dispatcher = new WebhookDispatcher(deliveries, secrets, targets, transport, delivery, scheduler)
                .rescanEvery(config.redisUrl().isPresent() ? SHARED_RESCAN : Duration.ZERO);
    }

    static WebhookWiring create(GatewayConfig config, ObjectMapper mapper, Scheduler scheduler,
                                GatewayMetrics metrics, StateWiring state, ClientSpans spans) {
        WebhookWiring wiring = new WebhookWiring(config, mapper, scheduler, metrics, state, spans);
        wiring.dispatcher.start();
        config.publicUrl().ifPresentOrElse(
                url -> log.info("JSON2Video calls the gateway back at {}/hooks/json2video/…; renders nobody "
                        + "watches are polled every {} as a safety net", url, config.webhooks().safetyInterval()),
                () -> log.info("no GATEWAY_PUBLIC_URL set: renders are polled every {}", config.pollInterval()));
        if (config.webhookAllowPrivate()) {
            log.warn("{}=true: caller webhooks may reach loopback and private addresses",
                    ConfigVariable.GATEWAY_WEBHOOK_ALLOW_PRIVATE);
        }
        return wiring;
    }

    /** The render store the pipeline writes through: it enqueues a delivery when a render with a webhook ends. */
    RenderStore outbox(RenderStore renders) {
        return new WebhookOutbox(renders, dispatcher, new DeliveryPayloads(mapper, new RenderJson(mapper)::toJson),
                scheduler);
    }

    /** Adds the gateway's own webhook and the safety interval to the pipeline, when a public URL is set. */
    PipelineConfig.Builder pipeline(PipelineConfig.Builder builder) {
        return upstreamHooks.map(hooks -> builder.upstreamWebhooks(hooks, config.webhooks().safetyInterval()))
                .orElse(builder);
    }

    WebhookVetting vetting() {
        return new WebhookVetting(targets);
    }

    WebhookHandlers handlers(RenderPipeline pipeline, RenderStore renders, Authenticator authenticator,
                             Replies replies) {
        return new WebhookHandlers(upstreamHooks, pipeline, renders, deliveries, secrets, ROTATION_OVERLAP,
                authenticator, replies, mapper);
    }

    private static byte[] hookSecret(GatewayConfig config) {
        return config.webhooks().hookSecret()
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    byte[] secret = new byte[32];
                    new SecureRandom().nextBytes(secret);
                    return secret;
                });
    }

    @Override
    public void dispose() {
        dispatcher.dispose();
        transport.dispose();
    }
}
