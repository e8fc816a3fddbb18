package dev.rendergateway.loadtests.proc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.sandbox.Json2VideoSandbox;
import dev.rendergateway.sandbox.SandboxConfig;
import dev.rendergateway.sandbox.SandboxCounters;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The JSON2Video sandbox as a benchmark's separate upstream process, plus a control port that reports its
 * counters ({@code GET /counters}) and clears them ({@code POST /reset}). Environment: {@code BENCH_RENDER_TIME_MS},
 * {@code BENCH_PENDING_TIME_MS}, {@code BENCH_HOLD_CLOCK=true} (renders stand still until {@code POST /release}, see
 * {@link HeldClock}); prints {@code bench sandbox on port N control M}.
 */
public final class BenchSandboxMain {
    /** The key the bench sandbox expects in {@code x-api-key}. */
    public static final String API_KEY = "bench-sandbox-key";

    private BenchSandboxMain() {
    }

    /** Starts the sandbox and its control port, and runs until killed. */
    public static void main(String[] args) {
        HeldClock held = new HeldClock();
        boolean hold = Boolean.parseBoolean(System.getenv().getOrDefault("BENCH_HOLD_CLOCK", "false"));
        if (!hold) {
            held.release();
        }
        SandboxConfig config = SandboxConfig.custom()
                .apiKey(API_KEY)
                .clock(held)
                .renderTime(Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("BENCH_RENDER_TIME_MS", "3000"))))
                .pendingTime(Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("BENCH_PENDING_TIME_MS", "300"))))
                .build();
        Json2VideoSandbox sandbox = Json2VideoSandbox.start(config);
        ObjectMapper mapper = new ObjectMapper();
        DisposableServer control = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/counters", (request, response) -> response.header("content-type", "application/json")
                                .sendString(Mono.fromSupplier(() -> counters(mapper, sandbox.counters()))))
                        .post("/reset", (request, response) -> {
                            sandbox.counters().reset();
                            return response.status(204).send();
                        })
                        .post("/release", (request, response) -> {
                            held.release();
                            return response.status(204).send();
                        }))
                .bindNow();
        System.out.println("bench sandbox on port " + sandbox.port() + " control " + control.port());
        sandbox.onClose().block();
    }

    private static String counters(ObjectMapper mapper, SandboxCounters counters) {
        ObjectNode json = mapper.createObjectNode()
                .put("posts", counters.posts())
                .put("gets", counters.gets())
                .put("rendersCreated", counters.rendersCreated())
                .put("rejected429", counters.rejected429())
                .put("maxInOneSecond", counters.maxRequestsInAnyWindow(Duration.ofSeconds(1)))
                .put("webhookCalls", counters.webhookCalls().size());
        var times = json.putArray("requestTimesMicros");
        for (Instant time : counters.requestTimes()) {
            times.add(time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000);
        }
        return json.toString();
    }
}
