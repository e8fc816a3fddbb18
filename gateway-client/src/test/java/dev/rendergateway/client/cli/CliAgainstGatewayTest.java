package dev.rendergateway.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.client.LiveGateway;
import dev.rendergateway.testkit.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands, driven in-process against a real gateway: exit statuses, stdout lines, stderr messages. */
class CliAgainstGatewayTest {

    private static LiveGateway gateway;
    private static Map<String, String> env;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        gateway = LiveGateway.start();
        env = Map.of("RENDER_GATEWAY_URL", gateway.url(), "RENDER_GATEWAY_KEY", LiveGateway.KEY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static CliRun cli(String... args) {
        return CliRun.of(env, false, "", args);
    }

    private Path file(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    private static String body(String comment, int n) {
        return "{\"movie\":" + LiveGateway.movie(comment) + ",\"metadata\":{\"n\":" + n + "}}";
    }

    @Test
    void submitWaitPrintsEachFinishedRenderAsAJsonLineAndExits0WhenAllAreDone() throws IOException {
        Path wrapped = file("wrapped.json", body("one", 1));
        Path bare = file("bare.json", LiveGateway.movie("two").toString());

        CliRun run = cli("submit", "--wait", wrapped.toString(), bare.toString());

        assertThat(run.status()).as(run.err()).isZero();
        List<JsonNode> lines = run.outLines().stream().map(LiveGateway::json).toList();
        assertThat(lines).hasSize(2).allSatisfy(render -> {
            assertThat(render.get("status").asText()).isEqualTo("done");
            assertThat(render.get("id").asText()).startsWith("r_");
            assertThat(render.has("createdAt")).isTrue();
        });
        assertThat(run.err()).contains("done 100%").doesNotContain("\u001b[");
    }

    @Test
    void submitWaitExits1WhenARenderEndsInError() throws IOException {
        CliRun run = cli("submit", "--wait", file("bad.json", body("sandbox:error", 1)).toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(LiveGateway.json(run.outLines().get(0)).get("status").asText()).isEqualTo("error");
    }

    @Test
    void submitStreams10000NdjsonLinesFromStdinThroughOneBatch() {
        String ndjson = IntStream.rangeClosed(1, 10_000).mapToObj(n -> body("bulk", n))
                .collect(Collectors.joining("\n", "", "\n"));

        CliRun run;
        // A gateway of its own that keeps them queued: the spec is about the stream in, not 10,000 renders.
        try (LiveGateway bulk = LiveGateway.start(Map.of("GATEWAY_UPSTREAM_RATE", "0.01"))) {
            run = CliRun.of(Map.of("RENDER_GATEWAY_URL", bulk.url(), "RENDER_GATEWAY_KEY", LiveGateway.KEY), false,
                    ndjson, "submit", "-");
        }

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(10_000);
        for (int i = 0; i < 10_000; i += 997) {
            assertThat(LiveGateway.json(run.outLines().get(i)).get("metadata").get("n").asInt()).isEqualTo(i + 1);
        }
    }

    @Test
    void aRefusedLineIsNamedOnStderrAndMakesExit1WhileTheOthersGoThrough() {
        String ndjson = body("ok", 1) + "\n{\"movie\":{\"scenes\":[]}}\n" + body("ok", 3) + "\n";

        CliRun run = CliRun.of(env, false, ndjson, "submit", "-");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stdin line 2: 422 ");
    }

    @Test
    void watchFollowsSeveralRendersAndGetListAndCancelPrintJsonLines() throws IOException {
        List<String> ids = cli("submit", file("a.json", body("a", 1)).toString(),
                file("b.json", body("sandbox:error", 2)).toString())
                .outLines().stream().map(line -> LiveGateway.json(line).get("id").asText()).toList();

        CliRun watched = cli("watch", ids.get(0), ids.get(1));
        assertThat(watched.status()).isEqualTo(1);
        assertThat(watched.outLines()).extracting(line -> LiveGateway.json(line).get("status").asText())
                .containsExactlyInAnyOrder("done", "error");

        CliRun got = cli("get", ids.get(0));
        assertThat(got.status()).isZero();
        assertThat(LiveGateway.json(got.out()).get("id").asText()).isEqualTo(ids.get(0));

        CliRun listed = cli("list", "--status", "error");
        assertThat(listed.status()).isZero();
        assertThat(listed.outLines()).isNotEmpty()
                .allSatisfy(line -> assertThat(LiveGateway.json(line).get("status").asText()).isEqualTo("error"));
        assertThat(cli("list", "--limit", "1").outLines()).hasSize(1);

        CliRun cancelled = cli("cancel", ids.get(0));
        assertThat(cancelled.status()).isEqualTo(1);
        assertThat(cancelled.errLines()).singleElement().asString().startsWith("render-gateway: 409 ");
    }

    @Test
    void progressBarsAreDrawnInPlaceOnATerminal() throws IOException {
        CliRun run = CliRun.of(env, true, "", "submit", "--wait", file("p.json", body("bars", 1)).toString());

        assertThat(run.status()).isZero();
        assertThat(run.err()).contains("\u001b[2K").contains("] 100% done").contains("#".repeat(30));
        assertThat(run.outLines()).hasSize(1);
    }

    @Test
    void pastTwentyRendersTheTerminalGetsOneSummaryLineInsteadOfBars() {
        String ndjson = IntStream.rangeClosed(1, 25).mapToObj(n -> body("summary", n))
                .collect(Collectors.joining("\n", "", "\n"));

        CliRun run = CliRun.of(env, true, ndjson, "submit", "--wait", "-");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(25);
        assertThat(run.err()).contains("25 renders: 0 in progress, 25 done, 0 failed");
    }

    @Test
    void optionsTakePrecedenceOverTheEnvironment() {
        CliRun run = CliRun.of(Map.of("RENDER_GATEWAY_URL", "http://127.0.0.1:1", "RENDER_GATEWAY_KEY", "wrong"),
                false, "", "list", "--limit", "1", "--url", gateway.url(), "--key", LiveGateway.KEY);

        assertThat(run.status()).as(run.err()).isZero();
    }

    @Test
    void aWrongKeyIsExit2WithOneLineAndNoStackTrace() {
        CliRun run = CliRun.of(Map.of("RENDER_GATEWAY_URL", gateway.url(), "RENDER_GATEWAY_KEY", "wrong-key"),
                false, "", "list");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("render-gateway: the gateway refused the key: 401 ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBatchFromStdinWithAWrongKeyIsExit2WithOneLine() {
        String ndjson = IntStream.rangeClosed(1, 1000).mapToObj(n -> body("refused", n))
                .collect(Collectors.joining("\n", "", "\n"));

        CliRun run = CliRun.of(Map.of("RENDER_GATEWAY_URL", gateway.url(), "RENDER_GATEWAY_KEY", "wrong-key"),
                false, ndjson, "submit", "--wait", "-");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("render-gateway: the gateway refused the key: 401 ");
    }

    @Test
    void anUnreachableGatewayIsExit2WithOneLine() {
        String nowhere = "http://127.0.0.1:" + FreePort.pick().port();

        CliRun run = CliRun.of(Map.of("RENDER_GATEWAY_URL", nowhere, "RENDER_GATEWAY_KEY", "k"), false, "",
                "get", "r_1");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("render-gateway: cannot reach the gateway at " + nowhere);
    }

    @Test
    void usageErrorsAreExit2WithOneLine() throws IOException {
        assertUsage(cli(), "a command is required");
        assertUsage(cli("submit"), "Missing required parameter");
        assertUsage(cli("list", "--colour"), "Unknown option: '--colour'");
        assertUsage(cli("list", "--status", "finished"), "--status must be one of");
        assertUsage(cli("submit", dir.resolve("absent.json").toString()), "absent.json: no such file");
        assertUsage(cli("submit", file("broken.json", "{\"movie\":").toString()), "broken.json: ");
        assertUsage(CliRun.of(Map.of(), false, "", "list"), "no gateway: set RENDER_GATEWAY_URL or pass --url");
        assertUsage(CliRun.of(Map.of("RENDER_GATEWAY_URL", "localhost:8080", "RENDER_GATEWAY_KEY", "k"), false, "",
                "list"), "baseUrl must be an http:// or https:// URL");
    }

    private static void assertUsage(CliRun run, String message) {
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains(message).doesNotContain("Exception");
    }
}
