package dev.rendergateway.core.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.tracing.RequestIds;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * The default {@link Json2VideoClient}: Reactor Netty's HTTP client with a bounded pool, timeouts,
 * whole-body reads (chunked or not) and failure classification that tells "nothing was sent" from
 * "the upstream may have acted".
 */
public final class ReactorNettyJson2VideoClient implements Json2VideoClient {

    private static final String MOVIES = "/v2/movies";

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final int maxResponseBytes;

    public ReactorNettyJson2VideoClient(Json2VideoClientConfig config, ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
        this.maxResponseBytes = config.maxResponseBytes();
        ConnectionProvider pool = ConnectionProvider.builder("json2video")
                .maxConnections(config.maxConnections())
                .pendingAcquireMaxCount(-1)
                .metrics(config.metrics())
                .build();
        HttpClient client = HttpClient.create(pool);
        if (config.metrics()) {
            // One URI tag for every call: the query carries project ids, which must not become labels.
            client = client.metrics(true, uri -> MOVIES);
        }
        this.http = client
                .baseUrl(config.baseUrl().toString())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .responseTimeout(config.responseTimeout())
                .followRedirect(false)
                // Never let the transport re-send on its own: a re-sent POST is a second paid render.
                .disableRetry(true)
                .headers(headers -> headers.set("x-api-key", config.apiKey()))
                // The id of the gateway request that caused this call, when there is one.
                .doOnRequest((request, connection) -> RequestIds.from(request.currentContextView())
                        .ifPresent(id -> request.header(RequestIds.HEADER, id)));
    }

    @Override
    public Mono<String> submit(JsonNode movie) {
        return Mono.defer(() -> {
            AtomicBoolean written = new AtomicBoolean();
            byte[] body = serialize(movie);
            return http.doAfterRequest((request, connection) -> {
                        written.set(true);
                        RequestSentListener.notifySent(request.currentContextView());
                    })
                    .headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON))
                    .post()
                    .uri(MOVIES)
                    .send(ByteBufFlux.fromInbound(Mono.just(body)))
                    .responseSingle((response, content) -> content.asByteArray()
                            .defaultIfEmpty(new byte[0])
                            .map(bytes -> answer(response, bytes)))
                    .onErrorMap(error -> !(error instanceof UpstreamException),
                            error -> UpstreamAnswer.transportFailure(error, written.get()))
                    .map(answer -> answer.project(mapper));
        });
    }

    @Override
    public Mono<UpstreamMovie> status(String project) {
        return Mono.defer(() -> {
            QueryStringEncoder uri = new QueryStringEncoder(MOVIES);
            uri.addParam("project", project);
            AtomicBoolean written = new AtomicBoolean();
            return http.doAfterRequest((request, connection) -> {
                        written.set(true);
                        RequestSentListener.notifySent(request.currentContextView());
                    })
                    .get()
                    .uri(uri.toString())
                    .responseSingle((response, content) -> content.asByteArray()
                            .defaultIfEmpty(new byte[0])
                            .map(bytes -> answer(response, bytes)))
                    .onErrorMap(error -> !(error instanceof UpstreamException),
                            error -> UpstreamAnswer.transportFailure(error, written.get()))
                    .map(answer -> answer.movie(mapper));
        });
    }

    private UpstreamAnswer answer(HttpClientResponse response, byte[] body) {
        if (body.length > maxResponseBytes) {
            throw new UpstreamException(UpstreamFailure.UNPARSEABLE, response.status().code(),
                    "answer of " + body.length + " bytes exceeds the limit of " + maxResponseBytes);
        }
        return new UpstreamAnswer(response.status().code(),
                response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER),
                new String(body, StandardCharsets.UTF_8), clock.instant());
    }

    private byte[] serialize(JsonNode movie) {
        try {
            return mapper.writeValueAsBytes(movie);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("movie cannot be serialized", e);
        }
    }
}
