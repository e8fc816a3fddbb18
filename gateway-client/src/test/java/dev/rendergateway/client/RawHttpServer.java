package dev.rendergateway.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on raw sockets that shares no code with the client: it records each request's head and answers
 * with whatever bytes the spec writes, closing the connection when the spec's answer returns. One thread per connection.
 */
final class RawHttpServer implements AutoCloseable {

    /** What the spec answers on the {@code n}-th connection (0-based), given the request head. */
    interface Answer {
        void write(int connection, String head, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Answer answer;
    private final AtomicInteger connections = new AtomicInteger();
    final List<String> heads = new CopyOnWriteArrayList<>();

    RawHttpServer(Answer answer) {
        this.answer = answer;
        try {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "raw-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                int index = connections.getAndIncrement();
                Thread handler = new Thread(() -> serve(index, connection), "raw-http-" + index);
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(int index, Socket connection) {
        try (connection) {
            String head = readHead(connection.getInputStream());
            heads.add(head);
            OutputStream out = connection.getOutputStream();
            answer.write(index, head, out);
            out.flush();
        } catch (IOException ignored) {
            // the client went away; its side of the story is what the spec checks
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
