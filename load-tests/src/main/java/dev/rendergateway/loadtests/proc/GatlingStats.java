package dev.rendergateway.loadtests.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Per-request statistics read from a Gatling 3.15 HTML report: one {@code req_*.html} page per request name, whose
 * tables give the count, the failures and the 50th/75th/95th/99th percentiles in milliseconds (Gatling 3.15 writes
 * no stats.json any more, and its simulation.log is binary).
 */
public record GatlingStats(Path reportDir) {
    private static final Pattern TITLE = Pattern.compile("<title>Gatling Stats - (.*?)</title>");

    /** One request name's figures. */
    public record Request(long count, long failed, double p50, double p75, double p95, double p99) {
    }

    /** The statistics of the report in {@code reportDir}. */
    public static GatlingStats read(Path reportDir) {
        return new GatlingStats(reportDir);
    }

    /** The figures of the request named {@code name}. */
    public Request of(String name) {
        String page = page(name);
        return new Request(row(page, "Total count", "total"), row(page, "Total count", "ko"),
                row(page, "50th percentile", "total"), row(page, "75th percentile", "total"),
                row(page, "95th percentile", "total"), row(page, "99th percentile", "total"));
    }

    private String page(String name) {
        try (Stream<Path> files = Files.list(reportDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("req_")).toList()) {
                String html = Files.readString(file);
                Matcher title = TITLE.matcher(html);
                if (title.find() && title.group(1).equals(name)) {
                    return html;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the Gatling report " + reportDir + " has no page for '" + name + "'");
    }

    private static long row(String page, String title, String column) {
        Pattern pattern = Pattern.compile("<td class=\"title\">" + Pattern.quote(title) + "</td>\\s*"
                + "<td class=\"total\">([^<]*)</td>\\s*<td class=\"ok\">([^<]*)</td>\\s*<td class=\"ko\">([^<]*)</td>");
        Matcher matcher = pattern.matcher(page);
        if (!matcher.find()) {
            throw new IllegalStateException("no '" + title + "' row in a Gatling report page");
        }
        String text = matcher.group(List.of("total", "ok", "ko").indexOf(column) + 1).trim().replace(",", "");
        return "-".equals(text) ? 0 : Long.parseLong(text);
    }
}
