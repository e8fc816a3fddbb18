package dev.rendergateway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.idempotency.IdempotentAcceptance;
import dev.rendergateway.core.idempotency.RequestFingerprint;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.events.RenderFeeds;
import dev.rendergateway.core.pipeline.PipelineConfig;
import dev.rendergateway.core.pipeline.RenderPipeline;
import dev.rendergateway.core.pipeline.SchedulerClock;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.resilience.UpstreamCircuitBreaker;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.upstream.Json2VideoClientConfig;
import dev.rendergateway.core.upstream.ReactorNettyJson2VideoClient;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.http.AccessTokens;
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.BatchHandlers;
import dev.rendergateway.server.http.BrowserSupport;
import dev.rendergateway.server.http.CompatMovieJson;
import dev.rendergateway.server.http.CompatReplies;
import dev.rendergateway.server.http.Cors;
import dev.rendergateway.server.http.Json2VideoCompatHandlers;
import dev.rendergateway.server.http.SseFrames;
import dev.rendergateway.server.http.StaticAssets;
import dev.rendergateway.server.http.StreamAuthenticator;
import dev.rendergateway.server.http.TokenHandlers;
import dev.rendergateway.server.http.EventStreamHandlers;
import dev.rendergateway.server.http.GatewayRoutes;
import dev.rendergateway.server.http.HealthHandlers;
import dev.rendergateway.server.http.RenderHandlers;
import dev.rendergateway.server.http.RenderJson;
import dev.rendergateway.server.http.Replies;
import dev.rendergateway.server.http.RequestBodies;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
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
    private final StreamStats.Streams streamStats;
    private final StateWiring state;

    private RenderGateway(UpstreamConnection upstream, RenderPipeline pipeline, DisposableServer server,
                          StreamStats.Streams streamStats, StateWiring state) {
        this.upstream = upstream;
        this.pipeline = pipeline;
        this.server = server;
        this.streamStats = streamStats;
        this.state = state;
    }

    /** Starts everything the configuration asks for; returns once the port accepts requests. */
    public static RenderGateway start(GatewayConfig config) {
        ObjectMapper mapper = GatewayObjectMapper.create();
        Scheduler scheduler = Schedulers.parallel();
        ListenerTls tls = ListenerTls.from(config);
        UpstreamConnection upstream = UpstreamConnection.open(config);
        Map<String, String> keys = config.tenantsByApiKey().isEmpty() ? devKey() : config.tenantsByApiKey();

        StateWiring state;
        try {
            state = StateWiring.from(config, scheduler);
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
        RenderStore store = state.store();
        WebhookWiring webhooks = WebhookWiring.create(config, mapper, scheduler);
        RenderEvents events = state.events();
        ReactorNettyJson2VideoClient client = new ReactorNettyJson2VideoClient(
                Json2VideoClientConfig.custom(upstream.baseUrl().toString(), upstream.apiKey()).build(),
                mapper, new SchedulerClock(scheduler));
        GuardedUpstream guarded = new GuardedUpstream(client, state.budget(),
                UpstreamCircuitBreaker.create(config.breakerOpenWait(), new SchedulerClock(scheduler)),
                scheduler, GuardedUpstream.StatusRetry.defaults());
        RenderPipeline pipeline = new RenderPipeline(webhooks.outbox(store), events, guarded, state.queue(),
                state.leases(), webhooks.pipeline(PipelineConfig.custom())
                .pollInterval(config.pollInterval())
                .renderTimeout(config.renderTimeout())
                .build(), scheduler).start();

        Replies replies = new Replies(mapper);
        Authenticator authenticator = new Authenticator(keys);
        RenderJson renderJson = new RenderJson(mapper);
        // Event streams, tokens for EventSource, CORS and the dashboard (issue: live progress for frontends).
        AccessTokens tokens = new AccessTokens(AccessTokens.secret(config.tokenSecret()), Clock.systemUTC(),
                Set.copyOf(keys.values()));
        EventStreamHandlers streams = new EventStreamHandlers(new RenderFeeds(store, events), store,
                new StreamAuthenticator(authenticator, tokens),
                new SseFrames(renderJson, config.sseHeartbeat(), scheduler), Clock.systemUTC());
        BrowserSupport browser = new BrowserSupport(new Cors(config.corsOrigins()),
                new TokenHandlers(tokens, authenticator, store, new RequestBodies(mapper, config.maxBodyBytes()),
                        replies, mapper),
                new StaticAssets());
        GatewayRoutes routes = new GatewayRoutes(
                new RenderHandlers(pipeline, new IdempotentAcceptance(pipeline, store,
                                state.idempotencyKeys(),
                                new RequestFingerprint(mapper)),
                        store, authenticator, new RequestBodies(mapper, config.maxBodyBytes()),
                        renderJson, replies, mapper, webhooks.vetting()),
                streams,
                new HealthHandlers(pipeline, store, state.description(), replies, mapper),
                replies,
                browser,
                new Json2VideoCompatHandlers(pipeline, store, authenticator,
                        new RequestBodies(mapper, config.maxBodyBytes()), new CompatMovieJson(mapper),
                        new CompatReplies(replies, mapper), mapper),
                new BatchHandlers(pipeline, authenticator, new RequestBodies(mapper, config.maxBodyBytes()),
                        renderJson, replies, mapper, config.maxBodyBytes(), webhooks.vetting()),
                webhooks.handlers(pipeline, store, authenticator, replies));
        DisposableServer server;
        try {
            server = tls.secure(HttpServer.create())
                    .port(config.port())
                    .route(routes)
                    .bindNow();
        } catch (RuntimeException e) {
            // Nothing will own the pipeline or the embedded sandbox: stop them rather than leak them.
            pipeline.dispose();
            webhooks.dispose();
            state.close();
            upstream.close();
            throw e;
        }
        server.onDispose(webhooks);
        log.info("listening on port {}", server.port());
        return new RenderGateway(upstream, pipeline, server, new StreamStats.Streams(streams, state.streamStats()),
                state);
    }

    private static Map<String, String> devKey() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String key = "gw_dev_" + HexFormat.of().formatHex(secret);
        log.info("no GATEWAY_API_KEYS set: created a key for tenant 'dev' (shown only now): {}", key);
        return Map.of(key, "dev");
    }

    /** Open event streams, their subscriptions and what waits in their mailboxes, now. */
    public StreamStats streamStats() {
        return streamStats.now();
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
        streamStats.endAll();
        server.disposeNow();
        pipeline.dispose();
        state.close();
        upstream.close();
    }
}
