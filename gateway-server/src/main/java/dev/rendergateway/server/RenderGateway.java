package dev.rendergateway.server;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.server.config.GatewayConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** A running gateway: the upstream connection, the render pipeline and the HTTP server, started and stopped together. */
public final class RenderGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RenderGateway.class);
    /** What the drain keeps back from its bound to close the listener and the upstream connection. */
    private static final Duration CLOSING_TIME = Duration.ofMillis(500);

    private final GatewayComponents core;
    private final GatewayHttp http;
    private final DisposableServer server;
    private final StreamStats.Streams streamStats;

    private RenderGateway(GatewayComponents core, GatewayHttp http, DisposableServer server) {
        this.core = core;
        this.http = http;
        this.server = server;
        this.streamStats = new StreamStats.Streams(http.streams, core.subscriberStats);
    }

    /** Starts everything the configuration asks for; returns once the port accepts requests. */
    public static RenderGateway start(GatewayConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** The same, with credit quotas counted in the UTC days of {@code wallClock}; specs move it by hand. */
    public static RenderGateway start(GatewayConfig config, Clock wallClock) {
        ListenerTls tls = ListenerTls.from(config);
        GatewayComponents core = GatewayComponents.start(config, wallClock);
        DisposableServer server;
        GatewayHttp http;
        try {
            http = new GatewayHttp(core);
            server = HttpListener.bind(config, tls, http.routes, core.metrics.httpServer());
        } catch (RuntimeException e) {
            // Nothing will own the pipeline or the embedded sandbox: stop them rather than leak them.
            core.close();
            throw e;
        }
        log.info("listening on port {} ({})", server.port(),
                config.host().map(host -> "address " + host).orElse("every interface"));
        return new RenderGateway(core, http, server);
    }

    /** Open event streams, their subscriptions and what waits in their mailboxes, now. */
    public StreamStats streamStats() {
        return streamStats.now();
    }

    /** The port the gateway listens on; useful when configured with port 0. */
    public int port() {
        return server.port();
    }

    /** Every endpoint served, as {@code "METHOD /path/{template}"}. */
    public List<String> routes() {
        return http.routes.routes().stream().map(route -> route.method().name() + " " + route.path()).toList();
    }

    /** A render as stored now, whoever owns it; for specs of what a drain leaves behind. */
    Mono<Render> render(String id) {
        return core.store.find(id);
    }

    /** The configuration it runs with. */
    public GatewayConfig config() {
        return core.config;
    }

    /** Blocks the calling thread until the server is shut down. */
    public void awaitShutdown() {
        server.onDispose().block();
    }

    /**
     * Shuts down gracefully within {@code bound} (blocking the calling thread, never an event loop): readiness
     * goes false and new requests get 503; every event stream gets a last comment and ends, so its client
     * reconnects elsewhere; submissions and polls already under way finish; renders stay consistent in the
     * store; then the listener, pipeline and upstream connection close. Returns what it did.
     */
    public DrainReport drain(Duration bound) {
        long start = System.nanoTime();
        if (!http.readiness.startDraining()) {
            return new DrainReport(Duration.ZERO, 0, List.of("already draining"));
        }
        int streams = http.streams.openStreams();
        log.info("draining: readiness is false, {} event streams told to reconnect, in-flight work has {}",
                streams, bound);
        streamStats.endAll();
        Duration pipelineBound = bound.minus(CLOSING_TIME).isNegative() ? Duration.ZERO : bound.minus(CLOSING_TIME);
        core.pipeline.drain(pipelineBound).block(bound.plus(CLOSING_TIME));
        Duration left = bound.minus(Duration.ofNanos(System.nanoTime() - start));
        server.disposeNow(left.compareTo(CLOSING_TIME) < 0 ? CLOSING_TIME : left);
        core.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        log.info("drained in {} ms", took.toMillis());
        return new DrainReport(took, streams, List.of());
    }

    /** Stops at once: streams end, the listener and everything behind it close. */
    @Override
    public void close() {
        if (http.readiness.isDraining()) {
            return;
        }
        http.readiness.startDraining();
        streamStats.endAll();
        server.disposeNow();
        core.close();
    }

    /** What a drain did: how long it took and how many event streams it ended; notes for the log. */
    public record DrainReport(Duration took, int streamsEnded, List<String> notes) {
    }
}
