package dev.rendergateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxCountersTest {
    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
    private final SandboxCounters counters = new SandboxCounters(clock);

    private void requestsAt(long... millisSinceStart) {
        long previous = 0;
        for (long at : millisSinceStart) {
            clock.advance(Duration.ofMillis(at - previous));
            previous = at;
            counters.recordRequest("GET");
        }
    }

    @Test
    void findsTheBusiestWindowEvenWhenItStraddlesASecondBoundary() {
        requestsAt(100, 700, 1_100, 1_200, 1_300, 2_500);

        assertThat(counters.maxRequestsInAnyWindow(Duration.ofSeconds(1))).isEqualTo(4);
        assertThat(counters.maxRequestsInAnyWindow(Duration.ofMillis(200))).isEqualTo(2);
        assertThat(counters.maxRequestsInAnyWindow(Duration.ofSeconds(10))).isEqualTo(6);
    }

    @Test
    void treatsTheWindowAsHalfOpen() {
        requestsAt(0, 1_000);

        assertThat(counters.maxRequestsInAnyWindow(Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(counters.maxRequestsInAnyWindow(Duration.ofMillis(1_001))).isEqualTo(2);
    }

    @Test
    void countsRequestsByMethodAndForgetsThemOnReset() {
        counters.recordRequest("POST");
        counters.recordRequest("GET");
        counters.recordRequest("GET");
        counters.recordRenderCreated();
        counters.recordRejected429();

        assertThat(counters.posts()).isEqualTo(1);
        assertThat(counters.gets()).isEqualTo(2);
        assertThat(counters.rendersCreated()).isEqualTo(1);
        assertThat(counters.rejected429()).isEqualTo(1);
        assertThat(counters.requestTimes()).hasSize(3);

        counters.reset();
        assertThat(counters.posts() + counters.gets() + counters.rendersCreated() + counters.rejected429()).isZero();
        assertThat(counters.requestTimes()).isEmpty();
        assertThat(counters.maxRequestsInAnyWindow(Duration.ofSeconds(1))).isZero();
    }
}
