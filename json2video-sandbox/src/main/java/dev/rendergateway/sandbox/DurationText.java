package dev.rendergateway.sandbox;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations written as {@code 500ms} or {@code 3s} (a bare number means seconds). */
final class DurationText {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*(ms|s)?");

    private DurationText() {}

    /** Parses the text, or throws {@link IllegalArgumentException}. */
    static Duration parse(String text) {
        Matcher matcher = FORMAT.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration like 500ms or 3s: " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
    }
}
