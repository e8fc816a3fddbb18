package dev.rendergateway.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.SandboxEngineClient;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.upstream.UpstreamException;
import dev.rendergateway.core.upstream.UpstreamFailure;
import dev.rendergateway.core.upstream.UpstreamMovie;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.sandbox.SandboxEngine;
import dev.rendergateway.sandbox.faults.Fault;
import dev.rendergateway.sandbox.faults.FaultPlan;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Calls through the budget and the circuit breaker, against the sandbox engine's faults, in virtual time. */
class GuardedUpstreamTest {

    private static final GuardedUpstream.StatusRetry NO_RETRY =
            new GuardedUpstream.StatusRetry(0, Duration.ofMillis(500), Duration.ofSeconds(10));

    private VirtualTimeScheduler time;
    private SandboxEngineClient client;
    private LocalUpstreamBudget budget;
    private CircuitBreaker breaker;
    private String project;

    @BeforeEach
    void start() {
        time = VirtualTimeScheduler.create();
        client = new SandboxEngineClient(new SandboxEngine(SandboxConfig.custom()
                .clock(new SchedulerClock(time)).build()));
        budget = new LocalUpstreamBudget(BudgetConfig.of(100), time, () -> time.now(TimeUnit.NANOSECONDS));
        breaker = UpstreamCircuitBreaker.create(Duration.ofSeconds(30), new SchedulerClock(time));
        project = client.engine().create(Movies.hello());
    }

    @AfterEach
    void stop() {
        budget.dispose();
        time.dispose();
    }

    @Test
    void opensOnServerErrorsAndThenSendsNothing() {
        GuardedUpstream upstream = guarded(NO_RETRY);
        client.faults().plan(FaultPlan.none().withServerError(1.0));

        for (int i = 0; i < 10; i++) {
            assertThat(failureOf(upstream.status(project, Lane.BACKGROUND_POLL))).isInstanceOf(UpstreamException.class);
        }
        long sent = client.statusChecks();
        Throwable whileOpen = failureOf(upstream.status(project, Lane.WATCHED_POLL));
        Throwable submitWhileOpen = failureOf(upstream.submit(Mono.just(Movies.hello())));

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(whileOpen).isInstanceOf(CallNotPermittedException.class);
        assertThat(submitWhileOpen).isInstanceOf(CallNotPermittedException.class);
        assertThat(client.statusChecks()).isEqualTo(sent);
        assertThat(client.submits()).isZero();
    }

    @Test
    void opensOnConnectionsDroppedWithoutAnAnswer() {
        GuardedUpstream upstream = guarded(NO_RETRY);
        client.faults().plan(FaultPlan.none().withDropAfterRead(1.0));

        for (int i = 0; i < 10; i++) {
            failureOf(upstream.status(project, Lane.BACKGROUND_POLL));
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void staysClosedOnAnswersAboutTheMovieOrTheAccountAndOn429() {
        GuardedUpstream upstream = guarded(NO_RETRY);
        for (int i = 0; i < 20; i++) {
            client.faults().next(i % 2 == 0 ? Fault.NOT_FOUND : Fault.RATE_LIMITED);
            failureOf(upstream.status(project, Lane.BACKGROUND_POLL));
            time.advanceTimeBy(Duration.ofSeconds(2));
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void halfOpensAfterTheConfiguredWaitAndClosesWhenTheUpstreamIsBack() {
        GuardedUpstream upstream = guarded(NO_RETRY);
        client.faults().plan(FaultPlan.none().withServerError(1.0));
        for (int i = 0; i < 10; i++) {
            failureOf(upstream.status(project, Lane.BACKGROUND_POLL));
        }
        client.faults().clear();

        time.advanceTimeBy(Duration.ofSeconds(29));
        assertThat(failureOf(upstream.status(project, Lane.BACKGROUND_POLL)))
                .isInstanceOf(CallNotPermittedException.class);
        time.advanceTimeBy(Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            assertThat(valueOf(upstream.status(project, Lane.BACKGROUND_POLL))).isNotNull();
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void retriesATransientStatusFailureWithBackoff() {
        GuardedUpstream upstream = guarded(GuardedUpstream.StatusRetry.defaults());
        client.faults().next(Fault.SERVER_ERROR, Fault.BAD_GATEWAY);
        AtomicReference<UpstreamMovie> answer = new AtomicReference<>();

        upstream.status(project, Lane.WATCHED_POLL).subscribe(answer::set);
        time.advanceTimeBy(Duration.ofMillis(200));
        assertThat(answer.get()).isNull();
        time.advanceTimeBy(Duration.ofSeconds(3));

        assertThat(answer.get().project()).isEqualTo(project);
        assertThat(client.statusChecks()).isEqualTo(3);
    }

    @Test
    void waitsOutRetryAfterAndPausesTheWholeBudget() {
        GuardedUpstream upstream = guarded(GuardedUpstream.StatusRetry.defaults());
        client.faults().plan(FaultPlan.none().withRetryAfter(Duration.ofSeconds(5)));
        client.faults().next(Fault.RATE_LIMITED);
        AtomicReference<UpstreamMovie> answer = new AtomicReference<>();
        AtomicReference<String> submitted = new AtomicReference<>();

        upstream.status(project, Lane.WATCHED_POLL).subscribe(answer::set);
        upstream.submit(Mono.just(Movies.hello())).subscribe(submitted::set);
        time.advanceTimeBy(Duration.ofMillis(4_900));
        assertThat(answer.get()).isNull();
        assertThat(submitted.get()).isNull();
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(answer.get()).isNotNull();
        assertThat(submitted.get()).isNotNull();
    }

    @Test
    void neverRetriesASubmissionItself() {
        GuardedUpstream upstream = guarded(GuardedUpstream.StatusRetry.defaults());
        client.faults().next(Fault.SERVER_ERROR);

        Throwable failure = failureOf(upstream.submit(Mono.just(Movies.hello())));
        time.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(((UpstreamException) failure).failure()).isEqualTo(UpstreamFailure.SERVER_ERROR);
        assertThat(client.submits()).isEqualTo(1);
    }

    private GuardedUpstream guarded(GuardedUpstream.StatusRetry retry) {
        return new GuardedUpstream(client, budget, breaker, time, retry);
    }

    private <T> T valueOf(Mono<T> call) {
        AtomicReference<T> value = new AtomicReference<>();
        call.subscribe(value::set);
        time.advanceTimeBy(Duration.ofMillis(20));
        return value.get();
    }

    private Throwable failureOf(Mono<?> call) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        call.subscribe(v -> { }, failure::set);
        time.advanceTimeBy(Duration.ofMillis(20));
        return failure.get();
    }
}
