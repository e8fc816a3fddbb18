package dev.rendergateway.core.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.time.SchedulerClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Delivery of callers' webhooks in virtual time: Standard Webhooks signatures, the retry schedule with jitter,
 * Retry-After, 410, timeouts, secret rotation, resumption from the store and the SSRF re-check.
 */
class WebhookDeliveryTest {

    private static final String URL = "https://hooks.example.com/render-done";
    private static final String PAYLOAD = "{\"type\":\"render.done\",\"data\":{\"id\":\"r_1\"}}";

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final SchedulerClock clock = new SchedulerClock(time);
    private final InMemoryDeliveryStore store = new InMemoryDeliveryStore();
    private final InMemoryWebhookSecrets secrets = new InMemoryWebhookSecrets(clock, Duration.ofHours(24));
    private final ScriptedReceiver receiver = new ScriptedReceiver(clock);
    private final AtomicReference<String> resolvesTo = new AtomicReference<>("93.184.216.34");
    private final WebhookTargets targets = new WebhookTargets(host -> Mono.just(List.of(address(resolvesTo.get()))),
            false);
    private WebhookDispatcher dispatcher;
    private Instant start;

    @BeforeEach
    void startAtARealisticTime() {
        time.advanceTimeTo(Instant.parse("2025-06-01T12:00:00Z"));
        start = clock.instant();
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.dispose();
        }
        time.dispose();
    }

    private void startDispatcher(DeliveryConfig config) {
        dispatcher = new WebhookDispatcher(store, secrets, targets, receiver, config, time).start();
    }

    private Delivery enqueue() {
        return dispatcher.enqueue(Delivery.pending("msg_r_1_done", "r_1", "acme", URL, "render.done", PAYLOAD,
                clock.instant())).block();
    }

    private Delivery stored() {
        return store.find("msg_r_1_done").block();
    }

    private List<Long> attemptOffsetsInSeconds() {
        return receiver.requests().stream().map(r -> Duration.between(start, r.at()).toSeconds()).toList();
    }

    @Test
    void signsEachDeliveryPerStandardWebhooks() throws Exception {
        startDispatcher(DeliveryConfig.defaults());
        enqueue();

        assertThat(receiver.requests()).singleElement().satisfies(request -> {
            assertThat(request.body()).isEqualTo(PAYLOAD);
            assertThat(request.headers()).containsEntry("webhook-id", "msg_r_1_done")
                    .containsEntry("webhook-timestamp", Long.toString(start.getEpochSecond()));
            String secret = secrets.current("acme").block().get(0).secret();
            assertThat(secret).startsWith("whsec_");
            assertThat(request.headers().get("webhook-signature"))
                    .isEqualTo("v1," + hmac(secret, "msg_r_1_done." + start.getEpochSecond() + "." + PAYLOAD));
        });
        assertThat(stored().state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(stored().attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.statusCode()).isEqualTo(204);
            assertThat(attempt.outcome()).isEqualTo("delivered");
            assertThat(attempt.at()).isEqualTo(start);
        });
    }

    @Test
    void retriesOnTheScheduleUntilItGivesUp() {
        receiver.always(500);
        startDispatcher(DeliveryConfig.defaults().withJitter(0));
        enqueue();

        time.advanceTimeBy(Duration.ofHours(3));

        assertThat(attemptOffsetsInSeconds()).containsExactly(0L, 5L, 35L, 155L, 755L, 2555L, 6155L);
        assertThat(stored().state()).isEqualTo(DeliveryState.FAILED);
        assertThat(stored().nextAttemptAt()).isNull();
        assertThat(stored().attempts()).extracting(DeliveryAttempt::outcome)
                .containsExactly("retry", "retry", "retry", "retry", "retry", "retry", "failed");
        assertThat(stored().attempts()).extracting(DeliveryAttempt::statusCode).containsOnly(500);
    }

    @Test
    void retriesAfterAFailureAndStopsOnceDelivered() {
        receiver.answer(500, null);
        startDispatcher(DeliveryConfig.defaults().withJitter(0));
        enqueue();
        assertThat(stored().nextAttemptAt()).isEqualTo(start.plusSeconds(5));

        time.advanceTimeBy(Duration.ofHours(2));

        assertThat(attemptOffsetsInSeconds()).containsExactly(0L, 5L);
        assertThat(stored().state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(receiver.requests().get(1).headers().get("webhook-id"))
                .as("the same message id on every attempt").isEqualTo("msg_r_1_done");
        assertThat(receiver.requests().get(1).headers().get("webhook-timestamp"))
                .isEqualTo(Long.toString(start.getEpochSecond() + 5));
    }

    @Test
    void variesEachWaitByAtMostTwentyPercent() {
        receiver.answer(500, null);
        startDispatcher(DeliveryConfig.defaults());
        enqueue();

        time.advanceTimeBy(Duration.ofMillis(3_999));
        assertThat(receiver.requests()).hasSize(1);
        time.advanceTimeBy(Duration.ofMillis(2_002));
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void waitsAsLongAsTheReceiversRetryAfterAsks() {
        receiver.answer(503, "120");
        startDispatcher(DeliveryConfig.defaults().withJitter(0));
        enqueue();

        time.advanceTimeBy(Duration.ofSeconds(119));
        assertThat(receiver.requests()).hasSize(1);
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(attemptOffsetsInSeconds()).containsExactly(0L, 120L);
        assertThat(stored().state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void stopsForGoodWhenTheReceiverAnswers410() {
        receiver.answer(410, null);
        startDispatcher(DeliveryConfig.defaults().withJitter(0));
        enqueue();

        time.advanceTimeBy(Duration.ofHours(3));

        assertThat(receiver.requests()).hasSize(1);
        assertThat(stored().state()).isEqualTo(DeliveryState.DISABLED);
        assertThat(stored().attempts()).singleElement()
                .satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo("disabled"));
    }

    @Test
    void recordsAnUnansweredAttemptAsTimedOutAndRetries() {
        receiver.answerNothing();
        startDispatcher(DeliveryConfig.defaults().withJitter(0));
        enqueue();

        time.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(stored().attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.statusCode()).isNull();
            assertThat(attempt.error()).isEqualTo("no answer within 10 s");
            assertThat(attempt.durationMillis()).isEqualTo(10_000);
        });
        time.advanceTimeBy(Duration.ofSeconds(5));

        assertThat(attemptOffsetsInSeconds()).containsExactly(0L, 15L);
        assertThat(stored().state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void signsWithBothSecretsDuringARotationAndWithTheNewOneAfterIt() throws Exception {
        String old = secrets.current("acme").block().get(0).secret();
        List<WebhookSecret> rotated = secrets.rotate("acme").block();
        startDispatcher(DeliveryConfig.defaults());
        enqueue();

        assertThat(rotated).hasSize(2);
        assertThat(rotated.get(1).secret()).isEqualTo(old);
        assertThat(rotated.get(1).expiresAt()).isEqualTo(start.plus(Duration.ofHours(24)));
        String signed = "msg_r_1_done." + start.getEpochSecond() + "." + PAYLOAD;
        assertThat(receiver.requests().get(0).headers().get("webhook-signature"))
                .isEqualTo("v1," + hmac(rotated.get(0).secret(), signed) + " v1," + hmac(old, signed));

        time.advanceTimeBy(Duration.ofHours(24));
        assertThat(secrets.current("acme").block()).extracting(WebhookSecret::secret)
                .containsExactly(rotated.get(0).secret());
    }

    @Test
    void resumesThePendingDeliveriesTheStoreHoldsWhenItStarts() {
        store.insert(new Delivery("msg_r_1_done", "r_1", "acme", URL, "render.done", PAYLOAD, start,
                DeliveryState.PENDING, List.of(), start.plusSeconds(30), null)).block();
        startDispatcher(DeliveryConfig.defaults());

        time.advanceTimeBy(Duration.ofSeconds(29));
        assertThat(receiver.requests()).isEmpty();
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(attemptOffsetsInSeconds()).containsExactly(30L);
    }

    @Test
    void refusesToDeliverOnceTheNameResolvesToAPrivateAddress() {
        resolvesTo.set("169.254.169.254");
        startDispatcher(DeliveryConfig.defaults());
        enqueue();

        time.advanceTimeBy(Duration.ofHours(3));

        assertThat(receiver.requests()).isEmpty();
        assertThat(stored().state()).isEqualTo(DeliveryState.REFUSED);
        assertThat(stored().attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo("refused");
            assertThat(attempt.error()).contains("link-local");
        });
    }

    @Test
    void connectsToTheAddressItVetted() {
        startDispatcher(DeliveryConfig.defaults());
        enqueue();

        VettedTarget target = receiver.requests().get(0).target();
        assertThat(target.address().getAddress().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(target.uri().toString()).isEqualTo(URL);
    }

    private static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
