package dev.rendergateway.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.common.http.RetryAfter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reactive client of render-gateway's {@code /v1} API. Nothing happens until a returned publisher is subscribed;
 * no method blocks, and every signal arrives on a Reactor Netty or Reactor thread.
 *
 * <pre>{@code
 * try (RenderGatewayClient client = RenderGatewayClient.builder()
 *         .baseUrl("http://localhost:8080")
 *         .apiKey(System.getenv("RENDER_GATEWAY_KEY"))
 *         .build()) {
 *     ObjectNode movie = (ObjectNode) new ObjectMapper().readTree(
 *             "{\"scenes\": [{\"elements\": [{\"type\": \"text\", \"text\": \"Hello\"}]}]}");
 *     Render done = client.submit(RenderRequest.of(movie))
 *             .flatMapMany(render -> client.watch(render.id()))
 *             .doOnNext(render -> System.out.println(render.status() + " " + render.progress() + "%"))
 *             .blockLast();                      // only outside event loops: a main method, a test
 *     System.out.println(done.url());
 * }
 * }</pre>
 *
 * Refusals arrive as {@link RenderGatewayException} with the gateway's {@link Problem}; a gateway that cannot be
 * reached as {@link GatewayUnreachableException}. Calls answered 429 or 503 (and 409 while an idempotency key is in
 * use) are retried after {@code Retry-After}, within the builder's {@code maxAttempts} and {@code maxRetryWait}.
 */
public final class RenderGatewayClient implements AutoCloseable {

    /** The gateway's limit of renders named on one event stream. */
    private static final int IDS_PER_STREAM = 100;

    private final ClientSettings settings;
    private final Transport transport;
    private final WireJson json;
    private final Retries retries;

    RenderGatewayClient(ClientSettings settings, Function<WireJson, Transport> transports) {
        this.settings = settings;
        this.json = new WireJson(new ObjectMapper());
        this.transport = transports.apply(json);
        this.retries = new Retries(settings.maxAttempts(), settings.maxRetryWait());
    }

    /** A builder; {@code baseUrl} and {@code apiKey} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Submits one render ({@code POST /v1/renders}). Without an idempotency key in the request, one is made for this
     * call and sent again on every retry of it (and on every re-subscription), so it never makes two renders.
     */
    public Mono<Render> submit(RenderRequest request) {
        Objects.requireNonNull(request, "request");
        String key = request.idempotencyKey() != null ? request.idempotencyKey() : IdempotencyKeys.next();
        HttpCall call = HttpCall.post("/v1/renders", json.requestBody(request), Map.of("Idempotency-Key", key));
        return unary(call).map(json::render);
    }

    /**
     * Submits renders over one streamed {@code POST /v1/renders/batch}: requests are sent as the gateway takes them
     * (demand flows back from the network), and each line's result comes back in order, while later ones are still
     * being sent. A line the gateway refuses is a result with its problem, not an error of the stream. A batch is
     * not retried (its requests may be consumed only once); give requests idempotency keys to send them again safely.
     */
    public Flux<BatchResult> submitAll(Publisher<RenderRequest> requests) {
        return Flux.defer(() -> {
            Queue<RenderRequest> inFlight = new ConcurrentLinkedQueue<>();
            Flux<ByteBuf> body = Flux.from(requests)
                    .doOnNext(inFlight::add)
                    .map(request -> Unpooled.wrappedBuffer(json.batchLine(request)));
            HttpCall call = new HttpCall("POST", "/v1/renders/batch",
                    Map.of("Content-Type", "application/x-ndjson", "Accept", "application/x-ndjson"), null);
            return transport.lines(call, body)
                    .filter(line -> !line.isBlank())
                    .map(line -> json.batchResult(line, inFlight.poll()));
        });
    }

    /** The render now ({@code GET /v1/renders/{id}}). */
    public Mono<Render> get(String id) {
        return unary(HttpCall.get("/v1/renders/" + segment(id))).map(json::render);
    }

    /** Cancels a render still queued ({@code DELETE /v1/renders/{id}}); a 409 problem once it was submitted. */
    public Mono<Render> cancel(String id) {
        return unary(HttpCall.delete("/v1/renders/" + segment(id))).map(json::render);
    }

    /** Every render of the tenant, newest first. */
    public Flux<Render> list() {
        return list(RenderFilter.all());
    }

    /** The tenant's renders the filter selects, newest first; pages are fetched as they are consumed. */
    public Flux<Render> list(RenderFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return page(filter, null)
                .expand(page -> page.next() == null ? Mono.empty() : page(filter, page.next()))
                .concatMapIterable(WireJson.Page::items);
    }

    /**
     * One render's changes ({@code GET /v1/renders/{id}/events}): its current state first, then each change, until a
     * terminal status (done, error, timeout, cancelled), which is emitted and completes the flux. A dropped
     * connection is resumed with {@code Last-Event-ID}, so nothing is lost or repeated.
     */
    public Flux<Render> watch(String id) {
        return Flux.defer(() -> stream("/v1/renders/" + segment(id) + "/events")
                .renders(Render::isTerminal, get(id).filter(Render::isTerminal)));
    }

    /**
     * Several renders' changes ({@code GET /v1/events?render=…}, one stream per 100 of them, the gateway's limit):
     * each one's current state first, then its changes; completes once each of them has ended.
     */
    public Flux<Render> watchEach(Collection<String> ids) {
        List<String> wanted = List.copyOf(new LinkedHashSet<>(ids));
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < wanted.size(); from += IDS_PER_STREAM) {
            chunks.add(wanted.subList(from, Math.min(wanted.size(), from + IDS_PER_STREAM)));
        }
        return Flux.fromIterable(chunks).flatMap(this::watchChunk, Math.max(1, chunks.size()));
    }

    private Flux<Render> watchChunk(List<String> ids) {
        String query = ids.stream().map(id -> "render=" + segment(id)).collect(Collectors.joining("&"));
        return Flux.defer(() -> {
            Set<String> ended = new HashSet<>();
            return stream("/v1/events?" + query).renders(render -> {
                if (render.isTerminal()) {
                    ended.add(render.id());
                }
                return ended.containsAll(ids);
            }, Mono.empty());
        });
    }

    /** Every render of the tenant ({@code GET /v1/events}): recent states first, then every change; never completes. */
    public Flux<Render> watchAll() {
        return Flux.defer(() -> stream("/v1/events").renders(render -> false, Mono.empty()));
    }

    /** Releases the connection pool. */
    @Override
    public void close() {
        transport.close();
    }

    /** The gateway this client calls. */
    public URI baseUrl() {
        return settings.baseUrl();
    }

    /** The render's JSON as the API returned it, on one line. */
    public String toJsonLine(Render render) {
        return json.text(render);
    }

    private RenderEventStream stream(String path) {
        return new RenderEventStream(transport, json, path, settings.maxAttempts(), settings.streamIdleTimeout());
    }

    private Mono<WireJson.Page> page(RenderFilter filter, String cursor) {
        StringBuilder path = new StringBuilder("/v1/renders?limit=").append(filter.pageSize());
        filter.statusIfAny().ifPresent(status -> path.append("&status=").append(status.wireName()));
        if (cursor != null) {
            path.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        return unary(HttpCall.get(path.toString())).map(json::page);
    }

    /** One call with retries: its body when 2xx, else the problem as an error. */
    private Mono<byte[]> unary(HttpCall call) {
        return retries.around(() -> transport.exchange(call).flatMap(reply -> reply.status() < 300
                ? Mono.just(reply.body())
                : Mono.error(new RenderGatewayException(json.problem(reply.status(), reply.body()),
                        RetryAfter.parse(reply.header("Retry-After").orElse(null), Instant.now())))));
    }

    private static String segment(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a render id is required");
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Builds a {@link RenderGatewayClient}; {@link #build()} validates every setting. */
    public static final class Builder {

        private URI baseUrl;
        private String apiKey;
        private int maxAttempts = 4;
        private Duration maxRetryWait = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration streamIdleTimeout = Duration.ofSeconds(60);
        private int maxConnections = 50;
        private Function<WireJson, Transport> transport;

        private Builder() {
        }

        /** The gateway, e.g. {@code http://localhost:8080} (required). */
        public Builder baseUrl(String url) {
            Objects.requireNonNull(url, "baseUrl");
            try {
                return baseUrl(URI.create(url.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl is not a URL: " + url, e);
            }
        }

        /** The gateway (required). */
        public Builder baseUrl(URI url) {
            this.baseUrl = url;
            return this;
        }

        /** The gateway key, sent as {@code Authorization: Bearer} (required). */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** Attempts of one call in all, the first included (default 4); 1 turns retries off. */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** The most one call may spend waiting between its attempts (default 60 s). */
        public Builder maxRetryWait(Duration wait) {
            this.maxRetryWait = wait;
            return this;
        }

        /** How long a connection may take to open (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long a call other than a stream may wait for its answer (default 30 s). */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            return this;
        }

        /** How long an event stream may stay silent, heartbeats included, before it reconnects (default 60 s). */
        public Builder streamIdleTimeout(Duration timeout) {
            this.streamIdleTimeout = timeout;
            return this;
        }

        /** Pooled connections for calls other than streams (default 50); each stream has its own. */
        public Builder maxConnections(int connections) {
            this.maxConnections = connections;
            return this;
        }

        /** Specs only: calls go through this transport instead of the network. */
        Builder transport(Function<WireJson, Transport> fake) {
            this.transport = fake;
            return this;
        }

        /** The client; an {@link IllegalArgumentException} naming the first setting that is missing or wrong. */
        public RenderGatewayClient build() {
            ClientSettings settings = new ClientSettings(baseUrl, apiKey, maxAttempts, maxRetryWait, connectTimeout,
                    responseTimeout, streamIdleTimeout, maxConnections,
                    "render-gateway-client/" + ClientVersion.current());
            return new RenderGatewayClient(settings,
                    transport != null ? transport : wire -> new NettyTransport(settings, wire));
        }
    }
}
