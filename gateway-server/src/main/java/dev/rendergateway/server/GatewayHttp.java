package dev.rendergateway.server;

import dev.rendergateway.core.admission.RenderAdmission;
import dev.rendergateway.core.events.RenderFeeds;
import dev.rendergateway.core.idempotency.IdempotentAcceptance;
import dev.rendergateway.core.idempotency.RequestFingerprint;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.Cors;
import dev.rendergateway.server.http.Readiness;
import dev.rendergateway.server.http.RenderJson;
import dev.rendergateway.server.http.Replies;
import dev.rendergateway.server.http.RequestBodies;
import dev.rendergateway.server.http.UpstreamNotice;
import dev.rendergateway.server.http.batch.BatchHandlers;
import dev.rendergateway.server.http.compat.CompatMovieJson;
import dev.rendergateway.server.http.compat.CompatReplies;
import dev.rendergateway.server.http.compat.Json2VideoCompatHandlers;
import dev.rendergateway.server.http.events.EventStreamHandlers;
import dev.rendergateway.server.http.events.EventStreams;
import dev.rendergateway.server.http.events.SseFrames;
import dev.rendergateway.server.http.events.StreamAuthenticator;
import dev.rendergateway.server.http.ops.HealthHandlers;
import dev.rendergateway.server.http.ops.MetricsHandler;
import dev.rendergateway.server.http.ops.OpenApiHandler;
import dev.rendergateway.server.http.ops.StaticAssets;
import dev.rendergateway.server.http.renders.RenderHandlers;
import dev.rendergateway.server.http.renders.UsageHandlers;
import dev.rendergateway.server.http.routes.BrowserSupport;
import dev.rendergateway.server.http.routes.GatewayRoutes;
import dev.rendergateway.server.http.routes.OperationsHandlers;
import dev.rendergateway.server.http.tokens.AccessTokens;
import dev.rendergateway.server.http.tokens.TokenHandlers;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** The HTTP side of one gateway: every handler, built over the {@link GatewayComponents}, and the route table. */
final class GatewayHttp {

    final Readiness readiness = new Readiness();
    final EventStreamHandlers streams;
    final GatewayRoutes routes;
    private final GatewayComponents core;
    private final GatewayConfig config;
    private final Replies replies;
    private final Authenticator authenticator;
    private final RenderJson renderJson;
    private final EventStreams eventStreams;

    GatewayHttp(GatewayComponents core) {
        this.core = core;
        this.config = core.config;
        this.replies = new Replies(core.mapper);
        this.authenticator = new Authenticator(core.keys);
        this.renderJson = new RenderJson(core.mapper);
        this.eventStreams = new EventStreams(new SseFrames(renderJson), config.sseHeartbeat(), core.scheduler);
        AccessTokens tokens = new AccessTokens(AccessTokens.secret(config.tokenSecret()), Clock.systemUTC(),
                Set.copyOf(core.keys.values()));
        this.streams = eventStreams(tokens);
        RenderAdmission admission = admission();
        this.routes = new GatewayRoutes(renderHandlers(admission), streams, operations(), browser(tokens),
                compat(admission), batch(admission),
                core.webhooks.handlers(core.pipeline, core.store, authenticator, replies),
                new UsageHandlers(core.quota, authenticator, replies, core.mapper), replies, readiness,
                core.metrics.httpServer(), core.telemetry.serverSpans());
        core.metrics.bindStreams(streams::openStreams, core.subscriberStats, eventStreams::delivered);
        core.metrics.gauge("gateway.draining", "1 while the gateway drains for shutdown",
                () -> readiness.isDraining() ? 1 : 0);
    }

    private RequestBodies bodies() {
        return new RequestBodies(core.mapper, config.maxBodyBytes(), config.limits().maxJsonDepth());
    }

    /** The one admission path of all three entry points: quota, then Idempotency-Key, then the fair queue. */
    private RenderAdmission admission() {
        return new RenderAdmission(core.quota, new IdempotentAcceptance(core.pipeline, core.store,
                core.state.idempotencyKeys(), new RequestFingerprint(core.mapper)));
    }

    private RenderHandlers renderHandlers(RenderAdmission admission) {
        return new RenderHandlers(core.pipeline, admission, core.store, authenticator, bodies(), renderJson,
                replies, core.mapper, core.webhooks.vetting());
    }

    /** Event streams, opened with a key or a token for EventSource (live progress for frontends). */
    private EventStreamHandlers eventStreams(AccessTokens tokens) {
        return new EventStreamHandlers(new RenderFeeds(core.store, core.events), core.store,
                new StreamAuthenticator(authenticator, tokens), eventStreams, Clock.systemUTC(),
                config.limits().maxStreamsPerTenant());
    }

    /** CORS, tokens for EventSource, the dashboard (thumbnails of the embedded sandbox too) and the sandbox notice. */
    private BrowserSupport browser(AccessTokens tokens) {
        return new BrowserSupport(new Cors(config.corsOrigins()),
                new TokenHandlers(tokens, authenticator, core.store, bodies(), replies, core.mapper),
                new StaticAssets(core.upstream.isSandbox() ? List.of(core.upstream.baseUrl().toString()) : List.of()),
                UpstreamNotice.of(core.upstream.isSandbox()));
    }

    private OperationsHandlers operations() {
        return new OperationsHandlers(
                new HealthHandlers(core.pipeline, core.store, core.state.description(), core.guarded, readiness,
                        replies, core.mapper),
                new MetricsHandler(core.metrics::scrape),
                new OpenApiHandler(core.mapper));
    }

    private Json2VideoCompatHandlers compat(RenderAdmission admission) {
        return new Json2VideoCompatHandlers(admission, core.store, authenticator, bodies(),
                new CompatMovieJson(core.mapper), new CompatReplies(replies, core.mapper), core.mapper);
    }

    private BatchHandlers batch(RenderAdmission admission) {
        return new BatchHandlers(admission, authenticator, bodies(), renderJson, replies, core.mapper,
                config.maxBodyBytes(), core.webhooks.vetting());
    }
}
