package dev.rendergateway.core.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.testing.Movies;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The write that ends a render with a webhook enqueues its one delivery, with the render as the API shows it. */
class WebhookOutboxTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
    private final ScriptedReceiver receiver = new ScriptedReceiver(new SchedulerClock(time));
    private final WebhookDispatcher dispatcher = new WebhookDispatcher(deliveries,
            new InMemoryWebhookSecrets(new SchedulerClock(time), Duration.ofHours(24)),
            new WebhookTargets(host -> Mono.fromCallable(() -> List.of(InetAddress.getByName("93.184.216.34"))), false),
            receiver, DeliveryConfig.defaults(), time).start();
    private final InMemoryRenderStore renders = new InMemoryRenderStore();
    private final WebhookOutbox outbox = new WebhookOutbox(renders, dispatcher,
            new DeliveryPayloads(MAPPER, render -> MAPPER.createObjectNode().put("id", render.id())
                    .put("status", render.status().wireName())), time);

    @AfterEach
    void stop() {
        dispatcher.dispose();
        time.dispose();
    }

    private Render insert(String webhook) {
        return outbox.insert(Render.queued("r_1", "acme", new RenderRequest(Movies.hello(), null, webhook),
                Instant.EPOCH)).block();
    }

    @Test
    void enqueuesOneDeliveryWhenARenderWithAWebhookEnds() throws Exception {
        Render queued = insert("https://hooks.example.com/x");
        Render running = outbox.compareAndSet(queued, queued.running("P1", Instant.EPOCH)).block();
        assertThat(deliveries.ofRender("r_1").collectList().block()).as("nothing while it runs").isEmpty();

        Render done = outbox.compareAndSet(running, running.done("https://v/movie.mp4", null, 5.0,
                Instant.EPOCH)).block();
        outbox.compareAndSet(done, done.progressed(100, Instant.EPOCH)).block();

        List<Delivery> enqueued = deliveries.ofRender("r_1").collectList().block();
        assertThat(enqueued).singleElement().satisfies(delivery -> {
            assertThat(delivery.id()).isEqualTo("msg_r_1_done");
            assertThat(delivery.type()).isEqualTo("render.done");
            assertThat(delivery.url()).isEqualTo("https://hooks.example.com/x");
            assertThat(delivery.tenant()).isEqualTo("acme");
        });
        JsonNode payload = MAPPER.readTree(enqueued.get(0).payload());
        assertThat(payload.path("type").asText()).isEqualTo("render.done");
        assertThat(payload.path("timestamp").asText()).isNotBlank();
        assertThat(payload.path("data").path("status").asText()).isEqualTo("done");
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void announcesACancelledRenderToo() {
        Render queued = insert("https://hooks.example.com/x");

        outbox.compareAndSet(queued, queued.cancelled(Instant.EPOCH)).block();

        assertThat(deliveries.ofRender("r_1").collectList().block()).extracting(Delivery::type)
                .containsExactly("render.cancelled");
    }

    @Test
    void enqueuesNothingForARenderWithoutAWebhook() {
        Render queued = insert(null);

        outbox.compareAndSet(queued, queued.cancelled(Instant.EPOCH)).block();

        assertThat(deliveries.pending().collectList().block()).isEmpty();
        assertThat(deliveries.ofRender("r_1").collectList().block()).isEmpty();
    }
}
