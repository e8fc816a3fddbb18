package dev.rendergateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.testkit.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A done render's thumbnail is a real JPEG the sandbox serves itself, without a key and outside its counters. */
class SandboxThumbnailsTest {
    private static final String MOVIE = "{\"scenes\":[{\"elements\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}";

    private final MutableClock clock = MutableClock.at("2025-05-28T14:57:34.393Z");
    private final HttpClient http = HttpClient.newHttpClient();
    private Json2VideoSandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = Json2VideoSandbox.start(SandboxConfig.custom().clock(clock)
                .renderTime(Duration.ofSeconds(3)).pendingTime(Duration.ofMillis(300)).build());
        client = SandboxClient.of(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void servesTheThumbnailOfADoneRenderAsAJpegAtItsOwnAddress() throws Exception {
        String project = client.createNow(MOVIE);
        String early = sandbox.baseUrl() + "/assets/" + project + "/thumbnail.jpg";
        assertThat(fetch(early).statusCode()).as("not done yet").isEqualTo(404);

        clock.advance(Duration.ofSeconds(4));
        JsonNode done = client.movieNow(project);
        String thumbnail = done.path("thumbnail").asText();
        HttpResponse<byte[]> image = fetch(thumbnail);

        assertThat(done.path("status").asText()).isEqualTo("done");
        assertThat(thumbnail).isEqualTo(early);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("content-type")).contains("image/jpeg");
        assertThat(image.body()).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
        assertThat(image.body().length).isGreaterThan(1_000);
        assertThat(fetch(sandbox.baseUrl() + "/assets/nope/thumbnail.jpg").statusCode()).isEqualTo(404);
        assertThat(sandbox.counters().gets()).as("thumbnails are not API calls").isEqualTo(1);
    }

    private HttpResponse<byte[]> fetch(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
