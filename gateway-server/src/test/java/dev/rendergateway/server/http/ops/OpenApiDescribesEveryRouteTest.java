package dev.rendergateway.server.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.TestGateway;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI description served at /openapi.json names exactly the endpoints the gateway serves: the route table,
 * and HEAD wherever it has GET.
 */
class OpenApiDescribesEveryRouteTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");

    @Test
    void describesEveryServedRouteAndNoOther() {
        try (TestGateway env = TestGateway.start()) {
            Reply reply = env.client().get("/openapi.json", null);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            JsonNode document = reply.json();
            assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
            assertThat(operations(document)).containsExactlyInAnyOrderElementsOf(withHead(env.gateway().routes()));
        }
    }

    @Test
    void givesEveryOperationAnIdAndItsAnswers() {
        try (TestGateway env = TestGateway.start()) {
            JsonNode paths = env.client().get("/openapi.json", null).json().path("paths");
            List<String> ids = new ArrayList<>();
            paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                if (METHODS.contains(operation.getKey())) {
                    assertThat(operation.getValue().path("responses").size())
                            .as(operation.getKey() + " " + path.getKey()).isPositive();
                    ids.add(operation.getValue().path("operationId").asText());
                }
            }));
            assertThat(ids).doesNotContain("").doesNotHaveDuplicates();
        }
    }

    /** The route table's operations, and HEAD of every GET route (the gateway answers it with the same handler). */
    private static List<String> withHead(List<String> routes) {
        List<String> all = new ArrayList<>(routes);
        routes.stream().filter(route -> route.startsWith("GET ")).map(route -> "HEAD " + route.substring(4))
                .forEach(all::add);
        return all;
    }

    private static List<String> operations(JsonNode document) {
        List<String> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }
}
