package dev.rendergateway.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Idempotency-Key}s whose renders this instance created, most recent {@link #CAPACITY} kept, so
 * that a render written back after Redis lost its data gets its key back too (a retry then replays it).
 */
public final class RememberedIdempotencyKeys {

    /** How many keys are remembered; the oldest are forgotten first. */
    static final int CAPACITY = 10_000;

    /** One key: its Redis key, the request body's fingerprint and when it expires (ms since the epoch). */
    public record Remembered(String redisKey, String fingerprint, long expiresAtMillis) {
    }

    private final Map<String, Remembered> byRender = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Remembers that {@code key} created the render {@code renderId}. */
    public synchronized void remember(String renderId, Remembered key) {
        byRender.put(renderId, key);
    }

    /** The key that created the render, if remembered and not expired at {@code nowMillis}. */
    public synchronized Optional<Remembered> recall(String renderId, long nowMillis) {
        Remembered key = byRender.get(renderId);
        return key == null || key.expiresAtMillis() <= nowMillis ? Optional.empty() : Optional.of(key);
    }
}
