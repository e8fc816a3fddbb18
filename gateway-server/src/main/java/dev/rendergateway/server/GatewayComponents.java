package dev.rendergateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.events.SubscriberStats;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.pipeline.PipelineConfig;
import dev.rendergateway.core.pipeline.ReconcileConfig;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.quota.CreditMeteringStore;
import dev.rendergateway.core.quota.CreditQuota;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamCircuitBreaker;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.upstream.AccountQuota;
import dev.rendergateway.core.upstream.Json2VideoClientConfig;
import dev.rendergateway.core.upstream.ReactorNettyJson2VideoClient;
import dev.rendergateway.redis.budget.RedisUpstreamBudget;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.metrics.GatewayMetrics;
import dev.rendergateway.server.metrics.MeteredJson2VideoClient;
import dev.rendergateway.server.metrics.MeteredRenderStore;
import dev.rendergateway.server.metrics.StoreProbe;
import dev.rendergateway.server.tracing.Telemetry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Everything behind HTTP, built from the configuration: the upstream connection and client, the budget and
 * breaker, the store, events, webhooks, the render pipeline and the metrics over all of them. In-memory
 * store and events by default, Redis-backed ones with {@code GATEWAY_REDIS_URL} ({@link StateWiring}).
 */
final class GatewayComponents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayComponents.class);

    final GatewayConfig config;
    final ObjectMapper mapper = GatewayObjectMapper.create();
    final Scheduler scheduler = Schedulers.parallel();
    final Map<String, String> keys;
    final GatewayMetrics metrics;
    final UpstreamConnection upstream;
    final StateWiring state;
    final RenderStore store;
    final RenderEvents events;
    final SubscriberStats subscriberStats;
    final WebhookWiring webhooks;
    private final ReactorNettyJson2VideoClient transport;
    final MeteredJson2VideoClient client;
    final UpstreamBudget budget;
    final CircuitBreaker breaker;
    final GuardedUpstream guarded;
    /** What JSON2Video last said of the account's quota: read by readiness, metrics and the submitters. */
    final AccountQuota accountQuota = new AccountQuota();
    final RenderPipeline pipeline;
    final CreditQuota quota;
    private final StoreProbe storeProbe;
    /** Spans and W3C trace context; exported over OTLP only with OTEL_EXPORTER_OTLP_ENDPOINT. */
    final Telemetry telemetry;

    private GatewayComponents(GatewayConfig config, Clock wallClock) {
        this.config = config;
        this.keys = config.tenantsByApiKey().isEmpty() ? devKey() : config.tenantsByApiKey();
        this.metrics = GatewayMetrics.create(new HashSet<>(keys.values()));
        this.telemetry = Telemetry.create(config.otlpEndpoint());
        this.upstream = UpstreamConnection.open(config);
        this.state = openState(config, upstream, scheduler);
        this.store = new MeteredRenderStore(state.store(), metrics);
        this.events = state.events();
        this.subscriberStats = state.streamStats();
        this.webhooks = WebhookWiring.create(config, mapper, scheduler, metrics, state, telemetry.clientSpans());
        this.transport = new ReactorNettyJson2VideoClient(clientConfig(), mapper, new SchedulerClock(scheduler),
                telemetry.clientSpans());
        this.client = new MeteredJson2VideoClient(transport, metrics);
        this.budget = state.budget();
        this.breaker = UpstreamCircuitBreaker.create(config.breakerOpenWait(), new SchedulerClock(scheduler));
        this.guarded = new GuardedUpstream(client, budget, breaker, scheduler, GuardedUpstream.StatusRetry.defaults(),
                accountQuota);
        this.quota = new CreditQuota(config.creditQuotas(), state.credits(), wallClock);
        this.pipeline = pipeline(wallClock);
        this.storeProbe = bindMetrics();
    }

    /** Builds and starts the parts, counting credit days on {@code wallClock}; on failure, stops what was started. */
    static GatewayComponents start(GatewayConfig config, Clock wallClock) {
        return new GatewayComponents(config, wallClock);
    }

    /** In memory, or in Redis with GATEWAY_REDIS_URL; closes the upstream connection if that fails. */
    private static StateWiring openState(GatewayConfig config, UpstreamConnection upstream, Scheduler scheduler) {
        try {
            return StateWiring.from(config, scheduler);
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    private Json2VideoClientConfig clientConfig() {
        return Json2VideoClientConfig.custom(upstream.baseUrl().toString(), upstream.apiKey()).metrics(true)
                .quota(accountQuota).build();
    }

    /** The pipeline, its renders booked into the credit ledger as they are accepted and end. */
    private RenderPipeline pipeline(Clock wallClock) {
        PipelineConfig pipelineConfig = webhooks.pipeline(PipelineConfig.custom())
                .pollInterval(config.pollInterval())
                .renderTimeout(config.renderTimeout())
                .reconciliation(ReconcileConfig.of(config.reconcileWindow()))
                .build();
        RenderStore metered = new CreditMeteringStore(store, state.credits(), wallClock);
        return new RenderPipeline(webhooks.outbox(metered), events, guarded, state.queue(), state.leases(),
                state.restore(), pipelineConfig, scheduler).start();
    }

    private StoreProbe bindMetrics() {
        metrics.bindBreaker(breaker);
        metrics.bindQuota(accountQuota);
        if (budget instanceof LocalUpstreamBudget local) {
            metrics.bindRateLimiter(local.rateLimiter());
        } else if (budget instanceof RedisUpstreamBudget shared) {
            metrics.bindRateLimiter(shared.local().rateLimiter());
        }
        metrics.bindQueue(pipeline.queue());
        metrics.bindBudget(budget, config.upstreamRate());
        return metrics.bindStore(store, config.redisUrl().isPresent() ? "redis" : "memory", scheduler);
    }

    private static Map<String, String> devKey() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String key = "gw_dev_" + HexFormat.of().formatHex(secret);
        log.info("no GATEWAY_API_KEYS set: created a key for tenant 'dev' (shown only now): {}", key);
        return Map.of(key, "dev");
    }

    @Override
    public void close() {
        storeProbe.dispose();
        pipeline.dispose();
        webhooks.dispose();
        transport.dispose();
        state.close();
        upstream.close();
        metrics.close();
        telemetry.close();
    }
}
