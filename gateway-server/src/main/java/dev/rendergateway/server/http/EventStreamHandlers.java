package dev.rendergateway.server.http;

import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.events.RenderFeeds;
import dev.rendergateway.core.store.RenderStore;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Server-Sent Events of renders in the WHATWG event-stream format: {@code retry:} once, then one
 * {@code id:}/{@code event: render}/{@code data:} event per change, with comment heartbeats in between.
 */
public final class EventStreamHandlers {

    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(3);

    private final RenderFeeds feeds;
    private final RenderStore store;
    private final Authenticator authenticator;
    private final RenderJson renderJson;
    private final Duration heartbeat;
    private final Scheduler scheduler;

    public EventStreamHandlers(RenderFeeds feeds, RenderStore store, Authenticator authenticator,
                               RenderJson renderJson, Duration heartbeat, Scheduler scheduler) {
        this.feeds = feeds;
        this.store = store;
        this.authenticator = authenticator;
        this.renderJson = renderJson;
        this.heartbeat = heartbeat;
        this.scheduler = scheduler;
    }

    /** {@code GET /v1/renders/{id}/events}: the render's current state, each change, closed after the end. */
    public Mono<Void> render(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        String id = request.param("id");
        return store.findOwned(tenant, id)
                .switchIfEmpty(Mono.error(() -> RenderHandlers.notFound(id)))
                .flatMap(found -> stream(response, feeds.follow(tenant, id)));
    }

    private Mono<Void> stream(HttpServerResponse response, Flux<RenderEvent> events) {
        Flux<String> frames = Flux.concat(
                Mono.just("retry: " + RECONNECT_DELAY.toMillis() + "\n\n"),
                events.map(this::frame));
        Flux<String> withHeartbeats = frames.publish(shared -> Flux.merge(shared,
                Flux.interval(heartbeat, heartbeat, scheduler)
                        .map(tick -> ": heartbeat\n\n")
                        .takeUntilOther(shared.then().thenReturn(Boolean.TRUE))));
        return response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no")
                .send(ByteBufFlux.fromString(withHeartbeats), buffer -> true)
                .then();
    }

    private String frame(RenderEvent event) {
        return "id: " + event.sequence() + "\nevent: render\ndata: " + renderJson.toText(event.render()) + "\n\n";
    }
}
