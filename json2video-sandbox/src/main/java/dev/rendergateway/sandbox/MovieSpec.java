package dev.rendergateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.common.text.DurationText;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts the sandbox reads from a submitted movie: its video length, frame size, client data and the
 * {@code sandbox:} directives of its top-level {@code comment}, and the webhooks to call when it ends.
 */
record MovieSpec(
        double duration,
        int width,
        int height,
        JsonNode clientData,
        boolean failRequested,
        Optional<Duration> renderTime,
        java.util.List<WebhookDestination> webhooks) {

    static final double DEFAULT_DURATION = 5.0;
    private static final Pattern RENDER_TIME = Pattern.compile("sandbox:render-time=(\\d{1,12}(?:ms|s))");
    private static final Map<String, int[]> RESOLUTIONS = Map.of(
            "sd", new int[] {640, 360},
            "hd", new int[] {1280, 720},
            "full-hd", new int[] {1920, 1080},
            "squared", new int[] {1080, 1080},
            "instagram-story", new int[] {1080, 1920},
            "instagram-feed", new int[] {1080, 1080},
            "twitter-landscape", new int[] {1280, 720},
            "twitter-portrait", new int[] {720, 900});

    /** Reads a movie object; anything missing or malformed falls back to a default. */
    static MovieSpec of(JsonNode movie) {
        String comment = movie.path("comment").isTextual() ? movie.path("comment").asText() : "";
        int[] size = frameSize(movie);
        JsonNode clientData = movie.has("client-data") ? movie.get("client-data").deepCopy() : null;
        return new MovieSpec(videoLength(movie), size[0], size[1], clientData,
                comment.contains("sandbox:error"), renderTimeDirective(comment), WebhookDestination.of(movie));
    }

    private static Optional<Duration> renderTimeDirective(String comment) {
        Matcher matcher = RENDER_TIME.matcher(comment);
        return matcher.find() ? Optional.of(DurationText.parse("sandbox:render-time", matcher.group(1))) : Optional.empty();
    }

    private static int[] frameSize(JsonNode movie) {
        int width = movie.path("width").asInt(0);
        int height = movie.path("height").asInt(0);
        if (width > 0 && height > 0) {
            return new int[] {width, height};
        }
        String resolution = movie.path("resolution").asText("full-hd").toLowerCase(Locale.ROOT);
        return RESOLUTIONS.getOrDefault(resolution, RESOLUTIONS.get("full-hd")).clone();
    }

    /** Sum over scenes of the scene's own duration, or else its longest element; movie elements can extend it. */
    private static double videoLength(JsonNode movie) {
        double total = 0;
        for (JsonNode scene : movie.path("scenes")) {
            double own = scene.path("duration").asDouble(0);
            total += own > 0 ? own : longestElement(scene);
        }
        total = Math.max(total, longestElement(movie));
        return total > 0 ? total : DEFAULT_DURATION;
    }

    private static double longestElement(JsonNode holder) {
        double longest = 0;
        for (JsonNode element : holder.path("elements")) {
            longest = Math.max(longest, element.path("duration").asDouble(0));
        }
        return longest;
    }
}
