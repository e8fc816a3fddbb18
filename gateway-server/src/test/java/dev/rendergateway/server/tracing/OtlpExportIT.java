package dev.rendergateway.server.tracing;

import static dev.rendergateway.server.support.TestGateway.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rendergateway.server.RenderGateway;
import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.GatewayClient;
import dev.rendergateway.testkit.Eventually;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Spans leave the process over OTLP/HTTP only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} names a collector: here a
 * plain-socket HTTP server, sharing no code with the exporter, that takes {@code POST /v1/traces}.
 */
class OtlpExportIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @Test
    void exportsTheSpansOfARequestToTheConfiguredCollector() throws IOException {
        try (Collector collector = Collector.start()) {
            try (RenderGateway gateway = start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url()))) {
                call(gateway);
                assertThat(exporterThreads()).as("the batch processor's worker").isPositive();
            }
            // Closing the gateway exports what is still batched.
            Eventually.await("a POST /v1/traces", Duration.ofSeconds(10), () -> !collector.requests().isEmpty());

            Collector.Request export = collector.requests().get(0);
            assertThat(export.line()).isEqualTo("POST /v1/traces HTTP/1.1");
            assertThat(export.headers().get("content-type")).isIn("application/x-protobuf", "application/json");
            // The protobuf carries the trace id as its 16 raw bytes.
            assertThat(indexOf(export.body(), HexFormat.of().parseHex(TRACE_ID))).isNotNegative();
        }
    }

    @Test
    void exportsNothingAndStartsNoExporterWithoutTheVariable() throws IOException {
        int exportersBefore = exporterThreads();
        try (Collector collector = Collector.start();
             RenderGateway gateway = start(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.url()))) {
            call(gateway);

            assertThat(exporterThreads()).isEqualTo(exportersBefore);
            gateway.close();
            sleep(Duration.ofSeconds(2));
            assertThat(collector.connections()).isZero();
        }
    }

    private static RenderGateway start(Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(extra);
        variables.put("GATEWAY_PORT", "0");
        variables.put("GATEWAY_API_KEYS", "acme:" + ACME_KEY);
        return RenderGateway.start(GatewayConfig.fromEnvironment(variables));
    }

    private static void call(RenderGateway gateway) {
        GatewayClient client = new GatewayClient(gateway.port());
        assertThat(client.exchange(HttpMethod.GET, "/health/live", h -> h.set("traceparent", CALLER), null).status())
                .isEqualTo(200);
        assertThat(client.get("/v1/renders", ACME_KEY).status()).isEqualTo(200);
    }

    private static int exporterThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("BatchSpanProcessor")).count();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A minimal HTTP/1.1 server on a raw socket: records each request and answers 200 with an empty body. */
    private static final class Collector implements AutoCloseable {

        /** One request as it arrived. */
        record Request(String line, Map<String, String> headers, byte[] body) {
        }

        private final ServerSocket socket;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();

        private Collector(ServerSocket socket) {
            this.socket = socket;
        }

        static Collector start() throws IOException {
            Collector collector = new Collector(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread acceptor = new Thread(collector::accept, "otlp-collector");
            acceptor.setDaemon(true);
            acceptor.start();
            return collector;
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        List<Request> requests() {
            return requests;
        }

        int connections() {
            return connections.get();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    Thread serving = new Thread(() -> serve(connection), "otlp-collector-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                for (String head = readHead(in); head != null; head = readHead(in)) {
                    String[] lines = head.split("\r\n");
                    Map<String, String> headers = new HashMap<>();
                    for (int i = 1; i < lines.length; i++) {
                        int colon = lines[i].indexOf(':');
                        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                lines[i].substring(colon + 1).trim());
                    }
                    byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                            ? readChunked(in)
                            : in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                    requests.add(new Request(lines[0], headers, body));
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException | RuntimeException gone) {
                // the exporter closed its connection
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                head.write(b);
                matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
                if (matched == 4) {
                    String text = head.toString(StandardCharsets.US_ASCII);
                    return text.substring(0, text.length() - 4);
                }
            }
            return null;
        }

        private static byte[] readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    readLine(in);
                    return body.toByteArray();
                }
                body.write(in.readNBytes(length));
                readLine(in);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
