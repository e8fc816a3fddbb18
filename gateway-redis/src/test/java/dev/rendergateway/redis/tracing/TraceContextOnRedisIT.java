package dev.rendergateway.redis.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.tracing.TraceContext;
import dev.rendergateway.core.webhooks.Delivery;
import dev.rendergateway.redis.DeliveryCodec;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RenderCodec;
import dev.rendergateway.redis.store.RedisRenderStore;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.redis.webhooks.RedisDeliveryStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Renders and deliveries keep the trace context of the request that caused them in Redis, so that another
 * instance continues that trace; records written before traces were kept still read, with none.
 */
class TraceContextOnRedisIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final TraceContext TRACE = new TraceContext(
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "vendor=opaque");

    private RedisConnection connectionA;
    private RedisConnection connectionB;

    @BeforeEach
    void connect() {
        connectionA = redis.connect();
        connectionB = redis.connect();
    }

    @AfterEach
    void close() {
        connectionA.close();
        connectionB.close();
    }

    @Test
    void anotherInstanceReadsTheRenderWithItsTraceContextThroughEveryChange() {
        RedisRenderStore store = new RedisRenderStore(connectionA);
        Render stored = store.insert(render("r_traced").withTrace(TRACE)).block();

        Render submitting = store.compareAndSet(stored, stored.submitting(NOW)).block();
        Render seenElsewhere = new RedisRenderStore(connectionB).find("r_traced").block();

        assertThat(submitting.trace()).isEqualTo(TRACE);
        assertThat(seenElsewhere).isEqualTo(submitting);
        assertThat(seenElsewhere.trace().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aRenderWrittenBeforeTracesWereKeptReadsBackWithoutOne() {
        // Absent fields are not written: a render without a trace is encoded as the records of before.
        String legacy = new RenderCodec().encode(render("r_legacy"));
        assertThat(legacy).doesNotContain("trace");
        connectionA.commands().hset(connectionA.keys().render("r_legacy"), "json", legacy).block();

        Render read = new RedisRenderStore(connectionB).find("r_legacy").block();

        assertThat(read.id()).isEqualTo("r_legacy");
        assertThat(read.trace()).isNull();
    }

    @Test
    void aDeliveryKeepsItsTraceContextAndOneWrittenBeforeReadsBackWithoutOne() {
        Delivery traced = Delivery.pending("msg_r_1_done", "r_1", "acme", "https://hooks.example/", "render.done",
                "{}", NOW).withTrace(TRACE);
        new RedisDeliveryStore(connectionA, "instance-a").insert(traced).block();
        String legacy = new DeliveryCodec().encode(Delivery.pending("msg_legacy", "r_2", "acme",
                "https://hooks.example/", "render.done", "{}", NOW));
        assertThat(legacy).doesNotContain("trace");
        connectionA.commands().set(connectionA.keys().delivery("msg_legacy"), legacy).block();

        RedisDeliveryStore elsewhere = new RedisDeliveryStore(connectionB, "instance-b");

        assertThat(elsewhere.find("msg_r_1_done").block().trace()).isEqualTo(TRACE);
        assertThat(elsewhere.find("msg_legacy").block().trace()).isNull();
    }

    private static Render render(String id) {
        return Render.queued(id, "acme", new RenderRequest(Movies.hello(), null, null), NOW);
    }
}
