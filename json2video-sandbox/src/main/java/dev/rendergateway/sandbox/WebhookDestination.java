package dev.rendergateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One {@code {"type":"webhook","endpoint":URL}} destination of a movie's exports, as JSON2Video reads it. */
public record WebhookDestination(String endpoint, boolean urlencoded) {

    /** Every webhook destination of every export of the movie, in order; malformed entries are skipped. */
    static List<WebhookDestination> of(JsonNode movie) {
        List<WebhookDestination> found = new ArrayList<>();
        for (JsonNode export : movie.path("exports")) {
            for (JsonNode destination : export.path("destinations")) {
                if ("webhook".equals(destination.path("type").asText())
                        && destination.path("endpoint").isTextual()) {
                    found.add(new WebhookDestination(destination.get("endpoint").asText(),
                            "urlencoded".equals(destination.path("content-type").asText())));
                }
            }
        }
        return List.copyOf(found);
    }
}
