package dev.rendergateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.testkit.MutableClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxEngineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final MutableClock clock = MutableClock.at("2025-05-28T14:57:34.393Z");
    private final SandboxEngine engine = new SandboxEngine(SandboxConfig.custom()
            .clock(clock).renderTime(Duration.ofSeconds(10)).pendingTime(Duration.ofSeconds(1)).build());

    private static JsonNode movie(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    @Test
    void movesFromPendingThroughRunningToDoneWithGrowingProgress() throws Exception {
        String project = engine.create(movie("{\"scenes\":[]}"));

        assertThat(engine.status(project)).get().extracting(MovieState::status).isEqualTo("pending");
        clock.advance(Duration.ofMillis(999));
        assertThat(engine.status(project).orElseThrow().status()).isEqualTo("pending");

        clock.advance(Duration.ofMillis(1));
        MovieState started = engine.status(project).orElseThrow();
        assertThat(started.status()).isEqualTo("running");
        assertThat(started.progress()).isZero();

        clock.advance(Duration.ofMillis(4_500));
        MovieState halfway = engine.status(project).orElseThrow();
        assertThat(halfway.status()).isEqualTo("running");
        assertThat(halfway.progress()).isEqualTo(50);

        clock.advance(Duration.ofMillis(4_499));
        MovieState late = engine.status(project).orElseThrow();
        assertThat(late.status()).isEqualTo("running");
        assertThat(late.progress()).isEqualTo(99);

        clock.advance(Duration.ofMillis(1));
        MovieState done = engine.status(project).orElseThrow();
        assertThat(done.status()).isEqualTo("done");
        assertThat(done.url()).isEqualTo("https://assets.sandbox.local/clients/sandbox/" + project + "/movie.mp4");
        assertThat(done.thumbnail()).isEqualTo("https://assets.sandbox.local/clients/sandbox/" + project + "/thumbnail.jpg");
        assertThat(done.endedAt()).isEqualTo(done.createdAt().plusSeconds(10));
        assertThat(done.renderingTime()).isEqualTo(10.0);
        assertThat(done.terminal()).isTrue();
    }

    @Test
    void endsInErrorWhenTheMovieAsksForIt() throws Exception {
        String project = engine.create(movie("{\"comment\":\"please sandbox:error now\"}"));

        clock.advance(Duration.ofSeconds(5));
        assertThat(engine.status(project).orElseThrow().status()).isEqualTo("running");
        clock.advance(Duration.ofSeconds(5));

        MovieState failed = engine.status(project).orElseThrow();
        assertThat(failed.status()).isEqualTo("error");
        assertThat(failed.message()).isEqualTo("Sandbox render failed as requested");
        assertThat(failed.url()).isNull();
        assertThat(failed.toJson().path("message").asText()).isEqualTo("Sandbox render failed as requested");
    }

    @Test
    void honoursARenderTimeDirectiveInMillisecondsOrSeconds() throws Exception {
        String quick = engine.create(movie("{\"comment\":\"sandbox:render-time=1500ms\"}"));
        String slow = engine.create(movie("{\"comment\":\"x sandbox:render-time=20s y\"}"));

        clock.advance(Duration.ofMillis(1_500));
        assertThat(engine.status(quick).orElseThrow().status()).isEqualTo("done");
        assertThat(engine.status(slow).orElseThrow().status()).isEqualTo("running");

        clock.advance(Duration.ofMillis(18_500));
        assertThat(engine.status(slow).orElseThrow().status()).isEqualTo("done");
    }

    @Test
    void aRenderTimeShorterThanThePendingTimeSkipsStraightToDone() throws Exception {
        String project = engine.create(movie("{\"comment\":\"sandbox:render-time=200ms\"}"));

        assertThat(engine.status(project).orElseThrow().status()).isEqualTo("pending");
        clock.advance(Duration.ofMillis(200));
        assertThat(engine.status(project).orElseThrow().status()).isEqualTo("done");
    }

    @Test
    void reportsDurationSizeAndClientDataOfTheMovie() throws Exception {
        String project = engine.create(movie("{\"resolution\":\"hd\",\"client-data\":{\"order\":7},"
                + "\"scenes\":[{\"duration\":2.5},{\"elements\":[{\"duration\":3},{\"duration\":4}]}]}"));
        clock.advance(Duration.ofSeconds(10));

        MovieState done = engine.status(project).orElseThrow();
        assertThat(done.duration()).isEqualTo(6.5);
        assertThat(done.width()).isEqualTo(1280);
        assertThat(done.height()).isEqualTo(720);
        assertThat(done.size()).isPositive();
        JsonNode json = done.toJson();
        assertThat(json.path("client-data").path("order").asInt()).isEqualTo(7);
        assertThat(json.path("duration").isDouble()).isTrue();
        assertThat(json.path("created_at").asText()).isEqualTo("2025-05-28T14:57:34.393Z");
        assertThat(json.path("ended_at").asText()).isEqualTo("2025-05-28T14:57:44.393Z");
    }

    @Test
    void defaultsToFiveSecondsOfFullHdWhenTheMovieSaysNothing() throws Exception {
        String project = engine.create(movie("{}"));
        clock.advance(Duration.ofSeconds(10));

        MovieState done = engine.status(project).orElseThrow();
        assertThat(done.duration()).isEqualTo(5.0);
        assertThat(done.width()).isEqualTo(1920);
        assertThat(done.height()).isEqualTo(1080);
        assertThat(done.toJson().has("client-data")).isFalse();
    }

    @Test
    void givesEveryRenderADistinctSixteenCharacterAlphanumericId() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            ids.add(engine.create(movie("{}")));
        }
        assertThat(ids).hasSize(500).allMatch(id -> id.matches("[A-Za-z0-9]{16}"));
        assertThat(engine.size()).isEqualTo(500);
    }

    @Test
    void knowsNothingOfAnUnknownProject() {
        assertThat(engine.status("NOPE000000000000")).isEmpty();
        assertThat(engine.status(null)).isEmpty();
    }

    @Test
    void refusesAMovieThatIsNotAnObject() throws Exception {
        JsonNode array = movie("[1,2]");
        assertThatThrownBy(() -> engine.create(array)).isInstanceOf(IllegalArgumentException.class);
    }
}
