package dev.rendergateway.client;

import java.util.Optional;

/**
 * The answer to one line of a batch: its 1-based {@code line}, the request sent on it, and either the render
 * accepted ({@code replayed} when its idempotency key had made it before) or the problem that refused it.
 */
public record BatchResult(long line, RenderRequest request, Render render, Problem problem, boolean replayed) {

    /** Whether the line was accepted. */
    public boolean accepted() {
        return render != null;
    }

    /** The render, when accepted. */
    public Optional<Render> renderIfAccepted() {
        return Optional.ofNullable(render);
    }
}
