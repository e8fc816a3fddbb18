package dev.rendergateway.server.http.events;

import dev.rendergateway.server.http.Problem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open event streams per tenant, capped ({@code GATEWAY_TENANT_MAX_STREAMS}), so that one tenant's clients
 * cannot take every connection the process can hold.
 */
final class TenantStreams {

    private final int max;
    private final ConcurrentMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    TenantStreams(int max) {
        this.max = max;
    }

    /** Counts one more stream of the tenant; false (counting nothing) when the tenant is at its cap. */
    boolean tryOpen(String tenant) {
        AtomicInteger count = open.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void close(String tenant) {
        AtomicInteger count = open.get(tenant);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    Problem tooMany() {
        return new Problem(429, "too-many-streams", "Too many event streams",
                "This tenant has " + max + " event streams open, the most allowed (GATEWAY_TENANT_MAX_STREAMS); "
                        + "close one, or follow several renders on one stream with GET /v1/events.",
                List.of(), Duration.ofSeconds(5));
    }
}
