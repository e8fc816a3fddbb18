package dev.rendergateway.client;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes the idempotency key of a submit call: a random (version 4) UUID. Drawn from {@link ThreadLocalRandom}, not
 * {@link UUID#randomUUID()}, whose {@code SecureRandom} reads {@code /dev/urandom}: a blocking call, and submit may be
 * called on an event loop. Keys need to be unique, not secret.
 */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
