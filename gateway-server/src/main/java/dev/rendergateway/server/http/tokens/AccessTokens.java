package dev.rendergateway.server.http.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rendergateway.server.http.Problem;
import dev.rendergateway.server.http.ProblemException;
import dev.rendergateway.server.http.tokens.StreamViewer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issues and checks the short-lived tokens that let a browser's EventSource (which cannot send headers)
 * open the event streams: HS256-signed JWTs naming the tenant, optionally some of its renders, good only
 * for reading event streams, and only until they expire.
 */
public final class AccessTokens {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration MAX_TTL = Duration.ofHours(1);
    static final String AUDIENCE = "render-gateway:events";
    private static final String SCOPE = "events:read";
    private static final String RENDERS = "renders";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;
    private final Set<String> tenants;

    /** Tokens signed with {@code secret} (at least 32 bytes), accepted for the given tenants only. */
    public AccessTokens(byte[] secret, Clock clock, Set<String> tenants) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the token secret must be at least 32 bytes", e);
        }
        this.clock = clock;
        this.tenants = Set.copyOf(tenants);
    }

    /** The configured secret (GATEWAY_TOKEN_SECRET), or 32 random bytes generated now, at start. */
    public static byte[] secret(Optional<String> configured) {
        if (configured.isPresent()) {
            return configured.get().getBytes(StandardCharsets.UTF_8);
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** A token for the tenant, limited to {@code renders} unless empty, good for {@code ttl} (whole seconds). */
    public IssuedToken issue(String tenant, Set<String> renders, Duration ttl) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(tenant)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .claim("scope", SCOPE);
        if (!renders.isEmpty()) {
            claims.claim(RENDERS, renders.stream().sorted().toList());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("token cannot be signed", e);
        }
        return new IssuedToken(jwt.serialize(), expiresAt);
    }

    /** Who the token lets watch; a 401 {@link ProblemException} when forged, expired or not a token at all. */
    public StreamViewer verify(String token) {
        JWTClaimsSet claims = verifiedClaims(token);
        Date expiration = claims.getExpirationTime();
        if (expiration == null || !clock.instant().isBefore(expiration.toInstant())) {
            throw rejected("The access token has expired; get a new one from POST /v1/tokens.");
        }
        String tenant = claims.getSubject();
        if (tenant == null || !tenants.contains(tenant) || !claims.getAudience().contains(AUDIENCE)
                || !SCOPE.equals(claims.getClaim("scope"))) {
            throw rejected("The access token is not valid for event streams.");
        }
        return new StreamViewer(tenant, Set.copyOf(renders(claims)), Optional.of(expiration.toInstant()));
    }

    private JWTClaimsSet verifiedClaims(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw rejected("The access token is not valid.");
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw rejected("The access token is not valid.");
        }
    }

    private static List<String> renders(JWTClaimsSet claims) {
        try {
            List<String> renders = claims.getStringListClaim(RENDERS);
            return renders == null ? List.of() : renders;
        } catch (ParseException e) {
            throw rejected("The access token is not valid.");
        }
    }

    private static ProblemException rejected(String detail) {
        return new ProblemException(Problem.unauthorized(detail));
    }
}
