package dev.rendergateway.redis;

import dev.rendergateway.core.store.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;

/** Tells Redis being away (no connection, no answer in time) from a refused command, which is a bug. */
public final class RedisFailure {

    private RedisFailure() {
    }

    /** {@link StoreUnavailableException} for a connection or timeout failure; anything else unchanged. */
    public static Throwable translate(Throwable error) {
        if (error instanceof RedisException && !(error instanceof RedisCommandExecutionException)) {
            return new StoreUnavailableException("Redis is unavailable: " + error.getMessage(), error);
        }
        return error;
    }
}
