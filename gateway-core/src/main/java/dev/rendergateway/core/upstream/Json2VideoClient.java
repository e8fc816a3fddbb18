package dev.rendergateway.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import reactor.core.publisher.Mono;

/**
 * The JSON2Video API as the gateway uses it: start a render, ask how it is doing. Failures are
 * {@link UpstreamException}s whose {@link UpstreamFailure} says whether the upstream may have acted.
 */
public interface Json2VideoClient {

    /** {@code POST /v2/movies}: starts rendering {@code movie}; emits the upstream project id. */
    Mono<String> submit(JsonNode movie);

    /** {@code GET /v2/movies?project=}: the render's state upstream. */
    Mono<UpstreamMovie> status(String project);

    /** {@code GET /v2/movies} without a project (list mode): one page of the account's movies, newest first. */
    Mono<UpstreamMoviePage> list(UpstreamListQuery query);
}
