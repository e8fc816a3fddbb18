package dev.rendergateway.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.upstream.MovieTag;
import dev.rendergateway.server.http.Problem.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Validates the body of {@code POST /v1/renders}: {@code {"movie": {…}, "metadata": {…}?, "webhook": "https://…"?}}.
 * Every problem found is reported at once, each naming its field.
 */
public final class RenderRequestReader {

    private static final Set<String> FIELDS = Set.of("movie", "metadata", "webhook");

    /** The request, or a 422 {@link ProblemException} listing every invalid field. */
    public RenderRequest read(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new ProblemException(Problem.invalid(List.of(
                    new FieldError("", "the body must be a JSON object with a 'movie'"))));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field; allowed are movie, metadata and webhook"));
            }
        }
        JsonNode movie = body.get("movie");
        checkMovie(movie, errors);
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            errors.add(new FieldError("metadata", "must be a JSON object"));
        }
        JsonNode webhook = body.get("webhook");
        String webhookUrl = checkWebhook(webhook, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
        return new RenderRequest(movie, metadata == null || metadata.isNull() ? null : metadata, webhookUrl);
    }

    private static void checkMovie(JsonNode movie, List<FieldError> errors) {
        if (movie == null || movie.isNull()) {
            errors.add(new FieldError("movie", "is required: the JSON2Video movie to render"));
        } else if (!movie.isObject()) {
            errors.add(new FieldError("movie", "must be a JSON object"));
        } else {
            JsonNode scenes = movie.get("scenes");
            if (scenes == null || !scenes.isArray() || scenes.isEmpty()) {
                errors.add(new FieldError("movie.scenes", "must be a non-empty array of scenes"));
            }
            JsonNode clientData = movie.get(MovieTag.CLIENT_DATA);
            if (clientData != null && !clientData.isNull() && !clientData.isObject()) {
                // The gateway tags its submissions inside client-data: it must be an object, as JSON2Video's is.
                errors.add(new FieldError("movie.client-data", "must be a JSON object"));
            }
        }
    }

    private static String checkWebhook(JsonNode webhook, List<FieldError> errors) {
        if (webhook == null || webhook.isNull()) {
            return null;
        }
        if (webhook.isTextual()) {
            try {
                URI uri = new URI(webhook.asText());
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri.toString();
                }
            } catch (URISyntaxException ignored) {
                // reported below
            }
        }
        errors.add(new FieldError("webhook", "must be an absolute http(s) URL"));
        return null;
    }
}
