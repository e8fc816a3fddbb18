package dev.rendergateway.core.pipeline;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which HTTP request created each unfinished render, so that its submission and its polls carry that
 * request's id upstream. Held in memory by the instance that accepted the render, from acceptance to the
 * end of its poll loop, and bounded: past {@link #MAX_ENTRIES} new renders simply go without.
 */
final class RequestOrigins {

    static final int MAX_ENTRIES = 100_000;

    private final ConcurrentMap<String, String> byRender = new ConcurrentHashMap<>();

    void remember(String renderId, String requestId) {
        if (byRender.size() < MAX_ENTRIES) {
            byRender.put(renderId, requestId);
        }
    }

    Optional<String> of(String renderId) {
        return renderId == null ? Optional.empty() : Optional.ofNullable(byRender.get(renderId));
    }

    void forget(String renderId) {
        byRender.remove(renderId);
    }

    int size() {
        return byRender.size();
    }
}
