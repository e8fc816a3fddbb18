package dev.rendergateway.server.http.routes;

import dev.rendergateway.server.http.RouteSpec;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What each path of the route table allows, for the {@code Allow} header of a 405 (RFC 9110 §15.5.6): the methods of
 * every route whose template the path fits, {@code HEAD} wherever {@code GET} is, and {@code OPTIONS} (CORS
 * preflight) everywhere.
 */
final class AllowedMethods {

    private final List<RouteSpec> table;

    AllowedMethods(List<RouteSpec> table) {
        this.table = List.copyOf(table);
    }

    /** The {@code Allow} value of {@code path} (without query), or empty when no route has it at all. */
    Optional<String> of(String path) {
        Set<String> methods = new LinkedHashSet<>();
        for (RouteSpec route : table) {
            if (route.matches(path)) {
                methods.add(route.method().name());
                if (route.method() == HttpMethod.GET) {
                    methods.add(HttpMethod.HEAD.name());
                }
            }
        }
        if (methods.isEmpty()) {
            return Optional.empty();
        }
        methods.add(HttpMethod.OPTIONS.name());
        return Optional.of(String.join(", ", methods));
    }
}
