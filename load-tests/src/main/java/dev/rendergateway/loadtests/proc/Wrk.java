package dev.rendergateway.loadtests.proc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Debian's wrk, closed-loop, with a Lua report that prints its HdrHistogram percentiles as JSON. */
public record Wrk(Workspace workspace, int threads, int connections) {
    private static final Pattern RESULT = Pattern.compile("WRK_RESULT (\\{.*})");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The command line of a run against {@code url}, for the report. */
    public String commandLine(String url, Duration duration, Map<String, String> headers) {
        StringBuilder line = new StringBuilder("wrk -t" + threads + " -c" + connections + " -d"
                + duration.toSeconds() + "s --latency");
        headers.forEach((name, value) -> line.append(" -H '").append(name).append(": …'"));
        return line.append(' ').append(url).toString();
    }

    /** Runs wrk against {@code url} for {@code duration}; fails if any request failed or answered non-2xx. */
    public WrkResult run(String name, String url, Duration duration, Map<String, String> headers) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--latency", "-s", script().toString()));
        headers.forEach((header, value) -> command.addAll(List.of("-H", header + ": " + value)));
        command.add(url);
        try (ChildProcess wrk = ChildProcess.start(name, command, Map.of(), workspace.log(name))) {
            String json = wrk.await(RESULT, duration.plusSeconds(30)).group(1);
            WrkResult result = MAPPER.readValue(json, WrkResult.class);
            if (result.errors() > 0 || result.requests() == 0) {
                throw new IllegalStateException(name + ": " + result.errors() + " errors (" + result.non2xx()
                        + " non-2xx) in " + result.requests() + " requests");
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path script() {
        Path script = workspace.runDir().resolve("wrk-report.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("/wrk-report.lua")) {
            Files.createDirectories(script.getParent());
            Files.write(script, in.readAllBytes());
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
