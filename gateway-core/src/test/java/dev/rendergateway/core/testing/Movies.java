package dev.rendergateway.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Sample JSON2Video movies for specs, with the sandbox's directives where a spec needs an outcome. */
public final class Movies {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Movies() {
    }

    /** A one-scene movie that the sandbox renders to {@code done}. */
    public static ObjectNode hello() {
        ObjectNode movie = MAPPER.createObjectNode().put("resolution", "full-hd");
        movie.putArray("scenes").addObject().putArray("elements").addObject()
                .put("type", "text").put("text", "Hello").put("duration", 5);
        return movie;
    }

    /** A movie carrying a sandbox directive in its comment, e.g. {@code sandbox:error}. */
    public static ObjectNode withDirective(String directive) {
        return hello().put("comment", directive);
    }

    /** Parses JSON text; for specs only. */
    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
