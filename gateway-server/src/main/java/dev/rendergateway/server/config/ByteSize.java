package dev.rendergateway.server.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes of the configuration: bytes, or a number with {@code KiB}, {@code MiB}, {@code GiB} (also {@code KB}, {@code MB}). */
public final class ByteSize {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB|KB|MB|GB|k|m)?",
            Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /** The number of bytes {@code text} denotes; {@link ConfigException} naming {@code variable} otherwise. */
    public static long parse(String variable, String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(variable + "='" + text + "' is not a size: use bytes or KiB/MiB/GiB, e.g. 1MiB");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        long factor = switch (unit) {
            case "kib", "kb", "k" -> 1024L;
            case "mib", "mb", "m" -> 1024L * 1024;
            case "gib", "gb" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(amount, factor);
        } catch (ArithmeticException e) {
            throw new ConfigException(variable + "='" + text + "' is too large a size");
        }
    }
}
