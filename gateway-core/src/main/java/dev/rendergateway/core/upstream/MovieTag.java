package dev.rendergateway.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The gateway's mark on every movie it submits: its render id under one reserved key of the movie's
 * {@code client-data}, which JSON2Video echoes in list mode, so that a submission whose answer was lost can be
 * found upstream. The caller's own {@code client-data} keys travel alongside; the reserved key is never shown
 * to callers (they only ever see the movie they sent).
 */
public final class MovieTag {

    /** The movie property JSON2Video echoes back. */
    public static final String CLIENT_DATA = "client-data";
    /** The reserved key inside {@code client-data}. */
    public static final String KEY = "render-gateway-id";

    private MovieTag() {
    }

    /** A copy of {@code movie} whose {@code client-data} (the caller's, if any, an object) carries {@code renderId}. */
    public static JsonNode tagged(JsonNode movie, String renderId) {
        ObjectNode copy = ((ObjectNode) movie).deepCopy();
        JsonNode own = copy.get(CLIENT_DATA);
        ObjectNode clientData = own != null && own.isObject() ? (ObjectNode) own : copy.objectNode();
        clientData.put(KEY, renderId);
        copy.set(CLIENT_DATA, clientData);
        return copy;
    }

    /** The render id a movie's echoed {@code client-data} carries, if any. */
    public static Optional<String> renderIdOf(JsonNode clientData) {
        JsonNode id = clientData == null ? null : clientData.get(KEY);
        return id != null && id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
    }

    /** {@code clientData} without the reserved key, as a caller may see it (null stays null). */
    public static JsonNode untagged(JsonNode clientData) {
        if (clientData == null || !clientData.isObject() || !clientData.has(KEY)) {
            return clientData;
        }
        ObjectNode copy = ((ObjectNode) clientData).deepCopy();
        copy.remove(KEY);
        return copy;
    }
}
