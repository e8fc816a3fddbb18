package dev.rendergateway.core.webhooks;

import dev.rendergateway.common.http.RetryAfter;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.tracing.TraceContext;
import dev.rendergateway.core.tracing.TraceMdc;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Delivers callers' webhooks: each pending delivery is attempted when due, its URL vetted again, signed with
 * the tenant's valid secrets, POSTed; a 2xx ends it, a 410 disables it, anything else (or no answer within
 * the attempt timeout) schedules the next attempt after the receiver's {@code Retry-After} or the retry
 * schedule with jitter, until the schedule ends. Every attempt is written to the {@link DeliveryStore} before
 * the next is scheduled; timers run on the injected scheduler, so specs use virtual time. Each attempt first
 * claims the delivery in the store and reads it again, so two dispatchers on one shared store (Redis) never
 * attempt it both; with {@link #rescanEvery}, due deliveries that no local timer holds (left by a dead
 * instance) are picked up too.
 */
public final class WebhookDispatcher implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Sinks.EmitFailureHandler RETRY_CONCURRENT_EMITS =
            Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100));
    /** How early a timer may fire, and a claimed delivery still count as due. */
    private static final Duration EARLY = Duration.ofMillis(500);

    private final DeliveryStore store;
    private final WebhookSecrets secrets;
    private final WebhookTargets targets;
    private final WebhookTransport transport;
    private final DeliveryConfig config;
    private final Scheduler scheduler;
    private final Clock clock;
    private final WebhookSigner signer = new WebhookSigner();
    private final Sinks.Many<String> due = Sinks.many().unicast().onBackpressureBuffer();
    private final ConcurrentMap<String, Disposable> timers = new ConcurrentHashMap<>();
    private final Duration claimTtl;
    private Duration rescan = Duration.ZERO;
    private Disposable draining;
    private Disposable rescanning;

    public WebhookDispatcher(DeliveryStore store, WebhookSecrets secrets, WebhookTargets targets,
                             WebhookTransport transport, DeliveryConfig config, Scheduler scheduler) {
        this.store = store;
        this.secrets = secrets;
        this.targets = targets;
        this.transport = transport;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = new SchedulerClock(scheduler);
        this.claimTtl = config.attemptTimeout().multipliedBy(2).plusSeconds(10);
    }

    /** Also looks for due deliveries in the store this often (a shared store's orphans); call before start. */
    public synchronized WebhookDispatcher rescanEvery(Duration interval) {
        this.rescan = interval;
        return this;
    }

    /** Starts attempting, and resumes every delivery the store holds as pending. */
    public synchronized WebhookDispatcher start() {
        if (draining == null) {
            draining = due.asFlux()
                    .flatMap(id -> attempt(id).onErrorResume(error -> {
                        log.error("delivery {} failed unexpectedly", id, error);
                        return Mono.empty();
                    }), config.maxConcurrentAttempts())
                    .subscribe();
            store.pending().subscribe(this::schedule,
                    error -> log.error("pending deliveries could not be resumed", error));
            if (!rescan.isZero()) {
                rescanning = Flux.interval(rescan, rescan, scheduler)
                        .concatMap(tick -> store.dueBy(clock.instant())
                                .filter(delivery -> !timers.containsKey(delivery.id()))
                                .doOnNext(this::schedule)
                                .onErrorResume(error -> {
                                    log.warn("due deliveries could not be read: {}", error.toString());
                                    return Mono.empty();
                                }))
                        .subscribe();
            }
        }
        return this;
    }

    /** Stores a new delivery and attempts it at once; a delivery enqueued before is left as it is. */
    public Mono<Delivery> enqueue(Delivery delivery) {
        return store.insert(delivery).doOnNext(stored -> {
            if (stored == delivery) {
                schedule(stored);
            }
        });
    }

    private void schedule(Delivery delivery) {
        if (!delivery.isPending()) {
            return;
        }
        long wait = Math.max(0, Duration.between(clock.instant(), delivery.nextAttemptAt()).toMillis());
        if (wait == 0) {
            due.emitNext(delivery.id(), RETRY_CONCURRENT_EMITS);
            return;
        }
        timers.put(delivery.id(), scheduler.schedule(() -> {
            timers.remove(delivery.id());
            due.emitNext(delivery.id(), RETRY_CONCURRENT_EMITS);
        }, wait, TimeUnit.MILLISECONDS));
    }

    /** Claims the delivery, reads it again and attempts it if still due; schedules the next once released. */
    private Mono<Delivery> attempt(String id) {
        return Mono.usingWhen(store.claim(id, claimTtl).filter(Boolean::booleanValue),
                        claimed -> store.find(id).filter(this::isDue).flatMap(this::attemptOnce),
                        claimed -> store.release(id),
                        (claimed, error) -> store.release(id),
                        claimed -> store.release(id))
                .doOnNext(this::schedule);
    }

    private boolean isDue(Delivery delivery) {
        return delivery.isPending() && (delivery.nextAttemptAt() == null
                || !delivery.nextAttemptAt().isAfter(clock.instant().plus(EARLY)));
    }

    private Mono<Delivery> attemptOnce(Delivery delivery) {
        return Mono.defer(() -> {
            Instant started = clock.instant();
            byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
            return targets.vet(delivery.url())
                    .flatMap(target -> secrets.current(delivery.tenant())
                            .map(valid -> signer.headers(delivery.id(), clock.instant().getEpochSecond(),
                                    delivery.payload(), valid))
                            .flatMap(headers -> transport.post(target, headers, body)))
                    .timeout(config.attemptTimeout(), scheduler)
                    // Each attempt continues the render's trace: the transport sends it as traceparent.
                    .contextWrite(context -> TraceContext.into(context, delivery.trace()))
                    .map(answer -> conclude(delivery, started, answer, null))
                    .onErrorResume(error -> Mono.just(conclude(delivery, started, null, error)))
                    .flatMap(store::update);
        });
    }

    private Delivery conclude(Delivery delivery, Instant started, TransportAnswer answer, Throwable error) {
        Instant now = clock.instant();
        int number = delivery.attempts().size() + 1;
        long took = Duration.between(started, now).toMillis();
        Integer status = answer == null ? null : answer.status();
        String problem = error == null ? null : describe(error);
        if (answer != null && answer.isSuccess()) {
            return delivery.after(new DeliveryAttempt(number, started, took, status, null, "delivered"),
                    DeliveryState.DELIVERED, null);
        }
        if (answer != null && answer.status() == 410) {
            try (TraceMdc mdc = TraceMdc.of(delivery.trace())) {
                log.info("delivery {} disabled: the receiver answered 410 Gone", delivery.id());
            }
            return delivery.after(new DeliveryAttempt(number, started, took, status, null, "disabled"),
                    DeliveryState.DISABLED, null);
        }
        if (error instanceof WebhookTargetRefusedException refused && refused.permanent()) {
            return delivery.after(new DeliveryAttempt(number, started, took, null, problem, "refused"),
                    DeliveryState.REFUSED, null);
        }
        if (number > config.retryDelays().size()) {
            return delivery.after(new DeliveryAttempt(number, started, took, status, problem, "failed"),
                    DeliveryState.FAILED, null);
        }
        Duration wait = waitBeforeRetry(number, answer, now);
        return delivery.after(new DeliveryAttempt(number, started, took, status, problem, "retry"),
                DeliveryState.PENDING, now.plus(wait));
    }

    /** The receiver's Retry-After (at most {@code maxRetryAfter}), else the schedule's delay ± jitter. */
    private Duration waitBeforeRetry(int attempt, TransportAnswer answer, Instant now) {
        Duration asked = answer == null ? null : RetryAfter.parse(answer.retryAfter(), now);
        if (asked != null) {
            return asked.compareTo(config.maxRetryAfter()) > 0 ? config.maxRetryAfter() : asked;
        }
        Duration base = config.retryDelays().get(attempt - 1);
        double factor = 1 + config.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    private String describe(Throwable error) {
        if (error instanceof TimeoutException) {
            return "no answer within " + config.attemptTimeout().toSeconds() + " s";
        }
        if (error instanceof WebhookTargetRefusedException) {
            return error.getMessage();
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public synchronized void dispose() {
        if (draining != null) {
            draining.dispose();
        }
        if (rescanning != null) {
            rescanning.dispose();
        }
        timers.values().forEach(Disposable::dispose);
        timers.clear();
    }
}
