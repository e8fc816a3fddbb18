package dev.rendergateway.server.http.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.admission.RenderAdmission;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.store.StoreUnavailableException;
import dev.rendergateway.core.tracing.TraceMdc;
import dev.rendergateway.server.http.AdmissionProblems;
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.BodyMediaType;
import dev.rendergateway.server.http.GuardedHandler;
import dev.rendergateway.server.http.IdempotencyKeyHeader;
import dev.rendergateway.server.http.Problem.FieldError;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.RenderRequestReader;
import dev.rendergateway.server.http.RequestBodies;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * JSON2Video's own {@code /v2/movies}, served from the gateway's renders: an existing integration switches
 * by changing its base URL and sending a gateway key as {@code x-api-key}. Polling it reads the gateway's
 * state only; each render costs one upstream submission and its own poller, however often it is polled. A
 * movie is admitted like {@code POST /v1/renders}, its {@code Idempotency-Key} header honoured the same way.
 */
public final class Json2VideoCompatHandlers {

    private static final Logger log = LoggerFactory.getLogger(Json2VideoCompatHandlers.class);
    private static final String API_KEY = "x-api-key";
    private static final String MOVIE_PREFIX = "movie.";

    private final RenderAdmission admission;
    private final AdmissionProblems refusals = new AdmissionProblems(IdempotencyKeyHeader.NAME);
    private final RenderStore store;
    private final Authenticator authenticator;
    private final RequestBodies bodies;
    private final RenderRequestReader reader = new RenderRequestReader();
    private final CompatMovieJson movies;
    private final CompatReplies replies;
    private final ObjectMapper mapper;

    public Json2VideoCompatHandlers(RenderAdmission admission, RenderStore store, Authenticator authenticator,
                                    RequestBodies bodies, CompatMovieJson movies, CompatReplies replies,
                                    ObjectMapper mapper) {
        this.admission = admission;
        this.store = store;
        this.authenticator = authenticator;
        this.bodies = bodies;
        this.movies = movies;
        this.replies = replies;
        this.mapper = mapper;
    }

    /**
     * {@code POST /v2/movies}, the body being the movie: {@code {"success": true, "project": id, …}}. With an
     * {@code Idempotency-Key} already used for the same movie, the same answer for the first render (and
     * {@code Idempotent-Replayed: true}); for another movie 422; while the first is still being accepted 409.
     */
    public Mono<Void> create(HttpServerRequest request, HttpServerResponse response) {
        return answer(request, response, () -> {
            String tenant = tenantOf(request);
            String key = IdempotencyKeyHeader.read(request);
            BodyMediaType.JSON.require(request, response);
            return bodies.json(request)
                    .flatMap(movie -> {
                        ObjectNode wrapped = wrapped(movie);
                        return admission.admit(tenant, key, renderRequest(wrapped), wrapped);
                    })
                    .onErrorMap(AdmissionProblems::isRefusal, refusals::problemOf)
                    .map(accepted -> {
                        if (accepted.replayed()) {
                            response.header("Idempotent-Replayed", "true");
                        }
                        return movies.accepted(accepted.render());
                    });
        });
    }

    /** {@code GET /v2/movies?project=} (or {@code id=}): {@code {"success": true, "movie": {…}}}. */
    public Mono<Void> status(HttpServerRequest request, HttpServerResponse response) {
        return answer(request, response, () -> {
            String tenant = tenantOf(request);
            String project = projectParam(request);
            return store.findOwned(tenant, project)
                    .switchIfEmpty(Mono.error(() -> new ProblemException(Problem.notFound(
                            "There is no movie with project " + project + "."))))
                    .map(movies::status);
        });
    }

    /**
     * Any other method on {@code /v2/movies}: 405 with {@code Allow}, carrying JSON2Video's own
     * {@code success: false} and {@code message} as every problem of this endpoint does.
     */
    public Mono<Void> methodNotAllowed(HttpServerRequest request, HttpServerResponse response, String allow) {
        response.header(HttpHeaderNames.ALLOW, allow);
        return replies.problem(response, Problem.methodNotAllowed(request.method().name(), request.fullPath(), allow));
    }

    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response,
                              Supplier<Mono<ObjectNode>> handler) {
        return Mono.defer(handler)
                .flatMap(body -> replies.ok(response, body))
                .onErrorResume(error -> !response.hasSentHeaders(),
                        error -> Mono.deferContextual(context -> replies.problem(response,
                                problemOf(request, error, context))));
    }

    private static Problem problemOf(HttpServerRequest request, Throwable error, ContextView context) {
        if (error instanceof ProblemException problem) {
            return problem.problem();
        }
        if (error instanceof StoreUnavailableException) {
            return Problem.storeUnavailable(GuardedHandler.STORE_RETRY_AFTER);
        }
        try (TraceMdc mdc = TraceMdc.from(context)) {
            log.error("{} {} failed", request.method(), request.fullPath(), error);
        }
        return Problem.internal();
    }

    private String tenantOf(HttpServerRequest request) {
        String key = request.requestHeaders().get(API_KEY);
        if (key == null || key.isBlank()) {
            throw new ProblemException(Problem.unauthorized(
                    "Send your gateway key as 'x-api-key: <key>', as you would send a JSON2Video key."));
        }
        try {
            return authenticator.tenantOfKey(key.trim());
        } catch (ProblemException unknown) {
            throw new ProblemException(Problem.unauthorized("The x-api-key is not a known gateway key: use the key"
                    + " the gateway's operator gave you, not a JSON2Video key."));
        }
    }

    /**
     * The movie as {@code POST /v1/renders} takes it, {@code {"movie": …}}: the same key and movie are the same
     * request on both endpoints.
     */
    private ObjectNode wrapped(JsonNode movie) {
        if (!movie.isObject()) {
            throw new ProblemException(Problem.invalid(List.of(new FieldError("",
                    "the body must be the JSON2Video movie: a JSON object with a non-empty 'scenes' array"))));
        }
        ObjectNode wrapped = mapper.createObjectNode();
        wrapped.set("movie", movie);
        return wrapped;
    }

    /** The movie checked as {@code POST /v1/renders} checks its {@code movie}; fields named from the body. */
    private RenderRequest renderRequest(ObjectNode wrapped) {
        try {
            return reader.read(wrapped);
        } catch (ProblemException invalid) {
            throw new ProblemException(Problem.invalid(invalid.problem().errors().stream()
                    .map(error -> new FieldError(error.field().startsWith(MOVIE_PREFIX)
                            ? error.field().substring(MOVIE_PREFIX.length()) : "", error.message()))
                    .toList()));
        }
    }

    private static String projectParam(HttpServerRequest request) {
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        // format=simple and anything else JSON2Video accepts are tolerated: the answer never holds the movie.
        for (String name : List.of("project", "id")) {
            List<String> values = query.get(name);
            if (values != null && !values.isEmpty() && !values.get(0).isBlank()) {
                return values.get(0).trim();
            }
        }
        throw new ProblemException(Problem.invalid(List.of(new FieldError("project",
                "is required: the project that POST /v2/movies answered (id= works too);"
                        + " to list renders use GET /v1/renders"))));
    }
}
