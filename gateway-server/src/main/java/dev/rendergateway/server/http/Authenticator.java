package dev.rendergateway.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import reactor.netty.http.server.HttpServerRequest;

/** Tells which tenant a request speaks for, from its {@code Authorization: Bearer} gateway key. */
public final class Authenticator {

    private static final String BEARER = "bearer ";

    private final Map<String, String> tenantsByKey;

    public Authenticator(Map<String, String> tenantsByKey) {
        this.tenantsByKey = Map.copyOf(tenantsByKey);
    }

    /** The tenant of the request's bearer key; a 401 {@link ProblemException} when missing or unknown. */
    public String tenantOf(HttpServerRequest request) {
        String header = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ProblemException(Problem.unauthorized(
                    "Send the gateway key as 'Authorization: Bearer <key>'."));
        }
        return tenantOfKey(header.substring(BEARER.length()).trim());
    }

    /** The tenant of a gateway key; a 401 {@link ProblemException} when unknown. */
    public String tenantOfKey(String key) {
        byte[] offered = key.getBytes(StandardCharsets.UTF_8);
        String tenant = null;
        // Compare against every key in constant time, so timing does not reveal a key's prefix.
        for (Map.Entry<String, String> entry : tenantsByKey.entrySet()) {
            if (MessageDigest.isEqual(entry.getKey().getBytes(StandardCharsets.UTF_8), offered)) {
                tenant = entry.getValue();
            }
        }
        if (tenant == null) {
            throw new ProblemException(Problem.unauthorized("The gateway key is not known."));
        }
        return tenant;
    }
}
