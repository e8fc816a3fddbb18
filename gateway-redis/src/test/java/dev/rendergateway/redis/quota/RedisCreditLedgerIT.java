package dev.rendergateway.redis.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.core.quota.DailyUsage;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.testing.RedisServer;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/** The Redis ledger against a real redis-server: two instances book into, and read, one sum per tenant and day. */
class RedisCreditLedgerIT {

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    private static final LocalDate DAY = LocalDate.parse("2025-05-28");

    private RedisConnection connectionA;
    private RedisConnection connectionB;
    private RedisCreditLedger instanceA;
    private RedisCreditLedger instanceB;

    @BeforeEach
    void connect() {
        connectionA = redis.connect();
        connectionB = redis.connect();
        instanceA = new RedisCreditLedger(connectionA);
        instanceB = new RedisCreditLedger(connectionB);
    }

    @AfterEach
    void close() {
        connectionA.close();
        connectionB.close();
    }

    @Test
    void twoInstancesBookingAtOnceSeeOneSum() {
        Flux.range(0, 50)
                .flatMap(i -> (i % 2 == 0 ? instanceA : instanceB)
                        .recordFinished("acme", DAY, RenderStatus.DONE, 1.5), 16)
                .blockLast();
        instanceA.recordAccepted("acme", DAY).block();
        instanceB.recordFinished("acme", DAY, RenderStatus.ERROR, 0).block();

        DailyUsage seenByA = instanceA.usage("acme", DAY).block();
        DailyUsage seenByB = instanceB.usage("acme", DAY).block();

        assertThat(seenByA).isEqualTo(seenByB);
        assertThat(seenByA.credits()).isEqualTo(75.0);
        assertThat(seenByA.renders()).containsEntry("done", 50L).containsEntry("error", 1L)
                .containsEntry("accepted", 1L).containsEntry("timeout", 0L);
    }

    @Test
    void tenantsAndDaysAreKeptApartAndADayExpires() {
        instanceA.recordFinished("acme", DAY, RenderStatus.DONE, 4).block();
        instanceA.recordFinished("zeta", DAY, RenderStatus.DONE, 7).block();
        instanceA.recordFinished("acme", DAY.plusDays(1), RenderStatus.DONE, 1).block();

        assertThat(instanceB.usage("acme", DAY).block().credits()).isEqualTo(4.0);
        assertThat(instanceB.usage("zeta", DAY).block().credits()).isEqualTo(7.0);
        assertThat(instanceB.usage("acme", DAY.plusDays(1)).block().credits()).isEqualTo(1.0);
        assertThat(instanceB.usage("acme", DAY.minusDays(1)).block()).isEqualTo(DailyUsage.none());
        Long ttl = connectionA.commands().pttl(connectionA.keys().usage("acme", DAY.toString())).block();
        assertThat(Duration.ofMillis(ttl)).isBetween(RedisCreditLedger.RETENTION.minusMinutes(1),
                RedisCreditLedger.RETENTION);
    }
}
