package dev.rendergateway.core.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.render.Render;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's own webhook at JSON2Video: each submitted movie gets one more export destination,
 * {@code {"type":"webhook","endpoint": PUBLIC_URL/hooks/json2video/{renderId}/{token}}}, where the token is an
 * HMAC-SHA256 of the render id under a gateway secret. Nothing is stored per render, and nobody without the
 * secret can make a valid path. The call itself is never trusted: it only makes the gateway ask for the status.
 */
public final class UpstreamWebhooks {

    /** Where the receiver listens, relative to the gateway's root. */
    public static final String PATH_PREFIX = "/hooks/json2video/";
    private static final Pattern RENDER_ID = Pattern.compile("r_[0-9A-Za-z]{1,64}");
    private static final String HMAC = "HmacSHA256";

    private final String publicUrl;
    private final SecretKeySpec key;
    private final Mac prototype;

    /** Hooks under {@code publicUrl} (the gateway as JSON2Video reaches it), tokens keyed by {@code secret}. */
    public UpstreamWebhooks(URI publicUrl, byte[] secret) {
        Objects.requireNonNull(publicUrl, "publicUrl");
        if (secret.length < 32) {
            throw new IllegalArgumentException("the hook secret must have at least 32 bytes");
        }
        String base = publicUrl.toString();
        this.publicUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.key = new SecretKeySpec(secret.clone(), HMAC);
        try {
            // Created and initialised here, on the starting thread: provider lookup may read files.
            this.prototype = Mac.getInstance(HMAC);
            this.prototype.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without HmacSHA256", e);
        }
    }

    /** The path of the render's hook, e.g. {@code /hooks/json2video/r_…/Zk3…}. */
    public String pathFor(String renderId) {
        return PATH_PREFIX + renderId + "/" + token(renderId);
    }

    /** The absolute URL JSON2Video calls when the render ends. */
    public String endpointFor(String renderId) {
        return publicUrl + pathFor(renderId);
    }

    /** Whether {@code token} is the render's token; constant time. */
    public boolean verify(String renderId, String token) {
        if (renderId == null || token == null || !RENDER_ID.matcher(renderId).matches()) {
            return false;
        }
        return MessageDigest.isEqual(token(renderId).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The movie to send upstream: the caller's movie with the gateway's webhook appended to the destinations
     * of its first export (an export is added when there is none). The caller's own destinations stay as they
     * are; a movie whose {@code exports} is not an array of objects is sent unchanged, for JSON2Video to judge.
     */
    public JsonNode movieFor(Render render) {
        JsonNode movie = render.movie();
        if (!movie.isObject()) {
            return movie;
        }
        ObjectNode copy = ((ObjectNode) movie).deepCopy();
        JsonNode exports = copy.get("exports");
        ObjectNode export;
        if (exports == null || exports.isNull() || (exports.isArray() && exports.isEmpty())) {
            export = copy.putArray("exports").addObject();
        } else if (exports.isArray() && exports.get(0).isObject()) {
            export = (ObjectNode) exports.get(0);
        } else {
            return movie;
        }
        JsonNode destinations = export.get("destinations");
        ArrayNode list;
        if (destinations == null || destinations.isNull()) {
            list = export.putArray("destinations");
        } else if (destinations.isArray()) {
            list = (ArrayNode) destinations;
        } else {
            return movie;
        }
        list.addObject().put("type", "webhook").put("endpoint", endpointFor(render.id()));
        return copy;
    }

    private String token(String renderId) {
        try {
            Mac mac = (Mac) prototype.clone();
            byte[] digest = mac.doFinal(("json2video-hook:" + renderId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
    }
}
