package dev.rendergateway.sandbox.faults;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Probabilistic faults applied to requests whose method is in {@code methods}. One draw per request picks
 * at most one of 429, 500 or drop; {@code latency} delays every answer (without blocking a thread).
 */
public record FaultPlan(
        double rateLimited,
        Duration retryAfter,
        double serverError,
        Duration latency,
        double dropAfterRead,
        Set<String> methods) {

    private static final Set<String> BOTH = Set.of("POST", "GET");

    /** Validates probabilities (each and their sum within 0..1) and fills defaults for nulls. */
    public FaultPlan {
        requireProbability(rateLimited, "rateLimited");
        requireProbability(serverError, "serverError");
        requireProbability(dropAfterRead, "dropAfterRead");
        if (rateLimited + serverError + dropAfterRead > 1.0 + 1e-9) {
            throw new IllegalArgumentException("fault probabilities add up to more than 1");
        }
        retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        latency = latency == null ? Duration.ZERO : latency;
        if (retryAfter.isNegative() || latency.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        methods = methods == null ? BOTH : methods.stream()
                .map(method -> method.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** No faults, no latency. */
    public static FaultPlan none() {
        return new FaultPlan(0, Duration.ofSeconds(1), 0, Duration.ZERO, 0, BOTH);
    }

    /** This plan with the given probability of 429. */
    public FaultPlan withRateLimited(double probability) {
        return new FaultPlan(probability, retryAfter, serverError, latency, dropAfterRead, methods);
    }

    /** This plan with the given {@code Retry-After} (sent in whole seconds, rounded up). */
    public FaultPlan withRetryAfter(Duration value) {
        return new FaultPlan(rateLimited, value, serverError, latency, dropAfterRead, methods);
    }

    /** This plan with the given probability of 500. */
    public FaultPlan withServerError(double probability) {
        return new FaultPlan(rateLimited, retryAfter, probability, latency, dropAfterRead, methods);
    }

    /** This plan with the given delay added to every answer. */
    public FaultPlan withLatency(Duration value) {
        return new FaultPlan(rateLimited, retryAfter, serverError, value, dropAfterRead, methods);
    }

    /** This plan with the given probability of reading the request and closing without an answer. */
    public FaultPlan withDropAfterRead(double probability) {
        return new FaultPlan(rateLimited, retryAfter, serverError, latency, probability, methods);
    }

    /** This plan applied only to the given HTTP methods. */
    public FaultPlan withMethods(String... httpMethods) {
        return new FaultPlan(rateLimited, retryAfter, serverError, latency, dropAfterRead, Set.of(httpMethods));
    }

    /** Whether the plan applies to requests with this method. */
    public boolean appliesTo(String method) {
        return methods.contains(method.toUpperCase(Locale.ROOT));
    }

    /** The {@code Retry-After} header value: whole seconds, rounded up. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds();
        return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
    }

    /** The fault a uniform draw in [0, 1) selects, or {@code null} for none. */
    Fault pick(double draw) {
        if (draw < rateLimited) {
            return Fault.RATE_LIMITED;
        }
        if (draw < rateLimited + serverError) {
            return Fault.SERVER_ERROR;
        }
        if (draw < rateLimited + serverError + dropAfterRead) {
            return Fault.DROP_AFTER_READ;
        }
        return null;
    }

    private static void requireProbability(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in 0..1: " + value);
        }
    }
}
