package dev.rendergateway.server.http.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.upstream.MovieTag;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A gateway render in JSON2Video's own answer shapes, {@code project} being the gateway's render id: the
 * answer to {@code POST /v2/movies} and to {@code GET /v2/movies?project=}.
 */
public final class CompatMovieJson {

    /** What a render cancelled in the gateway reports as its message, since JSON2Video has no such status. */
    static final String CANCELLED_MESSAGE =
            "cancelled: the render was cancelled in the gateway before it was sent to JSON2Video";

    private final ObjectMapper mapper;

    public CompatMovieJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code {"success": true, "project": id, "timestamp": …}}, as JSON2Video answers a new movie. */
    public ObjectNode accepted(Render render) {
        return mapper.createObjectNode()
                .put("success", true)
                .put("project", render.id())
                .put("timestamp", timestamp(render.createdAt()));
    }

    /** {@code {"success": true, "movie": {…}}}, as JSON2Video answers a status request. */
    public ObjectNode status(Render render) {
        ObjectNode answer = mapper.createObjectNode().put("success", true);
        ObjectNode movie = answer.putObject("movie")
                .put("project", render.id())
                .put("status", statusOf(render.status()))
                .put("progress", render.progress())
                .put("url", render.url())
                .put("thumbnail", render.thumbnail())
                .put("duration", render.duration())
                .put("consumed_credits", render.credits())
                .put("message", messageOf(render))
                .put("created_at", timestamp(render.createdAt()))
                .put("ended_at", render.isTerminal() ? timestamp(render.updatedAt()) : null);
        // JSON2Video echoes the movie's client-data: the caller's own, never the gateway's tag.
        JsonNode clientData = MovieTag.untagged(render.movie().get(MovieTag.CLIENT_DATA));
        if (clientData != null && clientData.isObject()) {
            movie.set(MovieTag.CLIENT_DATA, clientData);
        }
        return answer;
    }

    /**
     * JSON2Video's status for a gateway status: {@code pending} until the upstream has the render,
     * {@code error} for a cancelled one (JSON2Video has no cancel), the same name otherwise.
     */
    public static String statusOf(RenderStatus status) {
        return switch (status) {
            case QUEUED, SUBMITTING -> "pending";
            case RUNNING -> "running";
            case DONE -> "done";
            case ERROR, CANCELLED -> "error";
            case TIMEOUT -> "timeout";
        };
    }

    private static String messageOf(Render render) {
        if (render.status() == RenderStatus.CANCELLED) {
            return CANCELLED_MESSAGE;
        }
        return render.error() == null ? null : render.error().message();
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
