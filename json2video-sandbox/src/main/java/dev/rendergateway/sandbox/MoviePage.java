package dev.rendergateway.sandbox;

import java.util.List;

/** One page of list mode: the movies, newest first, the cursor of the next page (null on the last), and whether a page came before. */
public record MoviePage(List<MovieState> movies, Long nextToken, boolean hasPrevious) {

    /** Copies the list. */
    public MoviePage {
        movies = List.copyOf(movies);
    }

    /** Whether another page follows. */
    public boolean hasNext() {
        return nextToken != null;
    }
}
