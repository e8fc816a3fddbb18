package dev.rendergateway.loadtests.proc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Debian's nginx with the nchan module ({@code libnginx-mod-nchan}) on a loopback port: one pub/sub channel with an
 * EventSource subscriber location and a publisher location, the SSE fan-out's same-run baseline. Two workers, each
 * allowed 20,000 files and connections (the machine's hard limit per process).
 */
public final class NchanProcess implements AutoCloseable {
    /** Where subscribers connect ({@code nchan_subscriber eventsource}). */
    public static final String SUBSCRIBE_PATH = "/sub";
    /** Where messages are POSTed ({@code nchan_publisher}). */
    public static final String PUBLISH_PATH = "/pub";
    /** The module as {@code dpkg -L libnginx-mod-nchan} lists it. */
    static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ChildProcess child;
    private final int port;
    private final LoopbackHttp http = new LoopbackHttp("nchan-publisher", 2);

    private NchanProcess(ChildProcess child, int port) {
        this.child = child;
        this.port = port;
    }

    /** Starts nginx + nchan and waits until its publisher location answers (the channel has no message yet). */
    public static NchanProcess start(Workspace workspace, String name) {
        if (!Files.isRegularFile(MODULE)) {
            throw new IllegalStateException(MODULE + " is missing: apt-get install -y libnginx-mod-nchan");
        }
        Path dir = workspace.runDir().resolve(name).toAbsolutePath();
        int port = FreePort.pick().port();
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("nginx.conf"), config(dir, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess child = ChildProcess.start(name, List.of("nginx", "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString()), Map.of(),
                workspace.log(name));
        NchanProcess nchan = new NchanProcess(child, port);
        nchan.awaitPublishing();
        return nchan;
    }

    /** The base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** POSTs {@code json} to the channel; emits the subscriber count nchan reports for the channel. */
    public Mono<Integer> publish(String json) {
        return http.post(baseUrl() + PUBLISH_PATH, Map.of("accept", "application/json"), json)
                .map(reply -> {
                    if (reply.status() / 100 != 2) {
                        throw new IllegalStateException("nchan publisher answered " + reply.status());
                    }
                    return subscribers(reply.body());
                });
    }

    /** The resident memory of nginx's master and workers now. */
    public ProcessTreeRss rss() {
        return ProcessTreeRss.of(child.pid());
    }

    @Override
    public void close() {
        http.close();
        child.close();
    }

    /** The {@code subscribers} of nchan's JSON channel info (the publisher's answer). */
    static int subscribers(String channelInfo) {
        try {
            return MAPPER.readTree(channelInfo).path("subscribers").asInt(-1);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable nchan channel info: " + channelInfo, e);
        }
    }

    private void awaitPublishing() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && child.isAlive()) {
            // GET on the publisher location: channel info, or 404 while the channel has no message; either is an answer
            Reply reply = http.get(baseUrl() + PUBLISH_PATH, Map.of("accept", "application/json"))
                    .onErrorReturn(new Reply(0, "")).block();
            if (reply != null && reply.status() != 0) {
                return;
            }
            Pause.of(Duration.ofMillis(50));
        }
        close();
        throw new IllegalStateException("nginx + nchan did not answer on " + PUBLISH_PATH + "; see its log");
    }

    private static String config(Path dir, int port) {
        String tmp = NginxProcess.scratch(dir.resolve("tmp"));
        return """
                load_module %4$s;
                worker_processes 2;
                worker_rlimit_nofile 20000;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 20000; }
                http {
                %2$s
                    server {
                        listen 127.0.0.1:%3$d;
                        # -1: a new subscriber first gets the channel's newest message (its catch-up event);
                        # nchan's "newest" would make it wait for the next one instead.
                        location = %5$s {
                            nchan_subscriber eventsource;
                            nchan_channel_id fanout;
                            nchan_subscriber_first_message -1;
                        }
                        location = %6$s { nchan_publisher; nchan_channel_id fanout; }
                    }
                }
                """.formatted(dir, tmp, port, MODULE, SUBSCRIBE_PATH, PUBLISH_PATH);
    }
}
