package dev.rendergateway.redis.store;

import dev.rendergateway.core.store.RenderConflictException;
import dev.rendergateway.core.store.StoreUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.redis.testing.RedisServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The Redis store against a real redis-server: the in-memory store's rules, shared by two instances. */
class RedisRenderStoreIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private RedisConnection connectionA;
    private RedisConnection connectionB;
    private RedisRenderStore store;
    private RedisRenderStore otherInstance;

    @BeforeEach
    void connect() {
        connectionA = redis.connect();
        connectionB = redis.connect();
        store = new RedisRenderStore(connectionA);
        otherInstance = new RedisRenderStore(connectionB);
    }

    @AfterEach
    void close() {
        connectionA.close();
        connectionB.close();
    }

    @Test
    void keepsTheWholeRenderAndMovesTheRevisionOnWithEachCompareAndSet() {
        Render render = store.insert(render("r_1", "acme")).block();

        Render submitting = store.compareAndSet(render, render.submitting(NOW)).block();

        assertThat(submitting.revision()).isEqualTo(1);
        assertThat(otherInstance.find("r_1").block()).isEqualTo(submitting);
    }

    @Test
    void storesNothingWhenRedisRunsTheInsertAfterItsCallerGaveUp() {
        redis.process().freeze();
        try {
            StepVerifier.create(store.insert(render("r_late", "acme")))
                    .expectError(StoreUnavailableException.class)
                    .verify();
        } finally {
            redis.process().thaw();
        }

        // Redis has run its backlog, the late insert with it.
        assertThat(otherInstance.ping().then(otherInstance.find("r_late")).blockOptional()).isEmpty();
        assertThat(otherInstance.list("acme", null, null, 10).collectList().block()).isEmpty();
        assertThat(store.insert(render("r_on_time", "acme")).block().id()).isEqualTo("r_on_time");
    }

    @Test
    void letsExactlyOneOfManyConcurrentClaimersWinAcrossInstances() {
        Render queued = store.insert(render("r_1", "acme")).block();

        List<Boolean> outcomes = Flux.range(0, 20)
                .flatMap(i -> (i % 2 == 0 ? store : otherInstance).compareAndSet(queued, queued.submitting(NOW))
                        .map(won -> true)
                        .onErrorResume(RenderConflictException.class, lost -> Mono.just(false)))
                .collectList().block();

        assertThat(outcomes).containsOnlyOnce(true);
        assertThat(store.find("r_1").block().status()).isEqualTo(RenderStatus.SUBMITTING);
    }

    @Test
    void refusesAStaleWriterAndASecondRenderWithTheSameId() {
        Render original = store.insert(render("r_1", "acme")).block();
        store.compareAndSet(original, original.submitting(NOW)).block();

        StepVerifier.create(otherInstance.compareAndSet(original, original.cancelled(NOW)))
                .expectError(RenderConflictException.class)
                .verify();
        StepVerifier.create(otherInstance.insert(render("r_1", "zeta")))
                .expectError(RenderConflictException.class)
                .verify();
    }

    @Test
    void showsATenantOnlyItsOwnRendersNewestFirstInPages() {
        for (int i = 1; i <= 5; i++) {
            store.insert(render("r_" + i, "acme")).block();
        }
        store.insert(render("r_other", "zeta")).block();

        assertThat(store.findOwned("zeta", "r_1").blockOptional()).isEmpty();
        assertThat(store.list("acme", null, null, 2).map(Render::id).collectList().block())
                .containsExactly("r_5", "r_4");
        assertThat(otherInstance.list("acme", null, "r_4", 2).map(Render::id).collectList().block())
                .containsExactly("r_3", "r_2");
        assertThat(store.list("acme", RenderStatus.DONE, null, 10).collectList().block()).isEmpty();
    }

    @Test
    void pagesThroughMoreRendersThanOneRedisPage() {
        Flux.range(1, 250).concatMap(i -> store.insert(render("r_%03d".formatted(i), "acme"))).blockLast();

        List<String> ids = store.list("acme", null, "r_200", 500).map(Render::id).collectList().block();

        assertThat(ids).hasSize(199).startsWith("r_199").endsWith("r_001");
    }

    @Test
    void tracksUnfinishedRendersAndLetsFinishedOnesExpire() {
        Render first = store.insert(render("r_1", "acme")).block();
        store.insert(render("r_2", "acme")).block();
        store.compareAndSet(first, first.failed(RenderStatus.ERROR, new RenderError("x", "y"), NOW)).block();

        assertThat(otherInstance.findUnfinished().map(Render::id).collectList().block()).containsExactly("r_2");
        long ttl = Long.parseLong(redis.process().cli("PTTL", "rg:render:r_1").trim());
        assertThat(ttl).isPositive();
        assertThat(redis.process().cli("PTTL", "rg:render:r_2").trim()).isEqualTo("-1");
    }

    private static Render render(String id, String tenant) {
        return Render.queued(id, tenant, new RenderRequest(Movies.hello(), null, null), NOW);
    }
}
