package dev.rendergateway.sandbox;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The parameters of list mode, validated as the upstream does: dates at most 93 days apart, limit 1–100. */
record ListQuery(LocalDate from, LocalDate to, int limit, Long after) {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_DAYS = 93;

    /** Reads {@code from}, {@code to}, {@code limit} and {@code next_token}; throws with the upstream's message. */
    static ListQuery parse(Map<String, List<String>> query, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate to = date(query, "to", today);
        LocalDate from = date(query, "from", to);
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
            throw new IllegalArgumentException("from and to must be in order and at most " + MAX_DAYS + " days apart");
        }
        int limit = number(query, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be between 1 and 100");
        }
        String token = value(query, "next_token");
        Long after = token == null ? null : (long) number(query, "next_token", 0);
        return new ListQuery(from, to, limit, after);
    }

    private static LocalDate date(Map<String, List<String>> query, String name, LocalDate fallback) {
        String text = value(query, name);
        try {
            return text == null ? fallback : LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date (YYYY-MM-DD)");
        }
    }

    private static int number(Map<String, List<String>> query, String name, int fallback) {
        String text = value(query, name);
        try {
            return text == null ? fallback : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    private static String value(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }
}
