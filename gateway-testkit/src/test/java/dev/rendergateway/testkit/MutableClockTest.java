package dev.rendergateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A MutableClock stands still until a spec moves it. */
class MutableClockTest {

    @Test
    void standsStillUntilAdvanced() {
        MutableClock clock = MutableClock.at("2025-05-28T22:00:00Z");

        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-05-28T22:00:00Z"));
        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-05-28T22:01:30Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }
}
