package dev.rendergateway.core.upstream;

import java.util.List;

/** One page of the upstream's list mode: its movies, newest first, and the cursor of the next page (null on the last). */
public record UpstreamMoviePage(List<UpstreamMovie> movies, String nextToken) {

    /** Copies the list. */
    public UpstreamMoviePage {
        movies = List.copyOf(movies);
    }
}
