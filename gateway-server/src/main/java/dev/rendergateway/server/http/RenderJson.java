package dev.rendergateway.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.render.Render;

/** The public JSON of a render, as the contract shows it; internal fields (tenant, movie, revision) stay out. */
public final class RenderJson {

    private final ObjectMapper mapper;

    public RenderJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode toJson(Render render) {
        ObjectNode json = mapper.createObjectNode()
                .put("id", render.id())
                .put("status", render.status().wireName())
                .put("progress", render.progress())
                .put("project", render.project())
                .put("url", render.url())
                .put("thumbnail", render.thumbnail())
                .put("duration", render.duration())
                .put("credits", render.credits());
        json.set("metadata", render.metadata());
        if (render.error() == null) {
            json.putNull("error");
        } else {
            json.putObject("error").put("code", render.error().code()).put("message", render.error().message());
        }
        json.put("createdAt", render.createdAt().toString());
        json.put("updatedAt", render.updatedAt().toString());
        return json;
    }

    /** The render as one line of JSON text. */
    public String toText(Render render) {
        return toJson(render).toString();
    }
}
