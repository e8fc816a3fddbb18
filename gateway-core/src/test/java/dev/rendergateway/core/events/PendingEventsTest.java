package dev.rendergateway.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.testing.Movies;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingEventsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static RenderEvent event(long sequence, String renderId) {
        return new RenderEvent(sequence, Render.queued(renderId, "acme", new RenderRequest(Movies.hello(), null,
                null), NOW));
    }

    @Test
    void givesEventsBackInTheOrderTheyCame() {
        PendingEvents pending = new PendingEvents();
        pending.add(event(1, "a"));
        pending.add(event(2, "b"));
        pending.add(event(3, "a"));

        assertThat(pending.size()).isEqualTo(3);
        assertThat(pending.drain()).extracting(RenderEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(pending.size()).isZero();
        assertThat(pending.poll()).isNull();
    }

    @Test
    void dropsOnlyTheNewestWaitingEventOfARender() {
        PendingEvents pending = new PendingEvents();
        pending.add(event(1, "a"));
        pending.add(event(2, "b"));
        pending.add(event(3, "a"));

        assertThat(pending.dropNewestOf("a")).isTrue();
        assertThat(pending.dropNewestOf("c")).isFalse();
        assertThat(pending.drain()).extracting(RenderEvent::sequence).containsExactly(1L, 2L);
    }

    @Test
    void aSingleWaitingEventCanBeDroppedAndPolledLikeMany() {
        PendingEvents pending = new PendingEvents();
        pending.add(event(7, "a"));

        assertThat(pending.dropNewestOf("b")).isFalse();
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.dropNewestOf("a")).isTrue();
        assertThat(pending.poll()).isNull();

        pending.add(event(8, "a"));
        pending.add(event(9, "b"));
        assertThat(pending.poll().sequence()).isEqualTo(8);
        assertThat(pending.poll().sequence()).isEqualTo(9);
        pending.add(event(10, "c"));
        assertThat(pending.poll().sequence()).isEqualTo(10);
        assertThat(pending.size()).isZero();
    }
}
