package dev.rendergateway.loadtests.sse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A process holding many SSE subscribers (one connection each, from one 127.0.0.x source address). Arguments:
 * base URL, key, file of event-stream paths (subscribers go round-robin over them), count, source address, batch.
 * Prints {@code CONNECTED n failed f} as batches get their first event, then obeys stdin: {@code measure} starts
 * counting delivery delays, {@code stop} prints {@code RESULT …} and exits. It also ends by itself after 10 minutes.
 */
public final class SseClientMain {
    private static final Duration MAX_LIFE = Duration.ofMinutes(10);

    private final Recorder recorder = new Recorder(3);
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final AtomicLong measuredEvents = new AtomicLong();
    private final AtomicInteger firstEvents = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Disposable.Composite streams = Disposables.composite();

    private SseClientMain() {
    }

    /** Entry point of a client process; see the class comment. */
    public static void main(String[] args) throws Exception {
        new SseClientMain().run(args[0], args[1], Files.readAllLines(Path.of(args[2])), Integer.parseInt(args[3]),
                args[4], Integer.parseInt(args[5]));
    }

    private void run(String base, String key, List<String> paths, int count, String source, int batch)
            throws Exception {
        Thread reaper = new Thread(() -> sleepThenExit(MAX_LIFE), "sse-client-max-life");
        reaper.setDaemon(true);
        reaper.start();
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
                .bindAddress(() -> new InetSocketAddress(source, 0))
                .headers(h -> h.set("authorization", "Bearer " + key).set("accept", "text/event-stream"))
                .baseUrl(base);
        for (int from = 0; from < count; from += batch) {
            int to = Math.min(count, from + batch);
            for (int i = from; i < to; i++) {
                streams.add(subscribe(client, paths.get(i % paths.size())));
            }
            awaitFirstEvents(to);
            System.out.println("CONNECTED " + firstEvents.get() + " failed " + failed.get());
        }
        obeyStdin(count);
    }

    private Disposable subscribe(HttpClient client, String path) {
        SseStream stream = new SseStream(this::record);
        // A refusal (429 past a stream cap, 503 while draining) is a failed subscriber, not a silent one.
        return client.get().uri(path)
                .response((response, body) -> response.status().code() == 200
                        ? body.asString(StandardCharsets.UTF_8)
                        : Flux.<String>error(new IllegalStateException("HTTP " + response.status().code())))
                .subscribe(text -> {
                    if (stream.accept(text, nowMicros())) {
                        firstEvents.incrementAndGet();
                    }
                }, error -> failed.incrementAndGet());
    }

    private void record(long delayMicros) {
        if (measuring.get()) {
            recorder.recordValue(Math.max(0, delayMicros));
            measuredEvents.incrementAndGet();
        }
    }

    private void awaitFirstEvents(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (firstEvents.get() + failed.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private void obeyStdin(int count) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long measureStart = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("measure")) {
                recorder.reset();
                measuredEvents.set(0);
                measureStart = System.nanoTime();
                measuring.set(true);
            } else if (line.equals("stop")) {
                break;
            }
        }
        measuring.set(false);
        double seconds = measureStart == 0 ? 0 : (System.nanoTime() - measureStart) / 1e9;
        Histogram histogram = recorder.getIntervalHistogram();
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        String encoded = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        System.out.println("RESULT {\"subscribers\":" + count + ",\"connected\":" + firstEvents.get()
                + ",\"failed\":" + failed.get() + ",\"events\":" + measuredEvents.get() + ",\"seconds\":" + seconds
                + ",\"histogram\":\"" + encoded + "\"}");
        System.out.flush();
        streams.dispose();
        System.exit(0);
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static void sleepThenExit(Duration life) {
        try {
            Thread.sleep(life.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(3);
    }
}
