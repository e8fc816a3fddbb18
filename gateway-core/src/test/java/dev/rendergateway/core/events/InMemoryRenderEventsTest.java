package dev.rendergateway.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.testing.Movies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** The in-memory event log: ordering, catch-up and resumption, slow subscribers, and what watching means. */
class InMemoryRenderEventsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final long START = 1_000;

    private final InMemoryRenderEvents events = new InMemoryRenderEvents(new EventsConfig(5, 3, 2, 8), START);

    @Test
    void startsAFeedWithTheLatestStateOfEachSelectedRender() {
        publish(render("r_1", 10));
        publish(render("r_2", 10));
        RenderEvent latestOfFirst = publish(render("r_1", 20));

        StepVerifier.create(events.follow(Selection.of("acme", Set.of("r_1")), OptionalLong.empty()))
                .expectNext(latestOfFirst)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void startsATenantWideFeedWithItsMostRecentlyChangedRendersOnly() {
        IntStream.rangeClosed(1, 5).forEach(i -> publish(render("r_" + i, 0)));
        publish(render("zeta", "other", 0));

        List<RenderEvent> first = events.follow(Selection.allOf("acme"), OptionalLong.empty()).take(3)
                .collectList().block(Duration.ofSeconds(5));

        assertThat(first).extracting(e -> e.render().id()).containsExactly("r_3", "r_4", "r_5");
        assertThat(first).extracting(RenderEvent::sequence).isSorted();
    }

    @Test
    void deliversOnEachSubscribersOwnExecutorInOneTaskPerExecutorWhateverTheNumberOfSubscribers() {
        List<Runnable> tasks = new ArrayList<>();
        Executor loop = tasks::add;
        List<String> received = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.ofRender("r_1").contextWrite(Context.of(RenderEvents.DELIVERY_EXECUTOR, loop))
                    .subscribe(event -> received.add(Thread.currentThread().getName()));
        }

        publish(render("r_1", 10));

        assertThat(received).as("nothing arrives on the publishing thread").isEmpty();
        assertThat(tasks).hasSize(1);
        Thread executorThread = new Thread(tasks.get(0), "event-loop-1");
        executorThread.start();
        assertThatCode(executorThread::join).doesNotThrowAnyException();
        assertThat(received).containsExactly("event-loop-1", "event-loop-1", "event-loop-1");
    }

    @Test
    void resumesExactlyAfterTheLastSeenEventWhileTheHistoryReachesBack() {
        RenderEvent seen = publish(render("r_1", 10));
        RenderEvent missed1 = publish(render("r_1", 20));
        RenderEvent missed2 = publish(render("r_2", 5));
        RenderEvent missed3 = publish(render("r_1", 30));

        StepVerifier.create(events.follow(Selection.allOf("acme"), OptionalLong.of(seen.sequence())))
                .expectNext(missed1, missed2, missed3)
                .then(() -> publish(render("r_2", 50)))
                .assertNext(live -> assertThat(live.render().progress()).isEqualTo(50))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void resumesWithTheLatestStateOfEveryRenderChangedSinceWhenTheHistoryIsTooShort() {
        RenderEvent seen = publish(render("r_1", 1));
        publish(render("r_2", 1));
        IntStream.rangeClosed(2, 9).forEach(p -> publish(render("r_1", p)));
        RenderEvent latestOfSecond = publish(render("r_2", 60));
        RenderEvent latestOfFirst = publish(render("r_1", 70));

        StepVerifier.create(events.follow(Selection.allOf("acme"), OptionalLong.of(seen.sequence())))
                .expectNext(latestOfSecond, latestOfFirst)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void givesTheCurrentStateForAnIdFromBeforeThisLogExisted() {
        RenderEvent current = publish(render("r_1", 40));

        StepVerifier.create(events.follow(Selection.of("acme", Set.of("r_1")), OptionalLong.of(START - 500)))
                .expectNext(current)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void deliversEventsInSequenceOrderWhenManyThreadsPublishAtOnce() {
        InMemoryRenderEvents roomy = new InMemoryRenderEvents(EventsConfig.defaults(), START);
        var seen = roomy.ofTenant("acme").take(2_000).collectList().toFuture();

        Flux.range(0, 2_000)
                .parallel(8).runOn(Schedulers.parallel())
                .flatMap(i -> roomy.publish(render("r_" + (i % 50), 0)))
                .sequential().blockLast(Duration.ofSeconds(10));

        assertThat(seen).succeedsWithin(Duration.ofSeconds(5)).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.list(RenderEvent.class))
                .extracting(RenderEvent::sequence).isSorted().doesNotHaveDuplicates().hasSize(2_000);
    }

    @Test
    void conflatesTheChangesOfASubscriberThatStopsRequestingButKeepsEachRendersLastChange() {
        Demand subscriber = new Demand();
        events.follow(Selection.allOf("acme"), OptionalLong.empty()).subscribe(subscriber);
        for (int progress = 1; progress <= 50; progress++) {
            publish(render("r_1", progress));
            publish(render("r_2", progress));
        }
        RenderEvent terminal = publish(render("r_1", 99).done("u", "t", 1.0, NOW));

        assertThat(events.pendingEvents()).isLessThanOrEqualTo(3);
        subscriber.request(100);

        assertThat(subscriber.received).extracting(RenderEvent::sequence).isSorted();
        assertThat(subscriber.received).last().isEqualTo(terminal);
        assertThat(subscriber.received).filteredOn(e -> e.render().id().equals("r_2")).last()
                .extracting(e -> e.render().progress()).isEqualTo(50);
        assertThat(events.pendingEvents()).isZero();
        subscriber.dispose();
    }

    @Test
    void endsTheFeedOfASubscriberThatFallsBehindByMoreThanTheCapacity() {
        Demand subscriber = new Demand();
        events.follow(Selection.allOf("acme"), OptionalLong.empty()).subscribe(subscriber);

        IntStream.range(0, 20).forEach(i -> publish(render("r_" + i, 1)));

        assertThat(subscriber.error).isInstanceOf(SubscriberOverflowException.class);
        assertThat(events.subscriberCount()).isZero();
        assertThat(events.pendingEvents()).isZero();
    }

    @Test
    void countsATenantWideFeedAsWatchingEveryRenderOfTheTenantAndReleasesItOnCancel() {
        Disposable tenantWide = events.follow(Selection.allOf("acme"), OptionalLong.empty()).subscribe();
        Disposable one = events.follow(Selection.of("zeta", Set.of("z_1")), OptionalLong.empty()).subscribe();

        assertThat(events.isWatched("acme", "r_created_later")).isTrue();
        assertThat(events.isWatched("zeta", "z_1")).isTrue();
        assertThat(events.isWatched("zeta", "z_2")).isFalse();

        tenantWide.dispose();
        one.dispose();

        assertThat(events.isWatched("acme", "r_created_later")).isFalse();
        assertThat(events.isWatched("zeta", "z_1")).isFalse();
        assertThat(events.subscribedKeys()).isZero();
        assertThat(events.subscriberCount()).isZero();
    }

    private RenderEvent publish(Render render) {
        return events.publish(render).block();
    }

    private static Render render(String id, int progress) {
        return render("acme", id, progress);
    }

    private static Render render(String tenant, String id, int progress) {
        Render queued = Render.queued(id, tenant, new RenderRequest(Movies.hello(), null, null), NOW);
        return queued.running("P", NOW).progressed(progress, NOW);
    }

    /** A subscriber that requests nothing until told. */
    private static final class Demand extends BaseSubscriber<RenderEvent> {
        final List<RenderEvent> received = new ArrayList<>();
        Throwable error;

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            // no demand yet
        }

        @Override
        protected void hookOnNext(RenderEvent value) {
            received.add(value);
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            error = throwable;
        }
    }
}
