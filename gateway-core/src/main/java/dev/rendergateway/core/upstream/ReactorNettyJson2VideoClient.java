package dev.rendergateway.core.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.GatewayVersion;
import dev.rendergateway.core.tracing.ClientSpans;
import dev.rendergateway.core.tracing.RequestIds;
import dev.rendergateway.core.tracing.TraceHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * The default {@link Json2VideoClient}: Reactor Netty's HTTP client with a bounded pool, timeouts, bodies sent
 * with their {@code Content-Length} (never chunked), bounded whole-body reads (chunked, length-delimited or to
 * the end of the connection) and failure classification that tells "nothing was sent" from "the upstream may
 * have acted".
 */
public final class ReactorNettyJson2VideoClient implements Json2VideoClient, Disposable {

    private static final String MOVIES = "/v2/movies";

    private static final int PENDING_ACQUIRE_LIMIT = 1_000;

    private final ConnectionProvider pool;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final int maxResponseBytes;
    private final AccountQuota quota;
    private final ClientSpans spans;

    public ReactorNettyJson2VideoClient(Json2VideoClientConfig config, ObjectMapper mapper, Clock clock) {
        this(config, mapper, clock, ClientSpans.noop());
    }

    /**
     * The same, each request in a client span of {@code spans} (a child of the trace in the Reactor context, or a
     * new trace) whose context it sends as {@code traceparent} and {@code tracestate}.
     */
    public ReactorNettyJson2VideoClient(Json2VideoClientConfig config, ObjectMapper mapper, Clock clock,
                                        ClientSpans spans) {
        this.spans = spans;
        this.mapper = mapper;
        this.clock = clock;
        this.maxResponseBytes = config.maxResponseBytes();
        this.quota = config.quota();
        this.pool = ConnectionProvider.builder("json2video")
                .maxConnections(config.maxConnections())
                // The budget keeps concurrency low; a request that still finds no connection fails as NOT_SENT.
                .pendingAcquireMaxCount(PENDING_ACQUIRE_LIMIT)
                .pendingAcquireTimeout(config.connectTimeout())
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
                .headers(headers -> headers
                        .set("x-api-key", config.apiKey())
                        .set(HttpHeaderNames.USER_AGENT, GatewayVersion.userAgent())
                        .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON))
                // The id of the gateway request that caused this call, when there is one.
                .doOnRequest((request, connection) -> RequestIds.from(request.currentContextView())
                        .ifPresent(id -> request.header(RequestIds.HEADER, id)));
    }

    @Override
    public Mono<String> submit(JsonNode movie) {
        return Mono.defer(() -> {
            byte[] body = serialize(movie);
            // A body of known length: a Mono of one buffer, and the length stated, so that nothing is chunked
            // (a strict server answers a chunked POST with 411 Length Required).
            return exchange("POST", client -> client
                    .headers(headers -> headers
                            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length))
                    .post()
                    .uri(MOVIES)
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body))));
        }).map(answer -> answer.project());
    }

    @Override
    public Mono<UpstreamMovie> status(String project) {
        QueryStringEncoder uri = new QueryStringEncoder(MOVIES);
        uri.addParam("project", project);
        return exchange("GET", client -> client.get().uri(uri.toString()))
                .map(answer -> answer.movie());
    }

    @Override
    public Mono<UpstreamMoviePage> list(UpstreamListQuery query) {
        QueryStringEncoder uri = new QueryStringEncoder(MOVIES);
        uri.addParam("from", query.from().toString());
        uri.addParam("to", query.to().toString());
        uri.addParam("limit", Integer.toString(query.limit()));
        if (query.nextToken() != null) {
            uri.addParam("next_token", query.nextToken());
        }
        return exchange("GET", client -> client.get().uri(uri.toString()))
                .map(answer -> answer.page());
    }

    /**
     * Sends one request and reads its whole answer. Whether the request was fully written decides how a
     * failure without an answer is classified, and the caller's {@link RequestSentListener} is told. It runs in a
     * client span named {@code method}, whose trace context it sends.
     */
    private Mono<UpstreamAnswer> exchange(String method, Function<HttpClient, HttpClient.ResponseReceiver<?>> request) {
        return spans.around(method, trace -> {
            AtomicBoolean written = new AtomicBoolean();
            HttpClient client = http.doAfterRequest((sent, connection) -> {
                written.set(true);
                RequestSentListener.notifySent(sent.currentContextView());
            });
            if (trace.isPresent()) {
                client = client.headers(headers -> TraceHeaders.write(trace.get(), headers::set));
            }
            return request.apply(client)
                    .response(this::readAnswer)
                    .single()
                    .onErrorMap(error -> !(error instanceof UpstreamException),
                            error -> UpstreamAnswer.transportFailure(error, written.get()));
        });
    }

    /** Closes the client's connections. */
    @Override
    public void dispose() {
        pool.dispose();
    }

    @Override
    public boolean isDisposed() {
        return pool.isDisposed();
    }

    /**
     * Reads the answer's body up to {@link Json2VideoClientConfig#maxResponseBytes()}: a larger one (declared or
     * as it arrives) is refused without being buffered whole, and its connection is closed, not reused.
     */
    private Mono<UpstreamAnswer> readAnswer(HttpClientResponse response, ByteBufFlux content) {
        int status = response.status().code();
        long declared = declaredLength(response);
        if (declared > maxResponseBytes) {
            return Mono.error(tooLarge(status, declared + " bytes declared"));
        }
        return content
                .reduceWith(BoundedBody::new, (body, chunk) -> body.append(chunk, status))
                .defaultIfEmpty(new BoundedBody())
                .map(body -> UpstreamAnswer.read(status,
                        response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER),
                        response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                        body.text(), clock.instant(), mapper))
                .doOnNext(answer -> answer.remainingQuota().ifPresent(quota::observe));
    }

    private static long declaredLength(HttpClientResponse response) {
        String length = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    private UpstreamException tooLarge(int status, String what) {
        return new UpstreamException(UpstreamFailure.UNPARSEABLE, status,
                "answer too large (" + what + "; the limit is " + maxResponseBytes + " bytes)");
    }

    /** The bytes of an answer so far, refusing to grow past the limit. */
    private final class BoundedBody {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        BoundedBody append(ByteBuf chunk, int status) {
            int size = chunk.readableBytes();
            if ((long) bytes.size() + size > maxResponseBytes) {
                throw tooLarge(status, "more than " + maxResponseBytes + " bytes received");
            }
            byte[] copy = new byte[size];
            chunk.readBytes(copy);
            bytes.writeBytes(copy);
            return this;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private byte[] serialize(JsonNode movie) {
        try {
            return mapper.writeValueAsBytes(movie);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("movie cannot be serialized", e);
        }
    }
}
