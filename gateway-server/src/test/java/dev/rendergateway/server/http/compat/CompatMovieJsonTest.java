package dev.rendergateway.server.http.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.testing.Movies;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A gateway render in JSON2Video's shapes: every gateway status mapped to one of JSON2Video's five. */
class CompatMovieJsonTest {

    private static final Instant CREATED = Instant.parse("2025-05-28T14:57:34.393123Z");
    private static final Instant LATER = Instant.parse("2025-05-28T14:58:00Z");

    private final CompatMovieJson json = new CompatMovieJson(GatewayObjectMapper.create());

    @ParameterizedTest
    @CsvSource({"QUEUED, pending", "SUBMITTING, pending", "RUNNING, running", "DONE, done", "ERROR, error",
            "TIMEOUT, timeout", "CANCELLED, error"})
    void mapsEveryGatewayStatusToJson2VideosOwn(RenderStatus gateway, String json2video) {
        assertThat(CompatMovieJson.statusOf(gateway)).isEqualTo(json2video);
    }

    @Test
    void theAcceptedAnswerCarriesTheRenderIdAsProjectAndAMillisecondTimestamp() {
        JsonNode accepted = json.accepted(queued());

        assertThat(accepted.toString())
                .isEqualTo("{\"success\":true,\"project\":\"r_1\",\"timestamp\":\"2025-05-28T14:57:34.393Z\"}");
    }

    @Test
    void aQueuedRenderIsPendingWithoutEnd() {
        JsonNode movie = json.status(queued()).path("movie");

        assertThat(movie.path("status").asText()).isEqualTo("pending");
        assertThat(movie.path("project").asText()).isEqualTo("r_1");
        assertThat(movie.path("progress").asInt()).isZero();
        assertThat(movie.path("created_at").asText()).isEqualTo("2025-05-28T14:57:34.393Z");
        assertThat(movie.path("ended_at").isNull()).isTrue();
        assertThat(movie.path("message").isNull()).isTrue();
    }

    @Test
    void aDoneRenderHasItsVideoAndItsEnd() {
        Render done = queued().running("WAEE8PohgVwv2teP", CREATED)
                .done("https://cdn/movie.mp4", "https://cdn/thumb.jpg", 12.5, LATER);

        JsonNode answer = json.status(done);

        assertThat(answer.path("success").asBoolean()).isTrue();
        JsonNode movie = answer.path("movie");
        assertThat(movie.path("project").asText()).as("the gateway's id, not the upstream's").isEqualTo("r_1");
        assertThat(movie.path("status").asText()).isEqualTo("done");
        assertThat(movie.path("progress").asInt()).isEqualTo(100);
        assertThat(movie.path("url").asText()).isEqualTo("https://cdn/movie.mp4");
        assertThat(movie.path("thumbnail").asText()).isEqualTo("https://cdn/thumb.jpg");
        assertThat(movie.path("duration").asDouble()).isEqualTo(12.5);
        assertThat(movie.path("ended_at").asText()).isEqualTo("2025-05-28T14:58:00Z");
    }

    @Test
    void aFailedOrTimedOutRenderCarriesItsReasonAsMessage() {
        Render failed = queued().failed(RenderStatus.ERROR, new RenderError(RenderError.RENDER_FAILED, "bad font"),
                LATER);
        Render late = queued().failed(RenderStatus.TIMEOUT, new RenderError(RenderError.TIMED_OUT, "too slow"),
                LATER);

        assertThat(json.status(failed).path("movie").path("message").asText()).isEqualTo("bad font");
        assertThat(json.status(late).path("movie").path("status").asText()).isEqualTo("timeout");
        assertThat(json.status(late).path("movie").path("message").asText()).isEqualTo("too slow");
    }

    @Test
    void aCancelledRenderShowsAsErrorWithAMessageSayingSo() {
        JsonNode movie = json.status(queued().cancelled(LATER)).path("movie");

        assertThat(movie.path("status").asText()).isEqualTo("error");
        assertThat(movie.path("message").asText()).startsWith("cancelled");
        assertThat(movie.path("ended_at").asText()).isEqualTo("2025-05-28T14:58:00Z");
    }

    private static Render queued() {
        return Render.queued("r_1", "acme", new RenderRequest(Movies.hello(), null, null), CREATED);
    }
}
