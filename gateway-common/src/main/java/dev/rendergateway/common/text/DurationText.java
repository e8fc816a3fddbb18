package dev.rendergateway.common.text;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration: a whole number and a unit, {@code 250ms}, {@code 5s}, {@code 1m},
 * {@code 2h}, {@code 1d}. A bare number is refused: nobody should have to guess whether {@code 5} means seconds.
 */
public final class DurationText {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * The duration {@code text} denotes; otherwise an {@link IllegalArgumentException} whose message names
     * {@code name} (a variable, a field) and the text, and shows the format.
     */
    public static Duration parse(String name, String text) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + "='" + text
                    + "' is not a duration: use a whole number with ms, s, m, h or d, e.g. 250ms, 5s, 1m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
