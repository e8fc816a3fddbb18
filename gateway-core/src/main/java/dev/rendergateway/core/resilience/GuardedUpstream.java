package dev.rendergateway.core.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.upstream.AccountQuota;
import dev.rendergateway.core.upstream.Json2VideoClient;
import dev.rendergateway.core.upstream.RequestSentListener;
import dev.rendergateway.core.upstream.UpstreamException;
import dev.rendergateway.core.upstream.UpstreamFailure;
import dev.rendergateway.core.upstream.UpstreamListQuery;
import dev.rendergateway.core.upstream.UpstreamMovie;
import dev.rendergateway.core.upstream.UpstreamMoviePage;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;
import reactor.util.retry.Retry;

/**
 * The upstream as the pipeline uses it: every call waits for a slot of the {@link UpstreamBudget}, goes
 * through the circuit breaker, and a 429 pauses the whole budget for its {@code Retry-After}. Status
 * checks retry transient failures with exponential backoff and jitter; submissions are never retried
 * here, because only the submitter can tell whether a re-send is safe.
 */
public final class GuardedUpstream {

    private static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofSeconds(1);

    private final Json2VideoClient client;
    private final UpstreamBudget budget;
    private final CircuitBreaker breaker;
    private final Scheduler scheduler;
    private final StatusRetry statusRetry;
    private final AccountQuota quota;

    /** An upstream whose account quota nobody reports (a client of its own notes it, or nothing does). */
    public GuardedUpstream(Json2VideoClient client, UpstreamBudget budget, CircuitBreaker breaker,
                           Scheduler scheduler, StatusRetry statusRetry) {
        this(client, budget, breaker, scheduler, statusRetry, new AccountQuota());
    }

    /** An upstream whose client notes the account's {@code remaining_quota} in {@code quota}. */
    public GuardedUpstream(Json2VideoClient client, UpstreamBudget budget, CircuitBreaker breaker,
                           Scheduler scheduler, StatusRetry statusRetry, AccountQuota quota) {
        this.quota = quota;
        this.client = client;
        this.budget = budget;
        this.breaker = breaker;
        this.scheduler = scheduler;
        this.statusRetry = statusRetry;
    }

    /**
     * One POST of a movie, once a submission slot is granted. The movie comes from {@code claim}, which is
     * subscribed only then, so a render is claimed at the last moment (and can be cancelled until then);
     * an empty claim sends nothing. Failures are left to the caller.
     */
    public Mono<String> submit(Mono<JsonNode> claim) {
        return permitted()
                .then(budget.slot(Lane.SUBMIT))
                .flatMap(slot -> claim.flatMap(movie -> send(slot, () -> client.submit(movie)))
                        .doFinally(signal -> slot.sent()))
                .doOnError(UpstreamException.class, this::pauseOnRateLimit);
    }

    /** The render's status, retried with backoff and jitter while failures are transient. */
    public Mono<UpstreamMovie> status(String project, Lane lane) {
        return permitted()
                .then(budget.slot(lane))
                .flatMap(slot -> send(slot, () -> client.status(project)))
                .doOnError(UpstreamException.class, this::pauseOnRateLimit)
                .retryWhen(whileTransient());
    }

    /**
     * One page of list mode (to find submissions whose answer was lost), through the budget and the breaker
     * like a watched poll, retried like a status check.
     */
    public Mono<UpstreamMoviePage> list(UpstreamListQuery query) {
        return permitted()
                .then(budget.slot(Lane.WATCHED_POLL))
                .flatMap(slot -> send(slot, () -> client.list(query)))
                .doOnError(UpstreamException.class, this::pauseOnRateLimit)
                .retryWhen(whileTransient());
    }

    private Retry whileTransient() {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            if (!(failure instanceof UpstreamException upstream) || !upstream.failure().isTransient()
                    || signal.totalRetries() >= statusRetry.maxRetries()) {
                return Mono.error(failure);
            }
            return Mono.delay(statusRetry.delay(signal.totalRetries(), upstream), scheduler);
        }));
    }

    /**
     * Completes when the breaker lets calls through, checking every {@code interval}; while it is open,
     * this is where submissions wait, their renders still {@code queued}.
     */
    public Mono<Void> whenPermitted(Duration interval) {
        return permitted().retryWhen(Retry.fixedDelay(Long.MAX_VALUE, interval)
                .filter(CallNotPermittedException.class::isInstance)
                .scheduler(scheduler));
    }

    /** What the upstream last said of the account's quota. */
    public AccountQuota quota() {
        return quota;
    }

    /** Completes at once, or once the upstream reports movies left on the account again. */
    public Mono<Void> whenMoviesLeft() {
        return quota.whenMoviesLeft();
    }

    /** One smallest list read, for the {@code remaining_quota} every answer carries; failures are ignored. */
    public Mono<Void> probeQuota(java.time.LocalDate today) {
        return list(new UpstreamListQuery(today, today, 1, null)).then().onErrorResume(failure -> Mono.empty());
    }

    /** The breaker's state, for health details and metrics. */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Makes the call through the breaker, telling the slot when the request has left (or the call ended). */
    private <T> Mono<T> send(BudgetSlot slot, Supplier<Mono<T>> call) {
        return Mono.defer(call)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .contextWrite(Context.of(RequestSentListener.KEY, (RequestSentListener) slot::sent))
                .doFinally(signal -> slot.sent());
    }

    /** Fails at once with {@link CallNotPermittedException} while the breaker is open, spending no slot. */
    private Mono<Void> permitted() {
        return Mono.defer(() -> {
            if (!breaker.tryAcquirePermission()) {
                return Mono.error(CallNotPermittedException.createCallNotPermittedException(breaker));
            }
            breaker.releasePermission();
            return Mono.empty();
        });
    }

    private void pauseOnRateLimit(UpstreamException failure) {
        if (failure.failure() == UpstreamFailure.RATE_LIMITED) {
            budget.pause(failure.retryAfter().orElse(DEFAULT_RATE_LIMIT_PAUSE));
        }
    }

    /** How status checks retry: at most {@code maxRetries}, from {@code firstBackoff} doubling up to {@code maxBackoff}. */
    public record StatusRetry(int maxRetries, Duration firstBackoff, Duration maxBackoff) {

        public static StatusRetry defaults() {
            return new StatusRetry(3, Duration.ofMillis(500), Duration.ofSeconds(10));
        }

        /** The wait before retry number {@code attempt}: the upstream's Retry-After, or backoff with ±50 % jitter. */
        Duration delay(long attempt, UpstreamException failure) {
            if (failure.retryAfter().isPresent()) {
                return failure.retryAfter().get();
            }
            long base = Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(attempt, 20));
            long jittered = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
            return Duration.ofMillis(Math.max(1, jittered));
        }
    }
}
