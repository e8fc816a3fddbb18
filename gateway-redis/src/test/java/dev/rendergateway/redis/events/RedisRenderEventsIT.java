package dev.rendergateway.redis.events;

import dev.rendergateway.core.events.EventsConfig;
import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.events.Selection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Events shared through Redis by two instances: live fan-out, resumption anywhere, no resources left behind. */
class RedisRenderEventsIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final EventsConfig SMALL = new EventsConfig(5, 3, 2, 8);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private RedisConnection connectionA;
    private RedisConnection connectionB;
    private RedisRenderEvents instanceA;
    private RedisRenderEvents instanceB;

    @BeforeEach
    void start() {
        connectionA = redis.connect();
        connectionB = redis.connect();
        instanceA = new RedisRenderEvents(connectionA, SMALL);
        instanceB = new RedisRenderEvents(connectionB, SMALL);
    }

    @AfterEach
    void stop() {
        instanceA.dispose();
        instanceB.dispose();
        connectionA.close();
        connectionB.close();
    }

    @Test
    void aChangePublishedOnOneInstanceReachesFollowersOnTheOther() {
        RenderEvent first = instanceA.publish(render("r_1", 10)).block();

        StepVerifier.create(instanceB.follow(Selection.of("acme", Set.of("r_1")), OptionalLong.empty()))
                .expectNext(first)
                .then(() -> instanceA.publish(render("r_1", 50)).block())
                .assertNext(live -> assertThat(live.render().progress()).isEqualTo(50))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void aFollowerWhoseCatchUpRedisDidNotAnswerInTimeGetsItOnceRedisAnswers() throws InterruptedException {
        RenderEvent first = instanceA.publish(render("r_1", 10)).block();
        List<RenderEvent> received = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();

        redis.process().freeze();
        Disposable following;
        try {
            following = instanceB.follow(Selection.of("acme", Set.of("r_1")), OptionalLong.empty())
                    .subscribe(received::add, failed::set);
            // Past the 2 s command timeout: the first catch-up read has failed by now.
            Thread.sleep(2_500);
        } finally {
            redis.process().thaw();
        }
        try {
            Eventually.await("the catch-up arrives or fails", WAIT, () -> !received.isEmpty() || failed.get() != null);
            assertThat(failed.get()).isNull();
            assertThat(received).containsExactly(first);
        } finally {
            following.dispose();
        }
    }

    @Test
    void resumesOnOneInstanceExactlyAfterAnEventIdGivenByTheOther() {
        RenderEvent seen = instanceA.publish(render("r_1", 10)).block();
        RenderEvent missed1 = instanceA.publish(render("r_1", 20)).block();
        RenderEvent missed2 = instanceB.publish(render("r_2", 5)).block();
        instanceA.publish(render("zeta", "r_z", 5)).block();

        StepVerifier.create(instanceB.follow(Selection.allOf("acme"), OptionalLong.of(seen.sequence())))
                .expectNext(missed1, missed2)
                .then(() -> instanceA.publish(render("r_2", 50)).block())
                .assertNext(live -> assertThat(live.render().progress()).isEqualTo(50))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void resumesWithTheLatestStateOfEveryRenderChangedSinceWhenTheHistoryIsTooShort() {
        RenderEvent seen = instanceA.publish(render("r_1", 1)).block();
        instanceA.publish(render("r_2", 1)).block();
        IntStream.rangeClosed(2, 9).forEach(p -> instanceA.publish(render("r_1", p)).block());
        RenderEvent latestOfSecond = instanceA.publish(render("r_2", 60)).block();
        RenderEvent latestOfFirst = instanceA.publish(render("r_1", 70)).block();

        StepVerifier.create(instanceB.follow(Selection.allOf("acme"), OptionalLong.of(seen.sequence())))
                .expectNext(latestOfSecond, latestOfFirst)
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void startsWithTheCurrentStateForAnIdItCannotPlace() {
        instanceA.publish(render("r_1", 10)).block();
        RenderEvent latest = instanceA.publish(render("r_1", 20)).block();

        StepVerifier.create(instanceB.follow(Selection.of("acme", Set.of("r_1")), OptionalLong.of(Long.MAX_VALUE)))
                .expectNext(latest)
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void joinsTheCatchUpAndTheLiveEventsWithoutGapOrRepeatWhilePublishersRace() {
        EventsConfig roomy = new EventsConfig(1_000, 200, 512, 2_048);
        RedisRenderEvents follower = new RedisRenderEvents(connectionB, roomy);
        try {
            RenderEvent seen = instanceA.publish(render("r_1", 0)).block();
            Disposable publishing = Flux.range(1, 300)
                    .concatMap(i -> (i % 2 == 0 ? instanceA : instanceB).publish(render("r_" + (i % 7), i % 99)))
                    .subscribeOn(Schedulers.boundedElastic())
                    .subscribe();
            List<Long> received = follower.follow(Selection.allOf("acme"), OptionalLong.of(seen.sequence()))
                    .take(300)
                    .map(RenderEvent::sequence)
                    .collectList()
                    .block(Duration.ofSeconds(20));
            publishing.dispose();

            assertThat(received).isSorted().doesNotHaveDuplicates();
            assertThat(received.get(received.size() - 1) - received.get(0)).isEqualTo(299);
            assertThat(received.get(0)).isEqualTo(seen.sequence() + 1);
        } finally {
            follower.dispose();
        }
    }

    @Test
    void cancelledFeedsLeaveNothingBehindLocallyOrInRedis() {
        instanceA.publish(render("r_1", 10)).block();
        String clientsBefore = clientCount();

        for (int i = 0; i < 100; i++) {
            Disposable feed = instanceB.follow(Selection.allOf("acme"), OptionalLong.empty()).subscribe();
            feed.dispose();
        }
        List<RenderEvent> still = instanceB.follow(Selection.of("acme", Set.of("r_1")), OptionalLong.empty())
                .take(1).collectList().block(WAIT);

        assertThat(still).hasSize(1);
        assertThat(instanceB.subscriberCount()).isZero();
        assertThat(instanceB.subscribedKeys()).isZero();
        assertThat(instanceB.pendingEvents()).isZero();
        assertThat(clientCount()).isEqualTo(clientsBefore);
    }

    private static String clientCount() {
        return Long.toString(redis.process().cli("CLIENT", "LIST").lines().count());
    }

    private static Render render(String id, int progress) {
        return render("acme", id, progress);
    }

    private static Render render(String tenant, String id, int progress) {
        return Render.queued(id, tenant, new RenderRequest(Movies.hello(), null, null), NOW)
                .running("p_" + id, NOW).progressed(progress, NOW);
    }
}
