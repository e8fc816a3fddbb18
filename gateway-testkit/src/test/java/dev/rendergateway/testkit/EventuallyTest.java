package dev.rendergateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Eventually returns as soon as its condition holds, and names what never held. */
class EventuallyTest {

    @Test
    void returnsOnceTheConditionHoldsCheckingItOnTheCallingThread() {
        AtomicInteger checks = new AtomicInteger();
        Thread caller = Thread.currentThread();

        Eventually.await("the third check", Duration.ofSeconds(5),
                () -> Thread.currentThread() == caller && checks.incrementAndGet() == 3);

        assertThat(checks).hasValue(3);
    }

    @Test
    void failsNamingWhatDidNotHappenInTime() {
        assertThatThrownBy(() -> Eventually.await("the moon turns green", Duration.ofMillis(50), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("not within PT0.05S: the moon turns green");
    }
}
