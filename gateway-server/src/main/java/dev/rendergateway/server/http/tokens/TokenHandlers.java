package dev.rendergateway.server.http.tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.common.text.DurationText;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.BodyMediaType;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.Replies;
import dev.rendergateway.server.http.RequestBodies;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /v1/tokens}: body {@code {"renders": [ids]?, "ttl": "5m"?}} (or none) with a gateway key; answers
 * {@code {"token", "expiresAt"}}, a read-only token for event streams. A token cannot obtain another token.
 */
public final class TokenHandlers {

    private final AccessTokens tokens;
    private final Authenticator authenticator;
    private final RenderStore store;
    private final RequestBodies bodies;
    private final Replies replies;
    private final ObjectMapper mapper;

    public TokenHandlers(AccessTokens tokens, Authenticator authenticator, RenderStore store, RequestBodies bodies,
                         Replies replies, ObjectMapper mapper) {
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.store = store;
        this.bodies = bodies;
        this.replies = replies;
        this.mapper = mapper;
    }

    public Mono<Void> issue(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        BodyMediaType.JSON.require(request, response);
        return bodies.bytes(request)
                .map(this::read)
                .flatMap(wanted -> Flux.fromIterable(wanted.renders())
                        .concatMap(id -> store.findOwned(tenant, id)
                                .switchIfEmpty(Mono.error(() -> ProblemException.noSuchRender(id))))
                        .then(Mono.fromSupplier(() -> tokens.issue(tenant, wanted.renders(), wanted.ttl()))))
                .flatMap(issued -> {
                    response.header(HttpHeaderNames.CACHE_CONTROL, "no-store");
                    return replies.json(response, 200, mapper.createObjectNode()
                            .put("token", issued.token())
                            .put("expiresAt", issued.expiresAt().toString()));
                });
    }

    private TokenRequest read(byte[] body) {
        JsonNode json = parse(body);
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> renders = renders(json.path("renders"), errors);
        Duration ttl = ttl(json.path("ttl"), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
        return new TokenRequest(renders, ttl);
    }

    private JsonNode parse(byte[] body) {
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode json = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
            if (json == null || !json.isObject()) {
                throw new ProblemException(Problem.malformed("The request body must be a JSON object."));
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.malformed("The request body is not valid JSON: "
                    + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProblemException(Problem.malformed("The request body cannot be read as JSON."));
        }
    }

    private static Set<String> renders(JsonNode node, List<Problem.FieldError> errors) {
        Set<String> ids = new LinkedHashSet<>();
        if (node.isMissingNode() || node.isNull()) {
            return ids;
        }
        if (!node.isArray() || node.isEmpty() || node.size() > StreamViewer.MAX_RENDERS) {
            errors.add(new Problem.FieldError("renders", "must be a list of 1 to " + StreamViewer.MAX_RENDERS
                    + " render ids, or left out for every render of the tenant"));
            return ids;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (!id.isTextual() || id.asText().isBlank()) {
                errors.add(new Problem.FieldError("renders[" + i + "]", "must be a render id"));
            } else {
                ids.add(id.asText().trim());
            }
        }
        return ids;
    }

    private static Duration ttl(JsonNode node, List<Problem.FieldError> errors) {
        if (node.isMissingNode() || node.isNull()) {
            return AccessTokens.DEFAULT_TTL;
        }
        String allowed = "must be a duration from 1s to 1h, such as \"30s\", \"5m\" or \"1h\"";
        if (!node.isTextual()) {
            errors.add(new Problem.FieldError("ttl", allowed));
            return null;
        }
        try {
            Duration ttl = DurationText.parse("ttl", node.asText());
            if (ttl.compareTo(Duration.ofSeconds(1)) >= 0 && ttl.compareTo(AccessTokens.MAX_TTL) <= 0) {
                return ttl;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        errors.add(new Problem.FieldError("ttl", allowed));
        return null;
    }

    /** What a caller asked a token for. */
    private record TokenRequest(Set<String> renders, Duration ttl) {
    }
}
