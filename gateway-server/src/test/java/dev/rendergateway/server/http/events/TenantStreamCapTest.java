package dev.rendergateway.server.http.events;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static dev.rendergateway.server.support.TestGateway.ZETA_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.SseWatch;
import dev.rendergateway.server.support.TestGateway;
import dev.rendergateway.testkit.Eventually;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.Disposables;

/** One tenant's clients cannot hold more event streams than GATEWAY_TENANT_MAX_STREAMS; other tenants are unaffected. */
class TenantStreamCapTest {

    @Test
    void refusesATenantsStreamPastItsCapWith429AndServesAnotherTenant() {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_TENANT_MAX_STREAMS", "2"))) {
            SseWatch watch = new SseWatch(env.port());
            Disposable.Composite open = Disposables.composite();
            open.add(watch.events("/v1/events", GatewayClient.bearer(ACME_KEY)).subscribe());
            open.add(watch.events("/v1/events", GatewayClient.bearer(ACME_KEY)).subscribe());
            Eventually.await("two streams open", Duration.ofSeconds(5),
                    () -> env.gateway().streamStats().openStreams() == 2);
            try {
                Reply third = env.client().get("/v1/events", ACME_KEY);
                open.add(watch.events("/v1/events", GatewayClient.bearer(ZETA_KEY)).subscribe());

                assertThat(third.status()).isEqualTo(429);
                assertThat(third.header("Content-Type")).isEqualTo("application/problem+json");
                assertThat(third.header("Retry-After")).isNotNull();
                assertThat(third.json().path("type").asText()).isEqualTo("/problems/too-many-streams");
                Eventually.await("the other tenant's stream open", Duration.ofSeconds(5),
                        () -> env.gateway().streamStats().openStreams() == 3);
            } finally {
                open.dispose();
            }
        }
    }
}
