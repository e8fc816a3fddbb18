package dev.rendergateway.sandbox;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/** The most recent requests the sandbox received (the last {@value #CAPACITY}), for tests to inspect. */
public final class RequestLog {

    static final int CAPACITY = 10_000;

    private final ConcurrentLinkedDeque<RecordedRequest> requests = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Clock clock;

    RequestLog(Clock clock) {
        this.clock = clock;
    }

    void record(String method, String uri, HttpHeaders headers, int bodyBytes) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach(header -> copy.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT),
                name -> new ArrayList<>()).add(header.getValue()));
        requests.addLast(new RecordedRequest(method, uri, copy, bodyBytes, clock.instant()));
        if (size.incrementAndGet() > CAPACITY && requests.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    /** The recorded requests, oldest first. */
    public List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    /** The recorded requests of one method, oldest first. */
    public List<RecordedRequest> withMethod(String method) {
        return requests.stream().filter(request -> request.method().equals(method)).toList();
    }

    /** How many of the recorded requests read list mode ({@code GET /v2/movies} without a project or id). */
    public long listReads() {
        return requests.stream()
                .filter(request -> request.method().equals("GET"))
                .filter(request -> !request.uri().contains("project=") && !request.uri().contains("id="))
                .count();
    }

    /** Forgets what was recorded. */
    public void clear() {
        requests.clear();
        size.set(0);
    }
}
