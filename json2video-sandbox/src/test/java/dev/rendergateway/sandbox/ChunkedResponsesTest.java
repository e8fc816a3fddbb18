package dev.rendergateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChunkedResponsesTest {
    private Json2VideoSandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = Json2VideoSandbox.start(SandboxConfig.custom().chunkedResponses(true).build());
        client = SandboxClient.of(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void writesCreateAndStatusAnswersInChunksThatParseWhenAggregated() {
        SandboxClient.Reply created = client.postNow("{\"scenes\":[]}");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.headers().get("transfer-encoding")).isEqualToIgnoringCase("chunked");
        assertThat(created.headers().contains("content-length")).isFalse();
        String project = created.json().path("project").asText();

        SandboxClient.Reply status = client.getNow("/v2/movies?project=" + project);
        assertThat(status.headers().get("transfer-encoding")).isEqualToIgnoringCase("chunked");
        assertThat(status.json().path("movie").path("project").asText()).isEqualTo(project);
    }

    @Test
    void sendsTheCreateAnswerAsSeveralPieces() {
        int pieces = client.postPieces("{\"scenes\":[]}").block(SandboxClient.WAIT);
        assertThat(pieces).isGreaterThan(1);
    }
}
