package dev.rendergateway.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.events.InMemoryRenderEvents;
import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.events.RenderFeeds;
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
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.EventStreamHandlers;
import dev.rendergateway.server.http.GatewayRoutes;
import dev.rendergateway.server.http.HealthHandlers;
import dev.rendergateway.server.http.RenderHandlers;
import dev.rendergateway.server.http.RenderJson;
import dev.rendergateway.server.http.Replies;
import dev.rendergateway.server.http.RequestBodies;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A running gateway: the upstream connection, the render pipeline and the HTTP server, started and stopped together. */
public final class RenderGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RenderGateway.class);

    private final UpstreamConnection upstream;
    private final RenderPipeline pipeline;
    private final DisposableServer server;

    private RenderGateway(UpstreamConnection upstream, RenderPipeline pipeline, DisposableServer server) {
        this.upstream = upstream;
        this.pipeline = pipeline;
        this.server = server;
    }

    /** Starts everything the configuration asks for; returns once the port accepts requests. */
    public static RenderGateway start(GatewayConfig config) {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Scheduler scheduler = Schedulers.parallel();
        UpstreamConnection upstream = UpstreamConnection.open(config);
        Map<String, String> keys = config.tenantsByApiKey().isEmpty() ? devKey() : config.tenantsByApiKey();

        RenderStore store = new InMemoryRenderStore();
        RenderEvents events = new InMemoryRenderEvents();
        ReactorNettyJson2VideoClient client = new ReactorNettyJson2VideoClient(
                Json2VideoClientConfig.custom(upstream.baseUrl().toString(), upstream.apiKey()).build(),
                mapper, new SchedulerClock(scheduler));
        LocalUpstreamBudget budget = new LocalUpstreamBudget(BudgetConfig.of(config.upstreamRate()), scheduler);
        GuardedUpstream guarded = new GuardedUpstream(client, budget,
                UpstreamCircuitBreaker.create(config.breakerOpenWait(), new SchedulerClock(scheduler)),
                scheduler, GuardedUpstream.StatusRetry.defaults());
        RenderPipeline pipeline = new RenderPipeline(store, events, guarded, PipelineConfig.custom()
                .pollInterval(config.pollInterval())
                .renderTimeout(config.renderTimeout())
                .build(), scheduler).start();

        Replies replies = new Replies(mapper);
        Authenticator authenticator = new Authenticator(keys);
        RenderJson renderJson = new RenderJson(mapper);
        GatewayRoutes routes = new GatewayRoutes(
                new RenderHandlers(pipeline, store, authenticator, new RequestBodies(mapper, config.maxBodyBytes()),
                        renderJson, replies, mapper),
                new EventStreamHandlers(new RenderFeeds(store, events), store, authenticator, renderJson,
                        config.sseHeartbeat(), scheduler),
                new HealthHandlers(pipeline, replies, mapper),
                replies);
        DisposableServer server;
        try {
            server = HttpServer.create()
                    .port(config.port())
                    .route(routes)
                    .bindNow();
        } catch (RuntimeException e) {
            // Nothing will own the pipeline or the embedded sandbox: stop them rather than leak them.
            pipeline.dispose();
            upstream.close();
            throw e;
        }
        log.info("listening on port {}", server.port());
        return new RenderGateway(upstream, pipeline, server);
    }

    private static Map<String, String> devKey() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String key = "gw_dev_" + HexFormat.of().formatHex(secret);
        log.info("no GATEWAY_API_KEYS set: created a key for tenant 'dev' (shown only now): {}", key);
        return Map.of(key, "dev");
    }

    /** The port the gateway listens on; useful when configured with port 0. */
    public int port() {
        return server.port();
    }

    /** Blocks the calling thread until the server is shut down. */
    public void awaitShutdown() {
        server.onDispose().block();
    }

    @Override
    public void close() {
        server.disposeNow();
        pipeline.dispose();
        upstream.close();
    }
}
