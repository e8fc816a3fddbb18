package dev.rendergateway.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * One accepted render: when it began, how long each phase lasts, and what it will produce. Its thumbnail is
 * {@code thumbnails + project + "/thumbnail.jpg"}: a real image when the sandbox serves HTTP (see
 * {@link SandboxEngine#thumbnailsAt}); its video is a name only.
 */
record Render(String project, Instant createdAt, Duration pendingTime, Duration renderTime, MovieSpec spec,
        String thumbnails) {

    static final String ASSETS = "https://assets.sandbox.local/clients/sandbox/";
    static final String FAILURE_MESSAGE = "Sandbox render failed as requested";

    /** The state this render shows at {@code now}, computed from elapsed time alone. */
    MovieState stateAt(Instant now) {
        Duration elapsed = Duration.between(createdAt, now);
        Duration pending = pendingTime.compareTo(renderTime) < 0 ? pendingTime : renderTime;
        if (elapsed.compareTo(renderTime) >= 0) {
            return spec.failRequested() ? failed() : done();
        }
        if (elapsed.compareTo(pending) < 0) {
            return base(MovieState.PENDING, 0, null, null, null);
        }
        return base(MovieState.RUNNING, progress(elapsed.minus(pending), renderTime.minus(pending)), null, null, null);
    }

    private static int progress(Duration runningFor, Duration runningPhase) {
        if (runningPhase.isZero()) {
            return 99;
        }
        long percent = runningFor.toNanos() * 100 / runningPhase.toNanos();
        return (int) Math.max(0, Math.min(99, percent));
    }

    private MovieState done() {
        String folder = ASSETS + project + "/";
        return base(MovieState.DONE, 100, "", folder + "movie.mp4", thumbnails + project + "/thumbnail.jpg");
    }

    private MovieState failed() {
        return base(MovieState.ERROR, 99, FAILURE_MESSAGE, null, null);
    }

    private MovieState base(String status, int progress, String message, String url, String thumbnail) {
        boolean terminal = MovieState.DONE.equals(status) || MovieState.ERROR.equals(status);
        boolean done = MovieState.DONE.equals(status);
        return new MovieState(
                project, status, progress, message, url, thumbnail,
                done ? spec.duration() : null,
                done ? fileSize() : null,
                spec.width(), spec.height(),
                terminal ? renderTime.toMillis() / 1000.0 : null,
                createdAt,
                terminal ? createdAt.plus(renderTime) : null,
                spec.clientData());
    }

    private long fileSize() {
        return Math.round(spec.duration() * spec.width() * spec.height() * 0.1);
    }
}
