package dev.rendergateway.core.pipeline;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.resilience.GuardedUpstream;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.tracing.TraceContext;
import dev.rendergateway.core.tracing.TraceMdc;
import dev.rendergateway.core.upstream.UpstreamListQuery;
import dev.rendergateway.core.upstream.UpstreamMovie;
import dev.rendergateway.core.upstream.UpstreamMoviePage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Finds out what became of submissions whose answer was lost (a timeout or dropped connection after the
 * request was written, a 5xx, an unreadable answer): every movie is tagged with its render id
 * ({@link dev.rendergateway.core.upstream.MovieTag}), so the upstream's list mode tells. One list read every
 * {@link ReconcileConfig#readInterval()} serves every render waiting for an answer. A render found upstream is
 * adopted (its project polled to the end); one still absent from complete reads at the end of the window was
 * never created and goes back to the queue, once; only when list mode stayed unavailable for the whole window
 * does a render end {@code upstream_outcome_unknown}. Each outcome is handed to {@code settled}.
 */
final class SubmissionReconciler implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(SubmissionReconciler.class);
    private static final int PAGE_SIZE = 100;
    /** Movies created this long before the earliest ambiguous submission are not looked at (clock skew). */
    private static final Duration SKEW = Duration.ofMinutes(10);

    private final GuardedUpstream upstream;
    private final RenderUpdates updates;
    private final ReconcileConfig config;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> resubmitted = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Render> settled = render -> { };
    private Disposable reading;

    SubmissionReconciler(GuardedUpstream upstream, RenderUpdates updates, ReconcileConfig config,
                         Scheduler scheduler) {
        this.upstream = upstream;
        this.updates = updates;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = new SchedulerClock(scheduler);
    }

    /** Starts reading list mode every read interval while renders wait; {@code outcome} hears each settled render. */
    synchronized void start(Consumer<Render> outcome) {
        this.settled = outcome;
        if (reading == null) {
            reading = Flux.interval(config.readInterval(), config.readInterval(), scheduler)
                    .onBackpressureDrop()
                    .concatMap(tick -> readOnce(), 0)
                    .subscribe();
        }
    }

    /** Looks for {@code render} (left {@code submitting}) upstream; its submission became ambiguous {@code at}. */
    void reconcile(Render render, Instant at) {
        try (TraceMdc mdc = TraceMdc.of(render.trace())) {
            log.info("render {}: its submission's answer was lost; looking it up in JSON2Video's list for up to {}",
                    render.id(), config.window());
        }
        pending.put(render.id(), new Pending(render.id(), at, clock.instant().plus(config.window()), render.trace()));
    }

    /** Stops looking for a render (another instance took it over). */
    void abandon(String renderId) {
        pending.remove(renderId);
    }

    /** The renders being looked for now. */
    Set<String> pendingNow() {
        return Set.copyOf(pending.keySet());
    }

    /** One list read for every render waiting, then each one's outcome. */
    Mono<Void> readOnce() {
        if (pending.isEmpty()) {
            return Mono.empty();
        }
        List<Pending> waiting = List.copyOf(pending.values());
        Instant startedAt = clock.instant();
        return search(waiting)
                .map(found -> settle(waiting, found, Optional.of(startedAt)))
                .onErrorResume(unavailable -> {
                    log.info("list mode unavailable for {} render(s) waiting: {}", waiting.size(),
                            unavailable.toString());
                    return Mono.just(settle(waiting, Result.INCOMPLETE, Optional.empty()));
                })
                .flatMap(outcomes -> Flux.concat(outcomes).then());
    }

    /** Pages through list mode, newest first, until every render is found or the movies are older than all. */
    private Mono<Result> search(List<Pending> waiting) {
        Instant earliest = waiting.stream().map(Pending::ambiguousAt).min(Comparator.naturalOrder()).orElseThrow()
                .minus(SKEW);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
        LocalDate from = LocalDate.ofInstant(earliest, ZoneOffset.UTC);
        if (from.isBefore(today.minusDays(UpstreamListQuery.MAX_DAYS))) {
            from = today.minusDays(UpstreamListQuery.MAX_DAYS);
        }
        Set<String> wanted = new java.util.HashSet<>(waiting.stream().map(Pending::renderId).toList());
        UpstreamListQuery first = new UpstreamListQuery(from, today, PAGE_SIZE, null);
        return page(first, wanted, earliest, new HashMap<>(), 1);
    }

    private Mono<Result> page(UpstreamListQuery query, Set<String> wanted, Instant earliest,
                              Map<String, String> found, int pageNumber) {
        return upstream.list(query).flatMap(page -> {
            boolean olderThanAll = collect(page, wanted, earliest, found);
            UpstreamListQuery next = query.next(page);
            if (found.keySet().containsAll(wanted) || olderThanAll || next == null) {
                return Mono.just(new Result(Map.copyOf(found), true));
            }
            if (pageNumber >= config.maxPages()) {
                return Mono.just(new Result(Map.copyOf(found), false));
            }
            return page(next, wanted, earliest, found, pageNumber + 1);
        });
    }

    /** Notes the wanted renders on the page; tells whether the page reached movies older than all of them. */
    private static boolean collect(UpstreamMoviePage page, Set<String> wanted, Instant earliest,
                                   Map<String, String> found) {
        boolean older = false;
        for (UpstreamMovie movie : page.movies()) {
            movie.taggedRenderId().filter(wanted::contains)
                    .filter(id -> movie.project() != null)
                    .ifPresent(id -> found.putIfAbsent(id, movie.project()));
            older |= movie.createdAt() != null && movie.createdAt().isBefore(earliest);
        }
        return older;
    }

    /** Each waiting render's outcome after a read ({@code readAt} empty when it failed). */
    private List<Mono<Void>> settle(List<Pending> waiting, Result result, Optional<Instant> readAt) {
        Instant now = clock.instant();
        return waiting.stream().map(render -> {
            String project = result.found().get(render.renderId());
            if (project != null) {
                return adopt(render, project);
            }
            Pending seen = result.complete() && readAt.isPresent() ? render.readAt(readAt.get()) : render;
            if (now.isBefore(render.deadline())) {
                pending.replace(render.renderId(), render, seen);
                return Mono.<Void>empty();
            }
            return seen.conclusive(config.window()) ? absent(seen) : unavailable(seen);
        }).toList();
    }

    private Mono<Void> adopt(Pending render, String project) {
        try (TraceMdc mdc = TraceMdc.of(render.trace())) {
            log.info("render {} found upstream as project {}: its lost answer is reconciled", render.renderId(),
                    project);
        }
        return finish(render, current -> current.status() == RenderStatus.SUBMITTING
                ? current.running(project, clock.instant()) : current);
    }

    /** Never created: back to the head of the queue, once. */
    private Mono<Void> absent(Pending render) {
        if (!resubmitted.add(render.renderId())) {
            return end(render, "It was not found in JSON2Video's list after being sent again; it was not re-sent "
                    + "a third time.");
        }
        try (TraceMdc mdc = TraceMdc.of(render.trace())) {
            log.info("render {} is absent from JSON2Video's list after {}: it was never created and is sent again",
                    render.renderId(), config.window());
        }
        return finish(render, current -> current.status() == RenderStatus.SUBMITTING
                ? current.requeued(clock.instant()) : current);
    }

    private Mono<Void> unavailable(Pending render) {
        return end(render, "JSON2Video's list could not be read for " + config.window() + " to tell whether it was "
                + "created; it was not re-sent, to avoid a second charge.");
    }

    private Mono<Void> end(Pending render, String why) {
        RenderError error = new RenderError(RenderError.OUTCOME_UNKNOWN,
                "The submission's answer was lost, so it may or may not have reached JSON2Video. " + why);
        try (TraceMdc mdc = TraceMdc.of(render.trace())) {
            log.warn("render {} ends {}: {}", render.renderId(), error.code(), why);
        }
        return finish(render, current -> current.status() == RenderStatus.SUBMITTING
                ? current.failed(RenderStatus.ERROR, error, clock.instant()) : current);
    }

    private Mono<Void> finish(Pending render, java.util.function.UnaryOperator<Render> change) {
        if (pending.remove(render.renderId()) == null) {
            return Mono.empty();
        }
        return updates.apply(render.renderId(), change::apply)
                .doOnNext(settled)
                .onErrorResume(error -> {
                    log.warn("render {}: its reconciled state was not stored ({}); looking again", render.renderId(),
                            error.toString());
                    pending.putIfAbsent(render.renderId(), render);
                    return Mono.empty();
                })
                .then();
    }

    @Override
    public synchronized void dispose() {
        if (reading != null) {
            reading.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return reading != null && reading.isDisposed();
    }

    /** What one list read found: render id → project, and whether it looked far enough back to be sure. */
    private record Result(Map<String, String> found, boolean complete) {
        static final Result INCOMPLETE = new Result(Map.of(), false);
    }

    /** A render waiting for reconciliation (with its trace), and the last complete list read that did not show it. */
    private record Pending(String renderId, Instant ambiguousAt, Instant deadline, TraceContext trace,
                           Instant lastCompleteRead) {

        Pending(String renderId, Instant ambiguousAt, Instant deadline, TraceContext trace) {
            this(renderId, ambiguousAt, deadline, trace, null);
        }

        Pending readAt(Instant at) {
            return new Pending(renderId, ambiguousAt, deadline, trace, at);
        }

        /** A complete read from the second half of the window on did not show it: it was never created. */
        boolean conclusive(Duration window) {
            return lastCompleteRead != null && !lastCompleteRead.isBefore(ambiguousAt.plus(window.dividedBy(2)));
        }
    }
}
