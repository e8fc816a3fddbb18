package dev.rendergateway.server.http.events;

import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.events.RenderFeeds;
import dev.rendergateway.core.events.Selection;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.store.StoreStallRetry;
import dev.rendergateway.core.tracing.TraceMdc;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.renders.RenderHandlers;
import dev.rendergateway.server.http.tokens.StreamViewer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /v1/renders/{id}/events} and {@code GET /v1/events}: Server-Sent Events of renders in the WHATWG
 * event-stream format, resumable with {@code Last-Event-ID}, opened with a gateway key or an access token.
 */
public final class EventStreamHandlers {

    private static final Logger log = LoggerFactory.getLogger(EventStreamHandlers.class);

    private final RenderFeeds feeds;
    private final RenderStore store;
    private final StreamAuthenticator access;
    private final EventStreams streams;
    private final Clock clock;
    private final AtomicInteger open = new AtomicInteger();
    private final TenantStreams perTenant;

    public EventStreamHandlers(RenderFeeds feeds, RenderStore store, StreamAuthenticator access,
                               EventStreams streams, Clock clock, int maxStreamsPerTenant) {
        this.perTenant = new TenantStreams(maxStreamsPerTenant);
        this.feeds = feeds;
        this.store = store;
        this.access = access;
        this.streams = streams;
        this.clock = clock;
    }

    /** {@code GET /v1/renders/{id}/events}: the render's current state, each change, closed after the end. */
    public Mono<Void> render(HttpServerRequest request, HttpServerResponse response) {
        StreamViewer viewer = access.viewerOf(request);
        String id = request.param("id");
        if (!viewer.mayWatch(id)) {
            return Mono.error(ProblemException.noSuchRender(id));
        }
        return feeds.open(viewer.tenant(), id, LastEventId.of(request))
                .switchIfEmpty(Mono.error(() -> ProblemException.noSuchRender(id)))
                .flatMap(feed -> feed.ended()
                        // The client saw the end already: 204 tells EventSource not to reconnect again.
                        ? response.status(HttpResponseStatus.NO_CONTENT).send()
                        : stream(request, response, feed.events(), viewer));
    }

    /** {@code GET /v1/events?render=…}: several renders, or every render of the tenant (also later ones). */
    public Mono<Void> all(HttpServerRequest request, HttpServerResponse response) {
        StreamViewer viewer = access.viewerOf(request);
        Set<String> named = namedRenders(request);
        for (String id : named) {
            if (!viewer.mayWatch(id)) {
                return Mono.error(ProblemException.noSuchRender(id));
            }
        }
        Selection selection = named.isEmpty() ? viewer.everything() : Selection.of(viewer.tenant(), named);
        OptionalLong lastEventId = LastEventId.of(request);
        return Flux.fromIterable(named)
                .concatMap(id -> StoreStallRetry.read(() -> store.findOwned(viewer.tenant(), id))
                        .switchIfEmpty(Mono.error(() -> ProblemException.noSuchRender(id))))
                .then(Mono.defer(() -> stream(request, response, feeds.follow(selection, lastEventId), viewer)));
    }

    /**
     * Ends every open stream with a last comment, so that its client reconnects (to another instance, or this
     * gateway's successor); streams opened later end at once the same way.
     */
    public void endAll() {
        streams.endAll();
    }

    /** How many event streams are open now. */
    public int openStreams() {
        return open.get();
    }

    private Mono<Void> stream(HttpServerRequest request, HttpServerResponse response, Flux<RenderEvent> feed,
                              StreamViewer viewer) {
        if (request.method() == HttpMethod.HEAD) {
            return streamHeaders(response).sendHeaders().then();
        }
        return Mono.defer(() -> {
            if (!perTenant.tryOpen(viewer.tenant())) {
                return Mono.error(new ProblemException(perTenant.tooMany()));
            }
            return send(response, feed, viewer).doFinally(signal -> perTenant.close(viewer.tenant()));
        });
    }

    private Mono<Void> send(HttpServerResponse response, Flux<RenderEvent> feed, StreamViewer viewer) {
        Duration lifetime = viewer.expiresAt()
                .map(end -> Duration.between(clock.instant(), end))
                .map(left -> left.isNegative() ? Duration.ZERO : left)
                .orElse(null);
        Channel channel = channelOf(response);
        return streamHeaders(response)
                .sendHeaders()
                .then(streams.open(channel, feed, lifetime)
                        .doOnSubscribe(subscription -> open.incrementAndGet())
                        .doFinally(signal -> open.decrementAndGet()))
                .then()
                .onErrorResume(StalledStreamException.class, stalled -> Mono.deferContextual(context -> {
                    try (TraceMdc mdc = TraceMdc.from(context)) {
                        log.info("event stream closed: {}", stalled.getMessage());
                    }
                    response.withConnection(Connection::dispose);
                    return Mono.empty();
                }));
    }

    /** The headers of an event stream, also the whole answer to {@code HEAD}. */
    private static HttpServerResponse streamHeaders(HttpServerResponse response) {
        return response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no")
                // Not kept alive once the stream ends: a reconnection must reach whoever serves then
                // (after a restart, this gateway's successor), not an old connection.
                .header(HttpHeaderNames.CONNECTION, "close");
    }

    private static Channel channelOf(HttpServerResponse response) {
        Channel[] channel = new Channel[1];
        response.withConnection(connection -> channel[0] = connection.channel());
        return channel[0];
    }

    private static Set<String> namedRenders(HttpServerRequest request) {
        List<String> values = new QueryStringDecoder(request.uri()).parameters().getOrDefault("render", List.of());
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String value : values) {
            if (value.isBlank()) {
                errors.add(new Problem.FieldError("render", "must be a render id, not empty"));
            } else {
                ids.add(value.trim());
            }
        }
        if (ids.size() > StreamViewer.MAX_RENDERS) {
            errors.add(new Problem.FieldError("render", "at most " + StreamViewer.MAX_RENDERS + " renders per stream; "
                    + "leave render out to follow every render"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
        return ids;
    }
}
