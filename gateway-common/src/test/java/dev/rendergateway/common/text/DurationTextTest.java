package dev.rendergateway.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations are a whole number and a unit; anything else is refused naming the setting and the text. */
class DurationTextTest {

    @Test
    void readsEveryUnitWithOrWithoutASpaceAndInAnyCase() {
        assertThat(DurationText.parse("x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse("x", " 5 s ")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DurationText.parse("x", "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationText.parse("x", "2H")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationText.parse("x", "1d")).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "soon", "-1s", "1.5s", "5 seconds", "", "9999999999s"})
    void refusesAnythingElseNamingTheSettingAndTheText(String text) {
        assertThatThrownBy(() -> DurationText.parse("GATEWAY_DRAIN_TIMEOUT", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GATEWAY_DRAIN_TIMEOUT='" + text
                        + "' is not a duration: use a whole number with ms, s, m, h or d, e.g. 250ms, 5s, 1m");
    }
}
