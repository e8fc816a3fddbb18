package dev.rendergateway.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.tracing.TraceContext;
import java.time.Instant;
import java.util.Objects;

/**
 * One render as the gateway knows it: the caller's request, where it is upstream and what came of it, and the
 * trace context of the request that created it ({@code trace}, null when unknown, e.g. in records written before
 * traces were kept), which its submission, polls and webhook deliveries continue.
 *
 * <p>Immutable; every change yields a new value with the next {@code revision}, which stores use for
 * compare-and-set updates.
 */
public record Render(
        String id,
        String tenant,
        RenderStatus status,
        int progress,
        String project,
        String url,
        String thumbnail,
        Double duration,
        Double credits,
        JsonNode metadata,
        RenderError error,
        Instant createdAt,
        Instant updatedAt,
        JsonNode movie,
        String webhook,
        TraceContext trace,
        long revision) {

    public Render {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(movie, "movie");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress out of 0..100: " + progress);
        }
    }

    /** A freshly accepted render, {@code queued}, at revision 0. */
    public static Render queued(String id, String tenant, RenderRequest request, Instant now) {
        return new Render(id, tenant, RenderStatus.QUEUED, 0, null, null, null, null, null,
                request.metadata(), null, now, now, request.movie(), request.webhook(), null, 0);
    }

    /** The same render carrying the trace context of the request that created it. */
    public Render withTrace(TraceContext newTrace) {
        return new Render(id, tenant, status, progress, project, url, thumbnail, duration, credits, metadata, error,
                createdAt, updatedAt, movie, webhook, newTrace, revision);
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** The same render, claimed for submission. */
    public Render submitting(Instant now) {
        return new Render(id, tenant, RenderStatus.SUBMITTING, 0, project, url, thumbnail, duration, credits,
                metadata, error, createdAt, now, movie, webhook, trace, revision);
    }

    /** The same render, back in the queue: its claim was withdrawn before anything was sent. */
    public Render requeued(Instant now) {
        return new Render(id, tenant, RenderStatus.QUEUED, 0, project, url, thumbnail, duration, credits, metadata,
                error, createdAt, now, movie, webhook, trace, revision);
    }

    /** The same render, accepted upstream under {@code upstreamProject}. */
    public Render running(String upstreamProject, Instant now) {
        return new Render(id, tenant, RenderStatus.RUNNING, progress, upstreamProject, url, thumbnail,
                duration, credits, metadata, error, createdAt, now, movie, webhook, trace, revision);
    }

    /** The same render with progress moved forward; progress never goes backwards. */
    public Render progressed(int newProgress, Instant now) {
        int clamped = Math.max(progress, Math.min(99, Math.max(0, newProgress)));
        if (clamped == progress) {
            return this;
        }
        return new Render(id, tenant, status, clamped, project, url, thumbnail, duration, credits, metadata, error,
                createdAt, now, movie, webhook, trace, revision);
    }

    /** The same render, finished with its video. */
    public Render done(String videoUrl, String thumbnailUrl, Double seconds, Instant now) {
        return new Render(id, tenant, RenderStatus.DONE, 100, project, videoUrl, thumbnailUrl, seconds, credits,
                metadata, null, createdAt, now, movie, webhook, trace, revision);
    }

    /** The same render with the upstream credits it consumed ({@code consumed_credits}); null while unknown. */
    public Render withCredits(Double consumed) {
        return new Render(id, tenant, status, progress, project, url, thumbnail, duration, consumed, metadata,
                error, createdAt, updatedAt, movie, webhook, trace, revision);
    }

    /** The same render, ended in a terminal failure status with a reason. */
    public Render failed(RenderStatus terminal, RenderError reason, Instant now) {
        if (!terminal.isTerminal() || terminal == RenderStatus.DONE) {
            throw new IllegalArgumentException("not a failure status: " + terminal);
        }
        return new Render(id, tenant, terminal, progress, project, url, thumbnail, duration, credits, metadata,
                reason, createdAt, now, movie, webhook, trace, revision);
    }

    /** The same render, cancelled before anything was sent upstream. */
    public Render cancelled(Instant now) {
        return new Render(id, tenant, RenderStatus.CANCELLED, progress, project, url, thumbnail, duration, credits,
                metadata, null, createdAt, now, movie, webhook, trace, revision);
    }

    /** The same value at another revision; only stores call this. */
    public Render withRevision(long newRevision) {
        return new Render(id, tenant, status, progress, project, url, thumbnail, duration, credits, metadata, error,
                createdAt, updatedAt, movie, webhook, trace, newRevision);
    }
}
