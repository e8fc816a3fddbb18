package dev.rendergateway.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.testing.Movies;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The in-memory store: compare-and-set on revisions, tenant-scoped reads, newest-first pages. */
class InMemoryRenderStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final InMemoryRenderStore store = new InMemoryRenderStore();

    @Test
    void compareAndSetMovesTheRevisionOn() {
        Render render = store.insert(render("r_1", "acme")).block();

        Render submitting = store.compareAndSet(render, render.submitting(NOW)).block();

        assertThat(submitting.revision()).isEqualTo(1);
        assertThat(store.find("r_1").block()).isEqualTo(submitting);
    }

    @Test
    void compareAndSetRefusesAWriterThatReadAStaleRevision() {
        Render original = store.insert(render("r_1", "acme")).block();
        store.compareAndSet(original, original.submitting(NOW)).block();

        StepVerifier.create(store.compareAndSet(original, original.cancelled(NOW)))
                .expectError(RenderConflictException.class)
                .verify();
        assertThat(store.find("r_1").block().status()).isEqualTo(RenderStatus.SUBMITTING);
    }

    @Test
    void refusesASecondRenderWithTheSameId() {
        store.insert(render("r_1", "acme")).block();

        StepVerifier.create(store.insert(render("r_1", "zeta")))
                .expectError(RenderConflictException.class)
                .verify();
    }

    @Test
    void showsATenantOnlyItsOwnRenders() {
        store.insert(render("r_1", "acme")).block();

        assertThat(store.findOwned("acme", "r_1").blockOptional()).isPresent();
        assertThat(store.findOwned("zeta", "r_1").blockOptional()).isEmpty();
        assertThat(store.list("zeta", null, null, 10).collectList().block()).isEmpty();
    }

    @Test
    void listsNewestFirstInPagesThatFollowACursor() {
        for (int i = 1; i <= 5; i++) {
            store.insert(render("r_" + i, "acme")).block();
        }
        store.insert(render("r_other", "zeta")).block();

        assertThat(store.list("acme", null, null, 2).map(Render::id).collectList().block())
                .containsExactly("r_5", "r_4");
        assertThat(store.list("acme", null, "r_4", 2).map(Render::id).collectList().block())
                .containsExactly("r_3", "r_2");
        assertThat(store.list("acme", RenderStatus.DONE, null, 10).collectList().block()).isEmpty();
    }

    private static Render render(String id, String tenant) {
        return Render.queued(id, tenant, new RenderRequest(Movies.hello(), null, null), NOW);
    }
}
