package dev.rendergateway.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The thumbnails of finished renders, as JSON2Video's asset host would serve them: {@code GET /assets/{project}
 * /thumbnail.jpg} answers one real 320x180 JPEG (the same picture for every render, marked "SANDBOX") once the
 * render is done, without a key, and 404 for anything else. Videos are not served: the sandbox renders none.
 */
final class ThumbnailAsset {
    static final String PREFIX = "/assets/";
    private static final String SUFFIX = "/thumbnail.jpg";
    private static final byte[] JPEG = read();

    private final SandboxEngine engine;

    ThumbnailAsset(SandboxEngine engine) {
        this.engine = engine;
    }

    /** The image of a done render's thumbnail path, or a 404 (405 for a method other than GET or HEAD). */
    Answer answer(String method, String path) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Answer.failure(405, "Method not allowed", Map.of("Allow", "GET, HEAD"));
        }
        if (!path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
            return Answer.failure(404, "Not found");
        }
        String project = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        boolean done = engine.status(project).map(state -> MovieState.DONE.equals(state.status())).orElse(false);
        if (!done) {
            return Answer.failure(404, "Not found");
        }
        return new Answer(200, "image/jpeg", Map.of("Cache-Control", "public, max-age=86400"), JPEG, false);
    }

    private static byte[] read() {
        try (InputStream in = ThumbnailAsset.class.getResourceAsStream("thumbnail.jpg")) {
            if (in == null) {
                throw new IllegalStateException("thumbnail.jpg is missing from the sandbox's classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
