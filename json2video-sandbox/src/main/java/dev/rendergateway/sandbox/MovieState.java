package dev.rendergateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * What a status answer shows about one render at one instant. Optional fields are {@code null} when the
 * render has not reached the stage that fills them (e.g. {@code url} before {@code done}).
 */
public record MovieState(
        String project,
        String status,
        int progress,
        String message,
        String url,
        String thumbnail,
        Double duration,
        Long size,
        Integer width,
        Integer height,
        Double renderingTime,
        Instant createdAt,
        Instant endedAt,
        JsonNode clientData) {

    /** Status of a render waiting to start. */
    public static final String PENDING = "pending";
    /** Status of a render in progress. */
    public static final String RUNNING = "running";
    /** Terminal status of a successful render. */
    public static final String DONE = "done";
    /** Terminal status of a failed render. */
    public static final String ERROR = "error";

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Requires the project, status and creation time. */
    public MovieState {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the render has finished, well or badly. */
    public boolean terminal() {
        return DONE.equals(status) || ERROR.equals(status);
    }

    /** The {@code movie} object of a status answer, with the upstream's field names. */
    public ObjectNode toJson() {
        ObjectNode movie = JsonNodeFactory.instance.objectNode();
        movie.put("project", project);
        movie.put("status", status);
        movie.put("progress", progress);
        movie.put("message", message == null ? "" : message);
        putIfPresent(movie, "url", url);
        putIfPresent(movie, "thumbnail", thumbnail);
        if (duration != null) {
            movie.put("duration", duration);
        }
        if (size != null) {
            movie.put("size", size);
        }
        if (width != null) {
            movie.put("width", width);
        }
        if (height != null) {
            movie.put("height", height);
        }
        if (renderingTime != null) {
            movie.put("rendering_time", renderingTime);
        }
        movie.put("created_at", iso(createdAt));
        putIfPresent(movie, "ended_at", endedAt == null ? null : iso(endedAt));
        if (clientData != null) {
            movie.set("client-data", clientData.deepCopy());
        }
        return movie;
    }

    /** The upstream's timestamp format, e.g. {@code 2025-05-28T14:57:34.393Z}. */
    static String iso(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
