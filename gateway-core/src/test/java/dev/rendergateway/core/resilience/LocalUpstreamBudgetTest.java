package dev.rendergateway.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The upstream budget under virtual time: the rate, the sharing between lanes, pauses. */
class LocalUpstreamBudgetTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final LocalUpstreamBudget budget =
            new LocalUpstreamBudget(BudgetConfig.of(5), time, () -> time.now(TimeUnit.NANOSECONDS));
    private final List<Grant> grants = new ArrayList<>();

    @AfterEach
    void stop() {
        budget.dispose();
        time.dispose();
    }

    @Test
    void neverGrantsMoreThanTheRateInAnySlidingSecond() {
        request(Lane.SUBMIT, 100);
        request(Lane.WATCHED_POLL, 100);
        request(Lane.BACKGROUND_POLL, 100);

        time.advanceTimeBy(Duration.ofMinutes(2));

        assertThat(grants).hasSize(300);
        assertThat(maxGrantsInAnyWindow(Duration.ofSeconds(1))).isEqualTo(5);
    }

    @Test
    void usesAtLeast98PercentOfTheRateUnderLoad() {
        request(Lane.SUBMIT, 500);

        time.advanceTimeBy(Duration.ofSeconds(100));

        // 5 requests per second for 100 s would be 500; the safety margin costs 1.5 %.
        assertThat(grants.size()).isGreaterThanOrEqualTo(490).isLessThanOrEqualTo(500);
    }

    @Test
    void grantsAtOnceWhenIdle() {
        request(Lane.BACKGROUND_POLL, 1);

        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).atNanos()).isZero();
    }

    @Test
    void aLoneSubmissionOvertakesAThousandQueuedPolls() {
        request(Lane.BACKGROUND_POLL, 1_000);
        time.advanceTimeBy(Duration.ofSeconds(2));
        int grantedBefore = grants.size();

        request(Lane.SUBMIT, 1);
        time.advanceTimeBy(Duration.ofSeconds(1));

        int submitPosition = positionOf(Lane.SUBMIT);
        assertThat(submitPosition - grantedBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void pollsOfWatchedRendersGetTwiceTheSlotsOfUnwatchedOnes() {
        request(Lane.WATCHED_POLL, 300);
        request(Lane.BACKGROUND_POLL, 300);

        time.advanceTimeBy(Duration.ofSeconds(60));

        long watched = grants.stream().filter(g -> g.lane() == Lane.WATCHED_POLL).count();
        long background = grants.stream().filter(g -> g.lane() == Lane.BACKGROUND_POLL).count();
        assertThat(watched).isBetween(2 * background - 2, 2 * background + 2);
    }

    @Test
    void noLaneStarvesBehindABacklogOfSubmissions() {
        request(Lane.SUBMIT, 10_000);
        request(Lane.BACKGROUND_POLL, 50);

        time.advanceTimeBy(Duration.ofSeconds(60));

        long background = grants.stream().filter(g -> g.lane() == Lane.BACKGROUND_POLL).count();
        // Lanes share 2 : 2 : 1 and the idle watched lane gives its turns away: background gets 1 slot in 3.
        assertThat(background).isEqualTo(50);
        assertThat(budget.waiting(Lane.SUBMIT)).isPositive();
    }

    @Test
    void pausesEveryLaneForTheWaitTheUpstreamAskedFor() {
        request(Lane.SUBMIT, 1);
        budget.pause(Duration.ofSeconds(10));
        request(Lane.SUBMIT, 1);
        request(Lane.WATCHED_POLL, 1);

        time.advanceTimeBy(Duration.ofSeconds(9));
        assertThat(grants).hasSize(1);
        time.advanceTimeBy(Duration.ofSeconds(2));

        assertThat(grants).hasSize(3);
        assertThat(grants.get(1).atNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void aCancelledWaitSpendsNoSlot() {
        request(Lane.SUBMIT, 1);
        Disposable abandoned = budget.slot(Lane.SUBMIT).subscribe(slot -> grants.add(new Grant(Lane.SUBMIT, -1)));
        request(Lane.WATCHED_POLL, 1);
        assertThat(budget.waiting(Lane.SUBMIT)).isEqualTo(1);

        abandoned.dispose();
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(budget.waiting(Lane.SUBMIT)).isZero();
        assertThat(grants).extracting(Grant::lane).containsExactly(Lane.SUBMIT, Lane.WATCHED_POLL);
        assertThat(grants.get(1).atNanos()).isEqualTo(BudgetConfig.of(5).spacing().toNanos());
    }

    @Test
    void grantsNoSlotUntilTheRequestARateOfSlotsBackLeftASecondAgo() {
        // Five slots at rate 5, all held: their requests wait for a connection that opens only at 900 ms.
        List<BudgetSlot> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            budget.slot(Lane.SUBMIT).subscribe(held::add);
        }
        request(Lane.SUBMIT, 1);
        time.advanceTimeBy(Duration.ofMillis(900));
        assertThat(held).hasSize(5);
        held.forEach(BudgetSlot::sent);

        // By cadence the sixth was due at 1,015 ms; it must wait until the first left a second (+ 1.5 %) ago.
        Duration window = Duration.ofMillis(1_015);
        time.advanceTimeBy(window.minusNanos(1));
        assertThat(grants).isEmpty();
        time.advanceTimeBy(Duration.ofNanos(1));

        assertThat(grants).extracting(Grant::atNanos).containsExactly(Duration.ofMillis(900).plus(window).toNanos());
    }

    @Test
    void keepsItsCadenceWhenItsWakeUpsComeLate() {
        long late = Duration.ofMillis(30).toNanos();
        Scheduler lateTimer = new Scheduler() {
            @Override
            public Disposable schedule(Runnable task) {
                return time.schedule(task);
            }

            @Override
            public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                return time.schedule(task, unit.toNanos(delay) + late, TimeUnit.NANOSECONDS);
            }

            @Override
            public Worker createWorker() {
                return time.createWorker();
            }
        };
        LocalUpstreamBudget lateBudget = new LocalUpstreamBudget(BudgetConfig.of(5), lateTimer,
                () -> time.now(TimeUnit.NANOSECONDS));
        long spacing = BudgetConfig.of(5).spacing().toNanos();
        for (int i = 0; i < 3; i++) {
            lateBudget.slot(Lane.SUBMIT).subscribe(slot -> {
                grants.add(new Grant(Lane.SUBMIT, time.now(TimeUnit.NANOSECONDS)));
                slot.sent();
            });
        }

        time.advanceTimeBy(Duration.ofSeconds(2));
        lateBudget.dispose();

        // The second slot comes 30 ms late; the third is due a spacing after the second was due, not after it came.
        assertThat(grants).extracting(Grant::atNanos).containsExactly(0L, spacing + late, 2 * spacing + late);
    }

    @Test
    void goesAheadWhenAGrantedRequestNeverSaysItLeft() {
        for (int i = 0; i < 5; i++) {
            budget.slot(Lane.SUBMIT).subscribe();
        }
        request(Lane.SUBMIT, 1);

        // The first slot's request is taken to have left at MAX_SEND_WAIT (1 s); the sixth waits a window more.
        time.advanceTimeBy(Duration.ofMillis(2_015).minusNanos(1));
        assertThat(grants).isEmpty();
        time.advanceTimeBy(Duration.ofNanos(1));

        assertThat(grants).hasSize(1);
    }

    @Test
    void survivesARequestThatFailsTheMomentItIsGranted() {
        budget.slot(Lane.SUBMIT).subscribe(new CoreSubscriber<BudgetSlot>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(BudgetSlot slot) {
                throw new IllegalStateException("a request that blows up when granted");
            }

            @Override
            public void onError(Throwable error) {
                // The sink routes onNext's failure here; failing again is what escapes the sink.
                throw new IllegalStateException("and its error handling blows up too", error);
            }

            @Override
            public void onComplete() {
            }
        });
        request(Lane.SUBMIT, 3);

        time.advanceTimeBy(Duration.ofSeconds(2));

        assertThat(grants).hasSize(3);
    }

    private void request(Lane lane, int count) {
        for (int i = 0; i < count; i++) {
            budget.slot(lane).subscribe(slot -> {
                grants.add(new Grant(lane, time.now(TimeUnit.NANOSECONDS)));
                slot.sent();
            });
        }
    }

    private int positionOf(Lane lane) {
        for (int i = 0; i < grants.size(); i++) {
            if (grants.get(i).lane() == lane) {
                return i;
            }
        }
        return -1;
    }

    private long maxGrantsInAnyWindow(Duration window) {
        long max = 0;
        int start = 0;
        for (int end = 0; end < grants.size(); end++) {
            while (grants.get(end).atNanos() - grants.get(start).atNanos() >= window.toNanos()) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    private record Grant(Lane lane, long atNanos) {
    }
}
