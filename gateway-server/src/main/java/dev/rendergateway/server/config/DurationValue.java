package dev.rendergateway.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations of the configuration: a whole number with a unit, {@code 250ms}, {@code 5s}, {@code 1m}, {@code 2h}. */
public final class DurationValue {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private DurationValue() {
    }

    /** The duration {@code text} denotes; {@link ConfigException} naming {@code variable} otherwise. */
    public static Duration parse(String variable, String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(variable + "='" + text
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
