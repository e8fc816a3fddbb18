package dev.rendergateway.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.testing.RedisServer;
import dev.rendergateway.core.webhooks.Delivery;
import dev.rendergateway.core.webhooks.DeliveryConfig;
import dev.rendergateway.core.webhooks.DeliveryState;
import dev.rendergateway.core.webhooks.HostResolver;
import dev.rendergateway.core.webhooks.ReactorNettyWebhookTransport;
import dev.rendergateway.redis.webhooks.RedisDeliveryStore;
import dev.rendergateway.redis.webhooks.RedisWebhookSecrets;
import dev.rendergateway.core.webhooks.WebhookDispatcher;
import dev.rendergateway.core.webhooks.WebhookSecret;
import dev.rendergateway.core.webhooks.WebhookTargets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Two instances' webhook parts on one real redis-server: two dispatchers resuming the same pending deliveries
 * attempt each once (the claim), and two secret stores used at once for a new tenant mint one first secret.
 */
class TwoDispatchersOnRedisIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final int DELIVERIES = 20;
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private RedisConnection connect() {
        RedisConnection connection = redis.connect();
        resources.add(connection);
        return connection;
    }

    private WebhookDispatcher dispatcher(RedisConnection connection, String instance) {
        ReactorNettyWebhookTransport transport = new ReactorNettyWebhookTransport(Duration.ofSeconds(5),
                Duration.ofSeconds(10), 16);
        WebhookDispatcher dispatcher = new WebhookDispatcher(new RedisDeliveryStore(connection, instance),
                new RedisWebhookSecrets(connection, Clock.systemUTC(), Duration.ofHours(24)),
                new WebhookTargets(HostResolver.system(), true), transport, DeliveryConfig.defaults(),
                Schedulers.parallel());
        resources.add(transport::dispose);
        resources.add(dispatcher::dispose);
        return dispatcher;
    }

    @Test
    void twoDispatchersOnOneRedisDeliverEachPendingDeliveryOnce() {
        try (Receiver receiver = new Receiver()) {
            RedisDeliveryStore store = new RedisDeliveryStore(connect(), "test");
            List<String> ids = IntStream.range(0, DELIVERIES).mapToObj(i -> "msg_r_" + i + "_done").toList();
            ids.forEach(id -> store.insert(Delivery.pending(id, id.substring(4, id.length() - 5), "acme",
                    receiver.url("/done"), "render.done", "{}", Instant.now())).block());
            WebhookDispatcher one = dispatcher(connect(), "one");
            WebhookDispatcher two = dispatcher(connect(), "two");

            one.start();
            two.start();

            List<Receiver.Received> requests = receiver.await(DELIVERIES, WAIT);
            assertThat(requests.stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(ids);
            List<Delivery> stored = Flux.fromIterable(ids).concatMap(store::find)
                    .filter(delivery -> delivery.state() == DeliveryState.DELIVERED)
                    .collectList().filter(all -> all.size() == DELIVERIES)
                    .repeatWhenEmpty(500, repeat -> repeat.delayElements(Duration.ofMillis(20)))
                    .block(WAIT);
            assertThat(stored).allSatisfy(delivery -> assertThat(delivery.attempts()).hasSize(1));
            assertThat(store.pending().collectList().block()).isEmpty();
            assertThatThrownBy(() -> receiver.await(DELIVERIES + 1, Duration.ofMillis(500)))
                    .as("no delivery is attempted a second time").isInstanceOf(IllegalStateException.class);
            assertThat(receiver.count()).isEqualTo(DELIVERIES);
        }
    }

    @Test
    void twoInstancesUsingANewTenantAtOnceMintOneFirstSecret() {
        RedisWebhookSecrets a = new RedisWebhookSecrets(connect(), Clock.systemUTC(), Duration.ofHours(24));
        RedisWebhookSecrets b = new RedisWebhookSecrets(connect(), Clock.systemUTC(), Duration.ofHours(24));

        Set<String> minted = Flux.range(0, 40)
                .flatMap(i -> (i % 2 == 0 ? a : b).current("newcomer"))
                .map(valid -> valid.get(0).secret())
                .collect(Collectors.toSet())
                .block(WAIT);

        assertThat(minted).hasSize(1);
        List<WebhookSecret> afterRotation = a.rotate("newcomer").block(WAIT);
        List<WebhookSecret> seenByB = b.current("newcomer").block(WAIT);
        assertThat(seenByB).extracting(WebhookSecret::secret)
                .containsExactly(afterRotation.get(0).secret(), minted.iterator().next());
        assertThat(seenByB.get(1).expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(seenByB.toString()).doesNotContain(minted.iterator().next());
    }
}
