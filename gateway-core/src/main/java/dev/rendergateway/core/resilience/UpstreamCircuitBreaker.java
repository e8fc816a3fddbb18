package dev.rendergateway.core.resilience;

import dev.rendergateway.core.upstream.UpstreamException;
import dev.rendergateway.core.upstream.UpstreamFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The Resilience4j circuit breaker around the upstream: it opens on signs of a failing upstream (5xx,
 * timeouts, dropped or refused connections, garbled answers), never on answers about a movie or the
 * account (4xx), and ignores 429, which the budget handles by pausing.
 */
public final class UpstreamCircuitBreaker {

    private static final Set<UpstreamFailure> FAULTS = EnumSet.of(UpstreamFailure.SERVER_ERROR,
            UpstreamFailure.NO_ANSWER, UpstreamFailure.NOT_SENT, UpstreamFailure.UNPARSEABLE);

    private UpstreamCircuitBreaker() {
    }

    /**
     * A breaker that opens when half of the last 20 calls (at least 10) were upstream faults, stays open
     * for {@code waitInOpenState}, then lets 3 trial calls through. Time is read from {@code clock}.
     */
    public static CircuitBreaker create(Duration waitInOpenState, Clock clock) {
        return CircuitBreaker.of("json2video", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                // The default strategy takes a lock per recorded call: contended, it parks an event loop.
                .slidingWindowSynchronizationStrategy(CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(waitInOpenState)
                .permittedNumberOfCallsInHalfOpenState(3)
                .recordException(UpstreamCircuitBreaker::isUpstreamFault)
                .ignoreException(UpstreamCircuitBreaker::isRateLimit)
                .clock(clock)
                .build());
    }

    /** Whether a failure says the upstream itself is in trouble. */
    public static boolean isUpstreamFault(Throwable error) {
        return error instanceof UpstreamException upstream && FAULTS.contains(upstream.failure());
    }

    private static boolean isRateLimit(Throwable error) {
        return error instanceof UpstreamException upstream && upstream.failure() == UpstreamFailure.RATE_LIMITED;
    }
}
