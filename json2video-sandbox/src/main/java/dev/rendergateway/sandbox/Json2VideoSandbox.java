package dev.rendergateway.sandbox;

import dev.rendergateway.sandbox.faults.SandboxFaults;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A running JSON2Video API v2 simulator on Reactor Netty, with counters and fault injection. */
public final class Json2VideoSandbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Json2VideoSandbox.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final SandboxConfig config;
    private final SandboxEngine engine;
    private final SandboxCounters counters;
    private final SandboxFaults faults;
    private final RequestLog requests;
    private final MoviesEndpoint endpoint;
    private final DisposableServer server;
    private final SandboxWebhookSender webhooks;
    private final Disposable webhookTicker;

    private Json2VideoSandbox(SandboxConfig config, SandboxEngine engine, SandboxCounters counters,
            SandboxFaults faults, RequestLog requests, MoviesEndpoint endpoint, DisposableServer server) {
        this.config = config;
        this.endpoint = endpoint;
        this.requests = requests;
        this.engine = engine;
        this.counters = counters;
        this.faults = faults;
        this.server = server;
        this.webhooks = new SandboxWebhookSender(counters, config.clock());
        this.webhookTicker = config.webhookCheckInterval().isZero()
                ? reactor.core.Disposables.disposed()
                : Flux.interval(config.webhookCheckInterval(), Schedulers.parallel())
                        .onBackpressureDrop()
                        .subscribe(tick -> fireWebhooksDue().subscribe());
    }

    /** Binds the HTTP server (blocking; call it from a main or test thread) and starts serving. */
    public static Json2VideoSandbox start(SandboxConfig config) {
        SandboxEngine engine = new SandboxEngine(config);
        SandboxCounters counters = new SandboxCounters(config.clock());
        SandboxFaults faults = new SandboxFaults(config.seed());
        MoviesEndpoint endpoint = new MoviesEndpoint(engine, counters, config.clock());
        RequestLog requests = new RequestLog(config.clock());
        SandboxHttpHandler handler = new SandboxHttpHandler(config, counters, faults, endpoint, requests,
                new ThumbnailAsset(engine));
        DisposableServer server = HttpServer.create()
                .host(config.host())
                .port(config.port())
                .idleTimeout(Duration.ofSeconds(60))
                .handle(handler)
                .bindNow(BIND_TIMEOUT);
        LOG.info("JSON2Video sandbox bound to {}:{}", config.host(), server.port());
        Json2VideoSandbox sandbox = new Json2VideoSandbox(config, engine, counters, faults, requests, endpoint, server);
        engine.thumbnailsAt(sandbox.baseUrl() + ThumbnailAsset.PREFIX);
        return sandbox;
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** Where clients send requests, e.g. {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port();
    }

    /** The key requests must carry in {@code x-api-key}. */
    public String apiKey() {
        return config.apiKey();
    }

    /** The request counters. */
    public SandboxCounters counters() {
        return counters;
    }

    /** The last requests received, with the headers they carried. */
    public RequestLog requests() {
        return requests;
    }

    /**
     * Sets the account's movie quota (default 10,000): every answer reports {@code remaining_quota.movies} as
     * the quota less the movies created, and a POST once none are left is refused with 401.
     */
    public void movieQuota(long movies) {
        endpoint.movieQuota(movies);
    }

    /** The fault injection controls. */
    public SandboxFaults faults() {
        return faults;
    }

    /** The render simulation behind the HTTP API. */
    public SandboxEngine engine() {
        return engine;
    }

    /**
     * Makes the webhook calls of every render that has ended since the last check, once each, without
     * waiting for them; emits how many were started. Runs by itself every {@code webhookCheckInterval}.
     */
    public Mono<Integer> fireWebhooksDue() {
        return Mono.fromSupplier(() -> {
            java.util.List<WebhookCall> due = engine.takeDueWebhooks();
            due.forEach(call -> webhooks.send(call).subscribe());
            return due.size();
        });
    }

    /** Completes when the server has been disposed. */
    public Mono<Void> onClose() {
        return server.onDispose();
    }

    /** Disposes the server; waits for it unless called from a non-blocking thread. */
    @Override
    public void close() {
        webhookTicker.dispose();
        webhooks.close();
        if (Schedulers.isInNonBlockingThread()) {
            server.dispose();
        } else {
            server.disposeNow(CLOSE_TIMEOUT);
        }
    }
}
