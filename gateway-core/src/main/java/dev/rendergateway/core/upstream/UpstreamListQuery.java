package dev.rendergateway.core.upstream;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One request of the upstream's list mode ({@code GET /v2/movies} without a project): movies created on the UTC
 * days {@code from} to {@code to}, at most {@code limit} (1–100) per page, after the cursor {@code nextToken}.
 */
public record UpstreamListQuery(LocalDate from, LocalDate to, int limit, String nextToken) {

    /** The widest span the upstream accepts between {@code from} and {@code to}. */
    public static final int MAX_DAYS = 93;

    /** Validates the query as the upstream would. */
    public UpstreamListQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
            throw new IllegalArgumentException("from and to must be in order and at most " + MAX_DAYS + " days apart");
        }
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be between 1 and 100: " + limit);
        }
    }

    /** The page after {@code page}, or null when it was the last. */
    public UpstreamListQuery next(UpstreamMoviePage page) {
        return page.nextToken() == null ? null : new UpstreamListQuery(from, to, limit, page.nextToken());
    }
}
