package dev.rendergateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class SandboxHttpTest {
    private static final String MOVIE =
            "{\"resolution\":\"full-hd\",\"scenes\":[{\"elements\":[{\"type\":\"text\",\"text\":\"Hi\",\"duration\":5}]}]}";

    private final MutableClock clock = MutableClock.at("2025-05-28T14:57:34.393Z");
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
    void createsARenderAndReportsItFromPendingThroughRunningToDone() {
        SandboxClient.Reply created = client.postNow(MOVIE);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.headers().get("content-type")).startsWith("application/json");
        assertThat(created.headers().getInt("content-length")).isEqualTo(created.body().length());
        JsonNode answer = created.json();
        assertThat(answer.path("success").asBoolean()).isTrue();
        assertThat(answer.path("timestamp").asText()).isEqualTo("2025-05-28T14:57:34.393Z");
        String project = answer.path("project").asText();
        assertThat(project).matches("[A-Za-z0-9]{16}");

        assertThat(client.movieNow(project).path("status").asText()).isEqualTo("pending");
        clock.advance(Duration.ofMillis(900));
        JsonNode early = client.movieNow(project);
        clock.advance(Duration.ofMillis(1_200));
        JsonNode later = client.movieNow(project);
        assertThat(early.path("status").asText()).isEqualTo("running");
        assertThat(later.path("status").asText()).isEqualTo("running");
        assertThat(later.path("progress").asInt()).isGreaterThan(early.path("progress").asInt());

        clock.advance(Duration.ofMillis(900));
        JsonNode done = client.movieNow(project);
        assertThat(done.path("status").asText()).isEqualTo("done");
        assertThat(done.path("url").asText()).endsWith("/" + project + "/movie.mp4");
        assertThat(done.path("duration").asDouble()).isEqualTo(5.0);
        assertThat(sandbox.counters().rendersCreated()).isEqualTo(1);
        assertThat(sandbox.counters().posts()).isEqualTo(1);
        assertThat(sandbox.counters().gets()).isEqualTo(4);
    }

    @Test
    void statusAnswersCarryQuotaAndFieldsTheClientDoesNotKnow() {
        String project = client.createNow(MOVIE);

        JsonNode answer = client.getNow("/v2/movies?project=" + project).json();
        assertThat(answer.path("success").asBoolean()).isTrue();
        assertThat(answer.path("remaining_quota").has("movies")).isTrue();
        assertThat(answer.path("remaining_quota").has("drafts")).isTrue();
        assertThat(answer.path("remaining_quota").has("time")).isTrue();
        assertThat(answer.has("sandbox_note")).isTrue();
    }

    @Test
    void acceptsIdAsAnAliasOfProject() {
        String project = client.createNow(MOVIE);

        SandboxClient.Reply reply = client.getNow("/v2/movies?id=" + project + "&format=simple");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("movie").path("project").asText()).isEqualTo(project);
    }

    @Test
    void rejectsAWrongOrMissingApiKeyWith401() {
        SandboxClient wrong = new SandboxClient(sandbox, "not-the-key");
        SandboxClient none = new SandboxClient(sandbox, null);

        for (SandboxClient.Reply reply : new SandboxClient.Reply[] {
                wrong.postNow(MOVIE), wrong.getNow("/v2/movies?project=x"), none.getNow("/v2/movies")}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json().path("success").asBoolean()).isFalse();
            assertThat(reply.json().path("message").asText()).isEqualTo("Invalid or missing API key");
        }
        assertThat(sandbox.engine().size()).isZero();
    }

    @Test
    void rejectsABodyThatIsNotAJsonObjectWith400() {
        for (String body : new String[] {"{not json", "[1,2,3]", "\"text\"", ""}) {
            SandboxClient.Reply reply = client.postNow(body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json().path("success").asBoolean()).isFalse();
            assertThat(reply.json().path("message").asText()).isNotBlank();
        }
        assertThat(sandbox.engine().size()).isZero();
    }

    @Test
    void refusesAChunkedBodyWithoutContentLengthWith411LikeAStrictFrontEnd() {
        SandboxClient.Reply reply = client.postChunked(MOVIE).block(SandboxClient.WAIT);

        assertThat(reply.status()).isEqualTo(411);
        assertThat(reply.json().path("success").asBoolean()).isFalse();
        assertThat(reply.json().path("message").asText()).startsWith("Length Required");
        assertThat(sandbox.requests().withMethod("POST")).singleElement()
                .satisfies(seen -> assertThat(seen.header("transfer-encoding")).contains("chunked"));
        assertThat(sandbox.engine().size()).isZero();
    }

    @Test
    void refusesAMovieNotLabelledJsonWith415() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            SandboxClient.Reply reply = client.post(MOVIE, type).block(SandboxClient.WAIT);
            assertThat(reply.status()).as(String.valueOf(type)).isEqualTo(415);
            assertThat(reply.json().path("message").asText()).contains("application/json");
        }
        assertThat(client.post(MOVIE, "application/json; charset=utf-8").block(SandboxClient.WAIT).status())
                .isEqualTo(200);
        assertThat(sandbox.engine().size()).isOne();
    }

    @Test
    void checksTheKeyBeforeTheContentType() {
        SandboxClient.Reply reply = new SandboxClient(sandbox, "not-the-key").post(MOVIE, "text/plain")
                .block(SandboxClient.WAIT);

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void recordsTheHeadersOfEveryRequestItSaw() {
        client.postNow(MOVIE);
        client.getNow("/v2/movies?project=abc");

        List<RecordedRequest> seen = sandbox.requests().all();
        assertThat(seen).extracting(RecordedRequest::method).containsExactly("POST", "GET");
        assertThat(seen.get(0).header("Content-Length")).contains(Integer.toString(MOVIE.length()));
        assertThat(seen.get(0).bodyBytes()).isEqualTo(MOVIE.length());
        assertThat(seen.get(0).header("x-api-key")).contains(sandbox.apiKey());
        assertThat(seen.get(1).uri()).isEqualTo("/v2/movies?project=abc");
        assertThat(seen.get(1).has("content-length")).isFalse();
    }

    @Test
    void answers404ForAnUnknownProject() {
        SandboxClient.Reply reply = client.getNow("/v2/movies?project=UNKNOWN000000000");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("success").asBoolean()).isFalse();
        assertThat(reply.json().path("message").asText()).isEqualTo("Movie not found");
    }

    @Test
    void listsNothingWhenNoProjectIsGiven() {
        JsonNode listing = client.getNow("/v2/movies").json();

        assertThat(listing.path("success").asBoolean()).isTrue();
        assertThat(listing.path("movies").isArray()).isTrue();
        assertThat(listing.path("count").asInt()).isZero();
        assertThat(listing.path("has_next").asBoolean()).isFalse();
    }

    @Test
    void answersOtherPathsWith404AndOtherMethodsWith405() {
        SandboxClient.Reply otherPath = client.getNow("/v1/movies");
        SandboxClient.Reply otherMethod = client.request("DELETE", "/v2/movies?project=x").block(SandboxClient.WAIT);

        assertThat(otherPath.status()).isEqualTo(404);
        assertThat(otherPath.json().path("success").asBoolean()).isFalse();
        assertThat(otherMethod.status()).isEqualTo(405);
        assertThat(otherMethod.json().path("message").asText()).isNotBlank();
        assertThat(sandbox.counters().requestTimes()).hasSize(1);
    }

    @Test
    void reportsTheErrorARenderAskedFor() {
        String project = client.createNow("{\"comment\":\"sandbox:error\"}");
        clock.advance(Duration.ofSeconds(3));

        JsonNode movie = client.movieNow(project);
        assertThat(movie.path("status").asText()).isEqualTo("error");
        assertThat(movie.path("message").asText()).isEqualTo("Sandbox render failed as requested");
    }

    @Test
    void stampsEveryRequestWithTheConfiguredClock() {
        client.postNow(MOVIE);
        clock.advance(Duration.ofMillis(400));
        client.getNow("/v2/movies");
        clock.advance(Duration.ofMillis(700));
        client.getNow("/v2/movies");

        assertThat(sandbox.counters().requestTimes()).containsExactly(
                clock.instant().minusMillis(1_100), clock.instant().minusMillis(700), clock.instant());
        assertThat(sandbox.counters().maxRequestsInAnyWindow(Duration.ofSeconds(1))).isEqualTo(2);
    }

    @Test
    void createsOneRenderPerConcurrentPost() {
        List<SandboxClient.Reply> replies = Flux.range(0, 64)
                .flatMap(i -> client.post(MOVIE), 16)
                .collectList()
                .block(SandboxClient.WAIT);

        assertThat(replies).hasSize(64).allMatch(reply -> reply.status() == 200);
        assertThat(replies.stream().map(reply -> reply.json().path("project").asText()).distinct()).hasSize(64);
        assertThat(sandbox.engine().size()).isEqualTo(64);
        assertThat(sandbox.counters().rendersCreated()).isEqualTo(64);
        assertThat(sandbox.counters().posts()).isEqualTo(64);
    }

    @Test
    void describesItsAddress() {
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
        assertThat(sandbox.apiKey()).isEqualTo("sandbox-key");
    }
}
