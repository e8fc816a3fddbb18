package dev.rendergateway.server.http.events;

import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.tokens.AccessTokens;
import dev.rendergateway.server.http.tokens.StreamViewer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Tells who opens an event stream: a gateway key in {@code Authorization: Bearer}, or a token from
 * {@code POST /v1/tokens} in {@code ?access_token=} (or as the bearer value). Only event streams accept tokens.
 */
public final class StreamAuthenticator {

    private static final String BEARER = "bearer ";

    private final Authenticator keys;
    private final AccessTokens tokens;

    public StreamAuthenticator(Authenticator keys, AccessTokens tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    /** The stream's viewer; a 401 {@link ProblemException} when neither a known key nor a valid token came. */
    public StreamViewer viewerOf(HttpServerRequest request) {
        String header = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String credential = header.substring(BEARER.length()).trim();
            return looksLikeToken(credential) ? tokens.verify(credential) : StreamViewer.of(keys.tenantOfKey(credential));
        }
        List<String> token = new QueryStringDecoder(request.uri()).parameters().get("access_token");
        if (header == null && token != null && token.size() == 1 && !token.get(0).isBlank()) {
            return tokens.verify(token.get(0).trim());
        }
        throw new ProblemException(Problem.unauthorized("Send the gateway key as 'Authorization: Bearer <key>', "
                + "or a token from POST /v1/tokens as '?access_token=<token>'."));
    }

    /** A compact JWS has three dot-separated parts; gateway keys have none. */
    private static boolean looksLikeToken(String credential) {
        return credential.chars().filter(c -> c == '.').count() == 2;
    }
}
