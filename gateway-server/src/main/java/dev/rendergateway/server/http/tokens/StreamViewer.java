package dev.rendergateway.server.http.tokens;

import dev.rendergateway.core.events.Selection;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who watches an event stream: a tenant, limited to some renders when {@code renders} is not empty, and
 * until {@code expiresAt} when it came with a token.
 */
public record StreamViewer(String tenant, Set<String> renders, Optional<Instant> expiresAt) {

    /** The most renders one stream (and so one token) may name. */
    public static final int MAX_RENDERS = 100;

    public StreamViewer {
        renders = Set.copyOf(renders);
    }

    /** A gateway key's holder: every render of the tenant, for as long as the stream lasts. */
    public static StreamViewer of(String tenant) {
        return new StreamViewer(tenant, Set.of(), Optional.empty());
    }

    /** Whether this viewer may watch the render. */
    public boolean mayWatch(String renderId) {
        return renders.isEmpty() || renders.contains(renderId);
    }

    /** What this viewer follows when it names no render: the whole tenant, or its token's renders. */
    public Selection everything() {
        return renders.isEmpty() ? Selection.allOf(tenant) : Selection.of(tenant, renders);
    }
}
