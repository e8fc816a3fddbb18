package dev.rendergateway.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway uses Redis: where it is, how long a command may take, how long finished renders and event
 * history stay, and the key prefix.
 *
 * @param url            {@code redis://host:port} (or {@code rediss://} for TLS)
 * @param commandTimeout a command without an answer by then fails (and the gateway says Redis is unavailable)
 * @param finishedTtl    how long a finished render stays readable
 * @param historyTtl     how long a tenant's event history stays after its last event
 * @param keys           the key layout
 */
public record RedisSettings(URI url, Duration commandTimeout, Duration finishedTtl, Duration historyTtl,
                            RedisKeys keys) {

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keys, "keys");
    }

    /** 2 s per command, finished renders for 7 days, history for 1 day, prefix {@code rg:}. */
    public static RedisSettings of(URI url) {
        return new RedisSettings(url, Duration.ofSeconds(2), Duration.ofDays(7), Duration.ofDays(1),
                RedisKeys.defaults());
    }
}
