package dev.rendergateway.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.pipeline.RenderUpdates;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.UnansweringRenderStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** A watcher's feed: the current state first, every later change, and the end. */
class RenderFeedsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final InMemoryRenderStore store = new InMemoryRenderStore();
    private final InMemoryRenderEvents events = new InMemoryRenderEvents();
    private final RenderUpdates updates = new RenderUpdates(store, events);
    private final RenderFeeds feeds = new RenderFeeds(store, events);

    @Test
    void opensAFeedThroughAStoreThatMissedItsFirstAnswers() {
        UnansweringRenderStore stalling = new UnansweringRenderStore(store);
        RenderFeeds patient = new RenderFeeds(stalling, events);
        updates.insert(queued("r_1")).block();
        stalling.failReads(2);

        StepVerifier.create(patient.follow("acme", "r_1"))
                .assertNext(first -> assertThat(first.render().status()).isEqualTo(RenderStatus.QUEUED))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void startsWithTheCurrentStateAndEndsAfterTheTerminalChange() {
        Render render = updates.insert(queued("r_1")).block();
        updates.apply("r_1", r -> r.submitting(NOW)).block();

        StepVerifier.create(feeds.follow("acme", "r_1"))
                .assertNext(first -> assertThat(first.render().status()).isEqualTo(RenderStatus.SUBMITTING))
                .then(() -> updates.apply("r_1", r -> r.running("P", NOW)).block())
                .assertNext(next -> assertThat(next.render().status()).isEqualTo(RenderStatus.RUNNING))
                .then(() -> updates.apply("r_1", r -> r.done("u", "t", 1.0, NOW)).block())
                .assertNext(last -> assertThat(last.render().status()).isEqualTo(RenderStatus.DONE))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(render.revision()).isZero();
    }

    @Test
    void givesAFinishedRenderAsOneEventAndCloses() {
        updates.insert(queued("r_1")).block();
        updates.apply("r_1", r -> r.cancelled(NOW)).block();

        StepVerifier.create(feeds.follow("acme", "r_1"))
                .assertNext(only -> assertThat(only.render().status()).isEqualTo(RenderStatus.CANCELLED))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void showsNothingOfAnotherTenantsRender() {
        updates.insert(queued("r_1")).block();

        StepVerifier.create(feeds.follow("zeta", "r_1")).expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void releasesItsSubscriptionWhenTheWatcherLeaves() {
        updates.insert(queued("r_1")).block();

        StepVerifier.create(feeds.follow("acme", "r_1"))
                .expectNextCount(1)
                .then(() -> assertThat(events.subscribedKeys()).isEqualTo(1))
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(events.subscribedKeys()).isZero();
    }

    private static Render queued(String id) {
        return Render.queued(id, "acme", new RenderRequest(Movies.hello(), null, null), NOW);
    }
}
