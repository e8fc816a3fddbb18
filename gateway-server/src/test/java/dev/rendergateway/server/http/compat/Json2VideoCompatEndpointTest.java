package dev.rendergateway.server.http.compat;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static dev.rendergateway.server.support.TestGateway.ZETA_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.sandbox.faults.FaultPlan;
import dev.rendergateway.server.support.CompatClient;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v2/movies} and {@code GET /v2/movies?project=} over real HTTP against a gateway on the sandbox:
 * JSON2Video's own shapes and statuses, the gateway key in {@code x-api-key}, tenants kept apart, problems that
 * JSON2Video clients can read, and polls that never reach the upstream.
 */
class Json2VideoCompatEndpointTest {

    private static final Duration UNTIL_TERMINAL = Duration.ofSeconds(10);
    private static final Set<String> TERMINAL = Set.of("done", "error", "timeout");

    @Test
    void postAnswersLikeJson2VideoWithTheGatewaysRenderIdAsProjectInOnePiece() {
        try (TestGateway env = TestGateway.start()) {
            CompatClient compat = new CompatClient(env.client());

            Reply posted = compat.postMovie(ACME_KEY, Movies.hello().toString());

            assertThat(posted.status()).isEqualTo(200);
            assertThat(posted.header(HttpHeaderNames.CONTENT_TYPE)).startsWith("application/json");
            assertThat(posted.header(HttpHeaderNames.TRANSFER_ENCODING)).isNull();
            assertThat(posted.header(HttpHeaderNames.CONTENT_LENGTH))
                    .isEqualTo(Integer.toString(posted.body().getBytes(StandardCharsets.UTF_8).length));
            JsonNode body = posted.json();
            assertThat(body.path("success").asBoolean()).isTrue();
            String project = body.path("project").asText();
            assertThat(project).startsWith("r_");
            assertThat(Instant.parse(body.path("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
            Reply asRender = env.client().get("/v1/renders/" + project, ACME_KEY);
            assertThat(asRender.status()).as("the project is the gateway's render id").isEqualTo(200);
            assertThat(asRender.json().path("id").asText()).isEqualTo(project);
        }
    }

    @Test
    void getAnswersPendingWhileTheRenderIsNotYetWithTheUpstreamAndAcceptsIdAndFormatSimple() {
        try (TestGateway env = TestGateway.start()) {
            env.sandbox().faults().plan(FaultPlan.none().withLatency(Duration.ofSeconds(2)).withMethods("POST"));
            CompatClient compat = new CompatClient(env.client());
            String project = compat.postMovie(ACME_KEY, Movies.hello().toString()).json().path("project").asText();

            Reply byProject = compat.getMovie(ACME_KEY, "project=" + project);
            Reply byId = compat.getMovie(ACME_KEY, "id=" + project + "&format=simple");

            assertThat(byProject.status()).isEqualTo(200);
            assertThat(byProject.header(HttpHeaderNames.CONTENT_LENGTH)).isNotNull();
            JsonNode movie = byProject.json().path("movie");
            assertThat(byProject.json().path("success").asBoolean()).isTrue();
            assertThat(movie.path("project").asText()).isEqualTo(project);
            assertThat(movie.path("status").asText()).isEqualTo("pending");
            assertThat(movie.path("progress").asInt()).isZero();
            assertThat(movie.path("url").isNull()).isTrue();
            assertThat(movie.path("ended_at").isNull()).isTrue();
            assertThat(Instant.parse(movie.path("created_at").asText())).isNotNull();
            assertThat(byId.status()).isEqualTo(200);
            assertThat(byId.json().path("movie").path("project").asText()).isEqualTo(project);
            assertThat(byId.json().path("movie").path("status").asText()).isEqualTo("pending");
        }
    }

    @Test
    void getFollowsTheRenderToDoneWithItsUrlThumbnailDurationAndEnd() {
        try (TestGateway env = TestGateway.start()) {
            CompatClient compat = new CompatClient(env.client());
            String project = compat.postMovie(ACME_KEY, Movies.hello().toString()).json().path("project").asText();

            List<String> statuses = pollUntilTerminal(compat, project, 0);

            assertThat(statuses).last().isEqualTo("done");
            assertThat(statuses).allMatch(Set.of("pending", "running", "done")::contains);
            JsonNode movie = compat.getMovie(ACME_KEY, "project=" + project).json().path("movie");
            assertThat(movie.path("progress").asInt()).isEqualTo(100);
            assertThat(movie.path("url").asText()).startsWith("http").endsWith(".mp4");
            assertThat(movie.path("thumbnail").asText()).startsWith("http");
            assertThat(movie.path("duration").asDouble()).isEqualTo(5.0);
            assertThat(movie.path("message").isNull()).isTrue();
            assertThat(Instant.parse(movie.path("ended_at").asText()))
                    .isAfterOrEqualTo(Instant.parse(movie.path("created_at").asText()));
            assertThat(env.sandbox().counters().posts()).isEqualTo(1);
        }
    }

    @Test
    void aRenderThatFailsUpstreamAnswers200WithStatusErrorAndItsMessage() {
        try (TestGateway env = TestGateway.start()) {
            CompatClient compat = new CompatClient(env.client());
            String project = compat.postMovie(ACME_KEY, Movies.withDirective("sandbox:error").toString())
                    .json().path("project").asText();

            assertThat(pollUntilTerminal(compat, project, 0)).last().isEqualTo("error");
            Reply failed = compat.getMovie(ACME_KEY, "project=" + project);

            assertThat(failed.status()).isEqualTo(200);
            assertThat(failed.json().path("success").asBoolean()).isTrue();
            assertThat(failed.json().path("movie").path("message").asText()).isNotBlank();
            assertThat(failed.json().path("movie").path("url").isNull()).isTrue();
        }
    }

    @Test
    void pollingAMovieAnyNumberOfTimesCostsNoUpstreamRequestBeyondTheRendersOwnPoller() {
        try (TestGateway env = TestGateway.start()) {
            CompatClient compat = new CompatClient(env.client());
            String project = compat.postMovie(ACME_KEY, Movies.hello().toString()).json().path("project").asText();

            List<String> statuses = pollUntilTerminal(compat, project, 150);
            long upstreamGetsAtEnd = env.sandbox().counters().gets();
            for (int i = 0; i < 50; i++) {
                assertThat(compat.getMovie(ACME_KEY, "project=" + project).status()).isEqualTo(200);
            }

            assertThat(statuses).hasSizeGreaterThanOrEqualTo(150).last().isEqualTo("done");
            // The render's poller asks about every 100 ms for a render of about 0.9 s: a handful of GETs.
            assertThat(upstreamGetsAtEnd).as("upstream GETs while clients polled %d times", statuses.size())
                    .isBetween(1L, 25L);
            assertThat(env.sandbox().counters().gets()).as("upstream GETs after 50 more polls of a done movie")
                    .isEqualTo(upstreamGetsAtEnd);
            assertThat(env.sandbox().counters().posts()).isEqualTo(1);
        }
    }

    @Test
    void aMissingOrUnknownApiKeyAnswers401ProblemThatJson2VideoClientsCanReadToo() {
        try (TestGateway env = TestGateway.start()) {
            CompatClient compat = new CompatClient(env.client());
            String project = compat.postMovie(ACME_KEY, Movies.hello().toString()).json().path("project").asText();

            List<Reply> refused = List.of(
                    compat.postMovie(null, Movies.hello().toString()),
                    compat.postMovie("not-a-key", Movies.hello().toString()),
                    compat.postMovie(env.sandbox().apiKey(), Movies.hello().toString()),
                    compat.getMovie(null, "project=" + project),
                    compat.getMovie("not-a-key", "project=" + project),
                    env.client().get("/v2/movies?project=" + project, ACME_KEY));

            assertThat(refused).allSatisfy(reply -> assertProblem(reply, 401));
            assertThat(refused).allSatisfy(reply ->
                    assertThat(reply.header(HttpHeaderNames.WWW_AUTHENTICATE)).contains("x-api-key"));
            assertThat(env.sandbox().counters().posts()).as("only the one accepted movie went upstream")
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void anotherTenantsProjectAnswers404AsIfItDidNotExist() {
        try (TestGateway env = TestGateway.start()) {
            CompatClient compat = new CompatClient(env.client());
            String project = compat.postMovie(ACME_KEY, Movies.hello().toString()).json().path("project").asText();

            Reply others = compat.getMovie(ZETA_KEY, "project=" + project);
            Reply unknown = compat.getMovie(ZETA_KEY, "project=r_doesNotExist");

            assertProblem(others, 404);
            assertProblem(unknown, 404);
            assertThat(others.json().path("detail").asText()).isEqualTo(
                    unknown.json().path("detail").asText().replace("r_doesNotExist", project));
        }
    }

    @Test
    void anInvalidMovieOrRequestAnswersAProblemNamingWhatIsWrong() {
        try (TestGateway env = TestGateway.start()) {
            CompatClient compat = new CompatClient(env.client());

            Reply noScenes = compat.postMovie(ACME_KEY, "{\"resolution\": \"full-hd\"}");
            Reply emptyScenes = compat.postMovie(ACME_KEY, "{\"scenes\": []}");
            Reply notAnObject = compat.postMovie(ACME_KEY, "[1, 2]");
            Reply notJson = compat.postMovie(ACME_KEY, "{\"scenes\": ");
            Reply noProject = compat.getMovie(ACME_KEY, "format=simple");

            assertProblem(noScenes, 422);
            assertThat(noScenes.json().path("errors").get(0).path("field").asText()).isEqualTo("scenes");
            assertProblem(emptyScenes, 422);
            assertThat(emptyScenes.json().path("errors").get(0).path("field").asText()).isEqualTo("scenes");
            assertProblem(notAnObject, 422);
            assertProblem(notJson, 400);
            assertProblem(noProject, 422);
            assertThat(noProject.json().path("errors").get(0).path("field").asText()).isEqualTo("project");
            assertThat(env.sandbox().counters().posts()).isZero();
        }
    }

    @Test
    void otherMethodsOnMoviesAnswer405WithAllow() {
        try (TestGateway env = TestGateway.start()) {
            Reply deleted = new CompatClient(env.client()).request(HttpMethod.DELETE, "/v2/movies", ACME_KEY);

            assertProblem(deleted, 405);
            assertThat(deleted.header(HttpHeaderNames.ALLOW)).contains("GET").contains("POST");
        }
    }

    @Test
    void aMovieBeyondTheTenantsQueueLimitAnswers429WithRetryAfter() {
        try (TestGateway env = TestGateway.start(Map.of(
                "GATEWAY_TENANT_QUEUE_LIMIT", "1", "GATEWAY_UPSTREAM_RATE", "0.2"))) {
            env.sandbox().faults().plan(FaultPlan.none().withLatency(Duration.ofSeconds(3)).withMethods("POST"));
            CompatClient compat = new CompatClient(env.client());

            List<Reply> replies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                replies.add(compat.postMovie(ACME_KEY, Movies.hello().toString()));
            }

            assertThat(replies.get(0).status()).isEqualTo(200);
            Reply refused = replies.stream().filter(reply -> reply.status() == 429).findFirst().orElseThrow(
                    () -> new AssertionError("no 429 among " + replies));
            assertProblem(refused, 429);
            assertThat(Long.parseLong(refused.header(HttpHeaderNames.RETRY_AFTER))).isPositive();
        }
    }

    /** Polls {@code GET /v2/movies} until the movie ends (and at least {@code atLeast} times); the statuses seen. */
    private static List<String> pollUntilTerminal(CompatClient compat, String project, int atLeast) {
        List<String> statuses = new ArrayList<>();
        Instant deadline = Instant.now().plus(UNTIL_TERMINAL);
        while (statuses.isEmpty() || !TERMINAL.contains(statuses.get(statuses.size() - 1))
                || statuses.size() < atLeast) {
            assertThat(Instant.now()).as("the movie ends in time; statuses so far %s", statuses).isBefore(deadline);
            Reply reply = compat.getMovie(ACME_KEY, "project=" + project);
            assertThat(reply.status()).isEqualTo(200);
            statuses.add(reply.json().path("movie").path("status").asText());
        }
        return statuses;
    }

    private static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.header(HttpHeaderNames.CONTENT_TYPE)).startsWith("application/problem+json");
        assertThat(reply.header(HttpHeaderNames.CONTENT_LENGTH)).isNotNull();
        JsonNode problem = reply.json();
        assertThat(problem.path("type").asText()).startsWith("/problems/");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("success").isBoolean()).isTrue();
        assertThat(problem.path("success").asBoolean()).isFalse();
        assertThat(problem.path("message").asText()).isEqualTo(problem.path("detail").asText());
    }
}
