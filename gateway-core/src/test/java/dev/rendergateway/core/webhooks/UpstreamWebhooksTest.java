package dev.rendergateway.core.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.testing.Movies;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The gateway's own webhook destination on submitted movies, and the unforgeable path it is called at. */
class UpstreamWebhooksTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private final UpstreamWebhooks hooks = new UpstreamWebhooks(URI.create("https://gw.example.com/"), SECRET);

    private static Render render(String id, JsonNode movie) {
        return Render.queued(id, "acme", new RenderRequest(movie, null, null), Instant.EPOCH);
    }

    @Test
    void appendsTheGatewaysWebhookToTheFirstExportAndKeepsTheCallersDestinations() {
        JsonNode movie = Movies.json("{\"scenes\":[{}],\"exports\":[{\"format\":\"mp4\",\"destinations\":["
                + "{\"type\":\"webhook\",\"endpoint\":\"https://caller.example/done\"}]},{\"destinations\":[]}]}");
        Render render = render("r_abc", movie);

        JsonNode sent = hooks.movieFor(render);

        JsonNode destinations = sent.path("exports").get(0).path("destinations");
        assertThat(destinations).hasSize(2);
        assertThat(destinations.get(0)).isEqualTo(movie.path("exports").get(0).path("destinations").get(0));
        assertThat(destinations.get(1).path("type").asText()).isEqualTo("webhook");
        assertThat(destinations.get(1).path("endpoint").asText())
                .isEqualTo("https://gw.example.com" + hooks.pathFor("r_abc"))
                .startsWith("https://gw.example.com/hooks/json2video/r_abc/");
        assertThat(sent.path("exports").get(0).path("format").asText()).isEqualTo("mp4");
        assertThat(sent.path("exports").get(1).path("destinations")).isEmpty();
        assertThat(render.movie()).as("the caller's movie is not changed").isEqualTo(movie);
        assertThat(movie.path("exports").get(0).path("destinations")).hasSize(1);
    }

    @Test
    void addsAnExportWhenTheMovieHasNone() {
        JsonNode sent = hooks.movieFor(render("r_abc", Movies.hello()));

        assertThat(sent.path("exports")).hasSize(1);
        assertThat(sent.path("exports").get(0).path("destinations").get(0).path("endpoint").asText())
                .isEqualTo(hooks.endpointFor("r_abc"));
        assertThat(sent.path("scenes")).isEqualTo(Movies.hello().path("scenes"));
    }

    @Test
    void sendsAMovieWithMalformedExportsUnchangedForJson2VideoToJudge() {
        JsonNode movie = Movies.json("{\"scenes\":[{}],\"exports\":\"mp4\"}");

        assertThat(hooks.movieFor(render("r_abc", movie))).isEqualTo(movie);
    }

    @Test
    void acceptsOnlyTheRendersOwnToken() {
        String token = hooks.pathFor("r_abc").substring(UpstreamWebhooks.PATH_PREFIX.length() + "r_abc/".length());

        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(hooks.verify("r_abc", token)).isTrue();
        assertThat(hooks.verify("r_abd", token)).as("another render's path").isFalse();
        assertThat(hooks.verify("r_abc", token.substring(1) + "A")).isFalse();
        assertThat(hooks.verify("r_abc", "")).isFalse();
        assertThat(hooks.verify("../etc", token)).isFalse();
        byte[] otherSecret = Arrays.copyOf(SECRET, SECRET.length);
        otherSecret[0] ^= 1;
        assertThat(new UpstreamWebhooks(URI.create("https://gw.example.com"), otherSecret).verify("r_abc", token))
                .as("a token made under another secret").isFalse();
    }
}
