package dev.rendergateway.redis;

import dev.rendergateway.core.store.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.io.IOException;

/** Tells Redis being away (no connection, no answer in time) from a refused command, which is a bug. */
public final class RedisFailure {

    private RedisFailure() {
    }

    /**
     * {@link StoreUnavailableException} for a connection or timeout failure (a connection reset while Redis
     * restarts comes as a bare {@link IOException}); anything else unchanged.
     */
    public static Throwable translate(Throwable error) {
        if (error instanceof IOException
                || error instanceof RedisException && !(error instanceof RedisCommandExecutionException)) {
            return new StoreUnavailableException("Redis is unavailable: " + error.getMessage(), error);
        }
        return error;
    }
}
