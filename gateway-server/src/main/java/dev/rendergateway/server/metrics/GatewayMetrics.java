package dev.rendergateway.server.metrics;

import dev.rendergateway.core.events.SubscriberStats;
import dev.rendergateway.core.pipeline.SubmissionQueue;
import dev.rendergateway.core.resilience.Lane;
import dev.rendergateway.core.resilience.UpstreamBudget;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.upstream.AccountQuota;
import dev.rendergateway.core.upstream.RemainingQuota;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetricsPublisher;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import reactor.core.scheduler.Scheduler;

/**
 * The gateway's Prometheus registry and its own meters. Tenant labels only ever carry a configured tenant
 * (the fixed set of {@code GATEWAY_API_KEYS}), anything else is {@code other}, so their number is bounded.
 * The registry also joins Micrometer's global registry for as long as the gateway runs, because Reactor
 * Netty records its client and pool metrics there (the server's are {@link HttpServerMetrics}).
 */
public final class GatewayMetrics implements AutoCloseable {

    /** The tenant label of anything that is not a configured tenant. */
    public static final String OTHER_TENANT = "other";

    /**
     * The buckets of {@code gateway_queue_wait_seconds}: from a free queue (well under a second) to a render
     * that waited most of the default 30-minute render timeout.
     */
    static final Duration[] QUEUE_WAIT_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Set<String> tenants;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final java.util.List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final HttpServerMetrics httpServer = new HttpServerMetrics(registry);

    private GatewayMetrics(Set<String> tenants) {
        this.tenants = Set.copyOf(tenants);
    }

    /** The HTTP listener's request timer and connection gauge. */
    public HttpServerMetrics httpServer() {
        return httpServer;
    }

    /** A registry with the JVM's metrics, recording Reactor Netty's too until {@link #close()}. */
    public static GatewayMetrics create(Set<String> tenants) {
        GatewayMetrics metrics = new GatewayMetrics(tenants);
        MeterRegistry registry = metrics.registry;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // process_files_open_files / process_files_max_files: every SSE stream holds a socket.
        new FileDescriptorMetrics().bindTo(registry);
        metrics.gc.bindTo(registry);
        Metrics.addRegistry(registry);
        return metrics;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter, now. */
    public String scrape() {
        return registry.scrape();
    }

    /** {@code tenant} when configured, else {@link #OTHER_TENANT}: a label value from a bounded set. */
    public String tenantTag(String tenant) {
        return tenants.contains(tenant) ? tenant : OTHER_TENANT;
    }

    /** Resilience4j's tagged metrics of the circuit breaker ({@code resilience4j_circuitbreaker_*}). */
    public void bindBreaker(CircuitBreaker breaker) {
        new TaggedCircuitBreakerMetricsPublisher(registry).publishMetrics(breaker);
    }

    /** Resilience4j's tagged metrics of the upstream rate limiter ({@code resilience4j_ratelimiter_*}). */
    public void bindRateLimiter(RateLimiter limiter) {
        new TaggedRateLimiterMetricsPublisher(registry).publishMetrics(limiter);
    }

    /** {@code gateway_queue_depth{tenant}}: renders waiting to be submitted, per configured tenant. */
    public void bindQueue(SubmissionQueue queue) {
        for (String tenant : tenants) {
            Gauge.builder("gateway.queue.depth", queue, q -> q.size(tenant))
                    .description("Renders queued for submission upstream")
                    .tag("tenant", tenant)
                    .register(registry);
        }
    }

    /**
     * {@code gateway_queue_wait_seconds{tenant}} (a histogram): how long a render waited in the queue, from
     * its acceptance until its submission began.
     */
    public void queueWaited(String tenant, Duration wait) {
        Timer.builder("gateway.queue.wait")
                .description("Time renders waited in the queue, from acceptance until their submission began")
                .tag("tenant", tenantTag(tenant))
                .serviceLevelObjectives(QUEUE_WAIT_BUCKETS)
                .register(registry)
                .record(wait.isNegative() ? Duration.ZERO : wait);
    }

    /**
     * The upstream budget: {@code gateway_upstream_budget_per_second}, the configured rate of the whole
     * deployment, and {@code gateway_upstream_budget_waiting{lane}}, requests of this instance waiting for a
     * slot. The rate of {@code gateway_upstream_requests_total} over the first is how saturated the budget is.
     */
    public void bindBudget(UpstreamBudget budget, double perSecond) {
        Gauge.builder("gateway.upstream.budget.per.second", () -> perSecond)
                .description("Upstream requests per second allowed to the whole deployment (GATEWAY_UPSTREAM_RATE)")
                .strongReference(true).register(registry);
        for (Lane lane : Lane.values()) {
            Gauge.builder("gateway.upstream.budget.waiting", budget, b -> b.waiting(lane))
                    .description("Upstream requests waiting for a slot of the budget")
                    .tag("lane", lane.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    /**
     * {@code gateway_store_up{kind}}: 1 while the render store ({@code redis} or {@code memory}) answers the
     * {@link StoreProbe}'s pings, 0 when it does not. The returned probe runs until disposed.
     */
    public StoreProbe bindStore(RenderStore store, String kind, Scheduler scheduler) {
        StoreProbe probe = StoreProbe.start(store, scheduler);
        Gauge.builder("gateway.store.up", probe, StoreProbe::up)
                .description("1 while the render store answers its pings within 2 s, else 0")
                .tag("kind", kind)
                .strongReference(true)
                .register(registry);
        return probe;
    }

    /** SSE streams open and feed subscriptions, events delivered to streams and conflated for slow ones. */
    public void bindStreams(IntSupplier openStreams, SubscriberStats events, LongSupplier delivered) {
        Gauge.builder("gateway.sse.streams", openStreams, IntSupplier::getAsInt)
                .description("Server-Sent Event streams open now").strongReference(true).register(registry);
        Gauge.builder("gateway.sse.subscribers", events, SubscriberStats::subscriberCount)
                .description("Render feeds subscribed now (one per stream)").register(registry);
        FunctionCounter.builder("gateway.events.delivered", delivered, LongSupplier::getAsLong)
                .description("Render events handed to SSE streams").register(registry);
        // Function counters hold their source weakly: keep the supplier alive as long as the registry.
        held.add(delivered);
        FunctionCounter.builder("gateway.events.conflated", events, SubscriberStats::conflatedEvents)
                .description("Pending render events replaced by a newer change for a slow client")
                .register(registry);
    }

    /**
     * {@code gateway_upstream_remaining_quota{kind="movies"|"drafts"|"time"}}: the account's quota as JSON2Video
     * last reported it (NaN until an answer carried it).
     */
    public void bindQuota(AccountQuota quota) {
        quotaGauge(quota, "movies", q -> q.movies() == null ? Double.NaN : q.movies());
        quotaGauge(quota, "drafts", q -> q.drafts() == null ? Double.NaN : q.drafts());
        quotaGauge(quota, "time", q -> q.time() == null ? Double.NaN : q.time());
    }

    private void quotaGauge(AccountQuota quota, String kind, java.util.function.ToDoubleFunction<RemainingQuota> value) {
        Gauge.builder("gateway.upstream.remaining.quota", quota,
                        q -> q.latest().map(value::applyAsDouble).orElse(Double.NaN))
                .description("The JSON2Video account's remaining quota as last reported (time in seconds)")
                .tag("kind", kind)
                .register(registry);
    }

    /** A gauge of a value the gateway computes, e.g. whether it is draining. */
    public void gauge(String name, String description, IntSupplier value) {
        Gauge.builder(name, value, IntSupplier::getAsInt).description(description).strongReference(true)
                .register(registry);
    }

    Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    @Override
    public void close() {
        Metrics.removeRegistry(registry);
        gc.close();
        registry.close();
    }
}
