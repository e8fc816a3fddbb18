package dev.rendergateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.events.InMemoryRenderEvents;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.pipeline.FairSubmissionQueue;
import dev.rendergateway.core.pipeline.PipelineConfig;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.pipeline.SchedulerClock;
import dev.rendergateway.core.resilience.BudgetConfig;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamCircuitBreaker;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.upstream.Json2VideoClientConfig;
import dev.rendergateway.core.upstream.ReactorNettyJson2VideoClient;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.metrics.GatewayMetrics;
import dev.rendergateway.server.metrics.MeteredJson2VideoClient;
import dev.rendergateway.server.metrics.MeteredRenderStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.security.SecureRandom;
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
 * store and events by default; other implementations plug in at {@link #renderStore()} and {@link #events}.
 */
final class GatewayComponents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayComponents.class);

    final GatewayConfig config;
    final ObjectMapper mapper = GatewayObjectMapper.create();
    final Scheduler scheduler = Schedulers.parallel();
    final Map<String, String> keys;
    final GatewayMetrics metrics;
    final UpstreamConnection upstream;
    final RenderStore store;
    final InMemoryRenderEvents events = new InMemoryRenderEvents();
    final WebhookWiring webhooks;
    private final ReactorNettyJson2VideoClient transport;
    final MeteredJson2VideoClient client;
    final LocalUpstreamBudget budget;
    final CircuitBreaker breaker;
    final GuardedUpstream guarded;
    final RenderPipeline pipeline;

    private GatewayComponents(GatewayConfig config) {
        this.config = config;
        this.keys = config.tenantsByApiKey().isEmpty() ? devKey() : config.tenantsByApiKey();
        this.metrics = GatewayMetrics.create(new HashSet<>(keys.values()));
        this.upstream = UpstreamConnection.open(config);
        this.store = renderStore();
        this.webhooks = WebhookWiring.create(config, mapper, scheduler, metrics);
        this.transport = new ReactorNettyJson2VideoClient(clientConfig(), mapper, new SchedulerClock(scheduler));
        this.client = new MeteredJson2VideoClient(transport, metrics);
        this.budget = new LocalUpstreamBudget(BudgetConfig.of(config.upstreamRate()), scheduler);
        this.breaker = UpstreamCircuitBreaker.create(config.breakerOpenWait(), new SchedulerClock(scheduler));
        this.guarded = new GuardedUpstream(client, budget, breaker, scheduler, GuardedUpstream.StatusRetry.defaults());
        this.pipeline = pipeline();
        bindMetrics();
    }

    /** Builds and starts the parts; on failure, stops what was started. */
    static GatewayComponents start(GatewayConfig config) {
        return new GatewayComponents(config);
    }

    private RenderStore renderStore() {
        return new MeteredRenderStore(new InMemoryRenderStore(), metrics);
    }

    private Json2VideoClientConfig clientConfig() {
        return Json2VideoClientConfig.custom(upstream.baseUrl().toString(), upstream.apiKey()).metrics(true).build();
    }

    private RenderPipeline pipeline() {
        FairSubmissionQueue queue = new FairSubmissionQueue(config.queue(), config.upstreamRate(), System::nanoTime);
        PipelineConfig pipelineConfig = webhooks.pipeline(PipelineConfig.custom())
                .pollInterval(config.pollInterval())
                .renderTimeout(config.renderTimeout())
                .build();
        return new RenderPipeline(webhooks.outbox(store), events, guarded, queue, pipelineConfig, scheduler).start();
    }

    private void bindMetrics() {
        metrics.bindBreaker(breaker);
        metrics.bindRateLimiter(budget.rateLimiter());
        metrics.bindQueue(pipeline.queue());
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
        pipeline.dispose();
        webhooks.dispose();
        budget.dispose();
        transport.dispose();
        upstream.close();
        metrics.close();
    }
}
