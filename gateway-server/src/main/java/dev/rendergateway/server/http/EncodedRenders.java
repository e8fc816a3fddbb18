package dev.rendergateway.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.render.Render;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public JSON bytes of renders, written once per revision: clients polling an unchanged render are
 * answered without building and writing its JSON again (that was 7 % of the read path's CPU). A revision
 * names one content of one render, whichever store it came from. Holds at most {@code capacity} renders;
 * past that it starts afresh, which costs only re-encoding.
 */
public final class EncodedRenders {

    private record Encoded(long revision, byte[] bytes) {
    }

    private final RenderJson json;
    private final ObjectMapper mapper;
    private final int capacity;
    private final Map<String, Encoded> byId = new ConcurrentHashMap<>();

    public EncodedRenders(RenderJson json, ObjectMapper mapper, int capacity) {
        this.json = json;
        this.mapper = mapper;
        this.capacity = capacity;
    }

    /** The render's public JSON, as UTF-8 bytes; callers must not change the array. */
    public byte[] of(Render render) {
        Encoded known = byId.get(render.id());
        if (known != null && known.revision() == render.revision()) {
            return known.bytes();
        }
        byte[] bytes = encode(render);
        if (byId.size() >= capacity) {
            byId.clear();
        }
        byId.put(render.id(), new Encoded(render.revision(), bytes));
        return bytes;
    }

    private byte[] encode(Render render) {
        try {
            return mapper.writeValueAsBytes(json.toJson(render));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("render " + render.id() + " cannot be written as JSON", e);
        }
    }
}
