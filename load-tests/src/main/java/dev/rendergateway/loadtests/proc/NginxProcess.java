package dev.rendergateway.loadtests.proc;

import dev.rendergateway.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's nginx serving static files from a scratch directory on a loopback port: the read path's baseline.
 * Two workers (one per core, like the gateway's event loops), no access log, unlimited keep-alive requests.
 */
public final class NginxProcess implements AutoCloseable {
    private final ChildProcess child;
    private final int port;

    private NginxProcess(ChildProcess child, int port) {
        this.child = child;
        this.port = port;
    }

    /** Starts nginx serving {@code body} at {@code path} with content type application/json. */
    public static NginxProcess serving(Workspace workspace, String path, String body) {
        Path dir = workspace.runDir().resolve("nginx").toAbsolutePath();
        int port = FreePort.pick().port();
        try {
            Path file = dir.resolve("www" + path);
            Files.createDirectories(file.getParent());
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(file, body);
            Files.writeString(dir.resolve("nginx.conf"), config(dir, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess child = ChildProcess.start("nginx", List.of("nginx", "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString()), Map.of(),
                workspace.log("nginx"));
        NginxProcess nginx = new NginxProcess(child, port);
        nginx.awaitServing(path);
        return nginx;
    }

    /** The base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        child.close();
    }

    private void awaitServing(String path) {
        try (LoopbackHttp http = new LoopbackHttp("nginx-probe", 1)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                Reply reply = http.get(baseUrl() + path, Map.of()).onErrorReturn(new Reply(0, "")).block();
                if (reply != null && reply.status() == 200) {
                    return;
                }
                if (!child.isAlive()) {
                    break;
                }
                Pause.of(Duration.ofMillis(50));
            }
        }
        close();
        throw new IllegalStateException("nginx did not serve " + path + "; see its log (is nginx installed?)");
    }


    /**
     * The directives every scratch nginx of the harness shares inside {@code http}: no access log, and every
     * temporary file under {@code tmp} (not the system's /var/lib/nginx).
     */
    static String scratch(Path tmp) {
        return String.join("\n    ", "access_log off;",
                "client_body_temp_path " + tmp + "/body;",
                "proxy_temp_path " + tmp + "/proxy;",
                "fastcgi_temp_path " + tmp + "/fastcgi;",
                "uwsgi_temp_path " + tmp + "/uwsgi;",
                "scgi_temp_path " + tmp + "/scgi;");
    }

    private static String config(Path dir, int port) {
        String tmp = scratch(dir.resolve("tmp"));
        return """
                worker_processes 2;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                %2$s
                    keepalive_requests 10000000;
                    keepalive_timeout 65;
                    server {
                        listen 127.0.0.1:%3$d;
                        location / { root %1$s/www; default_type application/json; }
                    }
                }
                """.formatted(dir, tmp, port);
    }
}
