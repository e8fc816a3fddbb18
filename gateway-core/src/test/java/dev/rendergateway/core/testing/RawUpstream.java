package dev.rendergateway.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JSON2Video stand-in written on a plain {@link ServerSocket}, sharing no code with Reactor Netty or the
 * sandbox: it records the exact bytes of every request and answers each with the next scripted {@link Reply},
 * byte for byte, including odd but legal framings. One thread per connection; for tests only.
 */
public final class RawUpstream implements AutoCloseable {

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final int MAX_HEAD = 64 * 1024;

    private final ServerSocket server;
    private final BlockingQueue<Reply> script = new LinkedBlockingQueue<>();
    private final List<Captured> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
    private final List<Integer> connections = new CopyOnWriteArrayList<>();
    private volatile Reply fallback = Reply.json(200, "{\"success\":true,\"project\":\"RawProject000001\"}");
    private volatile boolean closed;

    private RawUpstream(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptLoop, "raw-upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free port of 127.0.0.1. */
    public static RawUpstream start() {
        try {
            return new RawUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Answers the next requests with {@code replies}, in order; after them, with the fallback. */
    public RawUpstream then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply of every request once the script is used up. */
    public RawUpstream otherwise(Reply reply) {
        this.fallback = reply;
        return this;
    }

    /** Every request received so far, in arrival order. */
    public List<Captured> requests() {
        return List.copyOf(requests);
    }

    /** How many TCP connections were accepted. */
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.add(socket.getPort());
                Thread worker = new Thread(() -> serve(socket), "raw-upstream-conn");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                Optional<Head> head = readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                Reply reply = Optional.ofNullable(script.poll()).orElse(fallback);
                boolean early = reply instanceof Early;
                boolean keepOpen = !early || reply.writeTo(out, in);
                Captured request = head.get().withBody(readBody(in, head.get().headers(), head.get().raw()));
                requests.add(request);
                if (!early) {
                    keepOpen = reply.writeTo(out, in);
                }
                if (!keepOpen) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away: that ends this connection
        } finally {
            open.remove(socket);
        }
    }

    /** A request head as read: request line, headers and its bytes so far. */
    private record Head(String requestLine, Map<String, List<String>> headers, ByteArrayOutputStream raw) {
        Captured withBody(byte[] body) {
            return new Captured(requestLine, headers, body, raw.toByteArray());
        }
    }

    /** Reads a request head up to the blank line; the body (by Content-Length or chunked framing) comes after. */
    private static Optional<Head> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < HEAD_END.length) {
            int b = in.read();
            if (b < 0) {
                return Optional.empty();
            }
            raw.write(b);
            matched = b == HEAD_END[matched] ? matched + 1 : (b == HEAD_END[0] ? 1 : 0);
            if (raw.size() > MAX_HEAD) {
                throw new IOException("request head too large");
            }
        }
        String head = raw.toString(StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        return Optional.of(new Head(lines[0], headers, raw));
    }

    private static byte[] readBody(InputStream in, Map<String, List<String>> headers, ByteArrayOutputStream raw)
            throws IOException {
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            return readChunked(in, raw);
        }
        if (length == null) {
            return new byte[0];
        }
        byte[] body = in.readNBytes(Integer.parseInt(length.get(0)));
        raw.write(body);
        return body;
    }

    private static byte[] readChunked(InputStream in, ByteArrayOutputStream raw) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, raw);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!readLine(in, raw).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            raw.write(chunk);
            body.write(chunk);
            readLine(in, raw);
        }
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-chunk");
            }
            raw.write(b);
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    /** One request as it arrived: request line, headers (names lower-cased), body, and every byte of it. */
    public record Captured(String requestLine, Map<String, List<String>> headers, byte[] body, byte[] raw) {

        /** The request's method, from its request line. */
        public String method() {
            return requestLine.split(" ", 2)[0];
        }

        /** The single value of header {@code name}, if it was sent. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? Optional.empty() : Optional.of(String.join(", ", values));
        }

        /** How many times header {@code name} appears. */
        public int count(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? 0 : values.size();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A reply written before the request's body is read. */
    private record Early(Reply reply) implements Reply {
        @Override
        public boolean writeTo(OutputStream out, InputStream in) throws IOException {
            return reply.writeTo(out, in);
        }
    }

    /** How the raw upstream answers one request. */
    @FunctionalInterface
    public interface Reply {

        /**
         * Writes the answer; returns whether the connection stays open for the next request. {@code in} lets
         * a reply wait for the client to give up (a stall).
         */
        boolean writeTo(OutputStream out, InputStream in) throws IOException;

        /**
         * {@code reply}, written as soon as the request's head has arrived, before its body is read (as a front
         * end that judges the head alone does); the body is read afterwards, so the connection ends cleanly.
         */
        static Reply early(Reply reply) {
            return new Early(reply);
        }

        /** A length-delimited answer, kept alive. */
        static Reply json(int status, String json) {
            return bytes(status, "application/json", json, "");
        }

        /** A length-delimited answer of any type, with extra header lines (each ending in CRLF). */
        static Reply bytes(int status, String contentType, String body, String extraHeaders) {
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            return (out, in) -> {
                out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType
                        + "\r\nContent-Length: " + payload.length + "\r\n" + extraHeaders + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(payload);
                out.flush();
                return !extraHeaders.toLowerCase(Locale.ROOT).contains("connection: close");
            };
        }

        /** A chunked answer whose JSON is split into chunks of the given sizes, each flushed on its own. */
        static Reply chunked(String json, int... splits) {
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            return (out, in) -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                int from = 0;
                for (int split : splits) {
                    writeChunk(out, payload, from, split);
                    from = split;
                    pause();
                }
                writeChunk(out, payload, from, payload.length);
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return true;
            };
        }

        /** An answer followed by {@code Connection: close} and the end of the connection. */
        static Reply closing(String json) {
            return bytes(200, "application/json", json, "Connection: close\r\n");
        }

        /** An HTTP/1.0 answer without any length: the body ends where the connection does. */
        static Reply http10UntilEof(String json) {
            return (out, in) -> {
                out.write(("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + json)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                return false;
            };
        }

        /** A head announcing a body that never comes: the connection stalls until the client gives up. */
        static Reply headersThenStall() {
            return (out, in) -> {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{\"succ"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                while (in.read() >= 0) {
                    // wait for the client to close
                }
                return false;
            };
        }

        /**
         * A 200 of {@code size} bytes of JSON-looking filler, chunked (no length declared up front), written in
         * 64 KiB chunks for as long as the client reads; {@code written} counts what left.
         */
        static Reply huge(int size, java.util.concurrent.atomic.AtomicLong written) {
            return (out, in) -> {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                for (int sent = 0; sent < size; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    written.addAndGet(chunk.length);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return true;
            };
        }

        private static void writeChunk(OutputStream out, byte[] payload, int from, int to) throws IOException {
            out.write((Integer.toHexString(to - from) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload, from, to - from);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        private static void pause() {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 400 -> "Bad Request";
                case 411 -> "Length Required";
                case 413 -> "Content Too Large";
                case 415 -> "Unsupported Media Type";
                case 422 -> "Unprocessable Content";
                case 429 -> "Too Many Requests";
                case 502 -> "Bad Gateway";
                default -> "Status";
            };
        }
    }
}
