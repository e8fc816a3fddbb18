package dev.rendergateway.server.http.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.rendergateway.server.support.Reply;
import dev.rendergateway.server.support.SseEvent;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The answers openapi.json documents, and the check of a real answer against them: its status must be documented
 * for its operation, its Content-Type among the documented media types, every required header present and valid,
 * and its body valid against the documented schema (OpenAPI 3.1 dialect, formats asserted).
 */
final class DocumentedAnswers {

    /** Where the document is registered for the validator; an identifier only, never fetched. */
    private static final String BASE = "https://render-gateway.invalid/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "delete", "patch");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Set<String> checked = new TreeSet<>();
    private int answers;

    private DocumentedAnswers(String text) {
        try {
            this.document = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(BASE, text)));
    }

    /** The description the gateway serves, read from the classpath resource it serves it from. */
    static DocumentedAnswers load() {
        try (InputStream in = DocumentedAnswers.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            return new DocumentedAnswers(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    /** Every documented answer as {@code "METHOD template status"}. */
    Set<String> documented() {
        Set<String> all = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                op.getValue().path("responses").fieldNames().forEachRemaining(status ->
                        all.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + status));
            }
        }));
        return all;
    }

    /** The documented answers a check has passed for, as {@link #documented()} names them. */
    Set<String> checked() {
        return checked;
    }

    /** How many real answers were checked, the 405s included. */
    int answers() {
        return answers;
    }

    /** The documented methods of {@code template}, upper case, in document order. */
    List<String> methodsOf(String template) {
        List<String> methods = new ArrayList<>();
        path(template).fieldNames().forEachRemaining(name -> {
            if (METHODS.contains(name)) {
                methods.add(name.toUpperCase(Locale.ROOT));
            }
        });
        return methods;
    }

    /** The documented methods of every path template {@code path} fits. */
    Set<String> methodsFitting(String path) {
        Set<String> methods = new TreeSet<>();
        document.path("paths").fieldNames().forEachRemaining(template -> {
            if (fits(path, template)) {
                methods.addAll(methodsOf(template));
            }
        });
        return methods;
    }

    /** Checks a whole answer to {@code method} on a path of {@code template}; JSON and NDJSON bodies validated. */
    void assertConforms(String method, String template, Reply answer) {
        String where = method + " " + template + " → " + answer.status();
        String pointer = responsePointer(method, template, answer.status(), answer.body());
        JsonNode response = at(pointer);
        assertHeaders(where, response, answer.headers());
        if ("HEAD".equals(method)) {
            assertThat(answer.body()).as("%s: an answer to HEAD has no body", where).isEmpty();
            String get = responsePointer("GET", template, answer.status(), answer.body());
            assertContentTypeOnly(where, at(get), answer.headers());
        } else if (!response.has("content")) {
            assertThat(answer.body()).as("%s: documented without content", where).isEmpty();
        } else {
            String mediaType = mediaType(where, response, answer.headers());
            String schema = pointer + "/content/" + escape(mediaType) + "/schema";
            if (mediaType.endsWith("json")) {
                assertValid(where, schema, json(where, answer.body()));
            } else if ("application/x-ndjson".equals(mediaType)) {
                String[] lines = answer.body().split("\n");
                assertThat(lines).as("%s: NDJSON lines", where).isNotEmpty();
                for (String line : lines) {
                    assertValid(where + " (line " + line + ")", schema, json(where, line));
                }
            } else if (mediaType.startsWith("text/") && !"text/event-stream".equals(mediaType)) {
                assertThat(at(schema).path("type").asText()).as("%s: a text body's schema", where).isEqualTo("string");
                assertThat(answer.body()).as("%s: a text body", where).isNotEmpty();
            } else {
                fail("%s: %s is checked by assertStreamConforms", where, mediaType);
            }
        }
        record(method, template, answer.status());
    }

    /** Checks an event stream's status and headers, and the events read from it against its documented schema. */
    void assertStreamConforms(String template, int status, HttpHeaders headers, List<SseEvent> events) {
        String where = "GET " + template + " → " + status;
        String pointer = responsePointer("GET", template, status, "");
        JsonNode response = at(pointer);
        assertHeaders(where, response, headers);
        String mediaType = mediaType(where, response, headers);
        assertThat(mediaType).as(where).isEqualTo("text/event-stream");
        assertThat(events).as("%s: events read", where).isNotEmpty();
        ArrayNode stream = JsonNodeFactory.instance.arrayNode();
        for (SseEvent event : events) {
            stream.addObject().put("id", event.id()).put("event", event.event()).set("data", json(where, event.data()));
        }
        assertValid(where, pointer + "/content/" + escape(mediaType) + "/schema", stream);
        record("GET", template, status);
    }

    /**
     * Checks a 405 to {@code path} against the root's {@code x-method-not-allowed}: {@code Allow} names exactly the
     * documented methods of every path template {@code path} fits, and OPTIONS.
     */
    void assertMethodNotAllowed(String method, String path, Reply answer) {
        String where = method + " " + path + " → " + answer.status();
        Set<String> expected = methodsFitting(path);
        assertThat(expected).as("%s: a documented path", where).isNotEmpty().doesNotContain(method);
        assertThat(answer.status()).as(where).isEqualTo(405);
        JsonNode response = at("/x-method-not-allowed");
        assertHeaders(where, response, answer.headers());
        Set<String> allow = Set.of(answer.headers().get("Allow").split(", "));
        expected.add("OPTIONS");
        assertThat(new TreeSet<>(allow)).as("%s: Allow is the documented methods of the path and OPTIONS", where)
                .isEqualTo(expected);
        String mediaType = mediaType(where, response, answer.headers());
        assertValid(where, "/x-method-not-allowed/content/" + escape(mediaType) + "/schema",
                json(where, answer.body()));
        answers++;
    }

    /** Whether a request path fits a path template, each {@code {name}} standing for one non-empty segment. */
    private static boolean fits(String path, String template) {
        return path.matches(template.replaceAll("\\{[^/]+}", "[^/]+").replace(".", "\\."));
    }

    private void record(String method, String template, int status) {
        checked.add(method + " " + template + " " + status);
        answers++;
    }

    /** The pointer to the documented response, after its $ref; fails when the status is not documented. */
    private String responsePointer(String method, String template, int status, String body) {
        JsonNode operation = path(template).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isObject()).as("%s %s is documented", method, template).isTrue();
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            fail("%s %s answered %d, which openapi.json does not document (it documents %s); body: %s", method,
                    template, status, fieldNames(operation.path("responses")), body);
        }
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        return response.has("$ref") ? response.path("$ref").asText().substring(1) : pointer;
    }

    private void assertHeaders(String where, JsonNode response, HttpHeaders headers) {
        response.path("headers").fields().forEachRemaining(entry -> {
            JsonNode header = entry.getValue().has("$ref")
                    ? at(entry.getValue().path("$ref").asText().substring(1)) : entry.getValue();
            String value = headers.get(entry.getKey());
            if (value == null) {
                assertThat(header.path("required").asBoolean()).as("%s: required header %s", where, entry.getKey())
                        .isFalse();
                return;
            }
            List<Error> errors = schemaAt(header.path("schema")).validate(TextNode.valueOf(value),
                    context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
            assertThat(errors).as("%s: header %s: %s", where, entry.getKey(), value).isEmpty();
        });
    }

    private static void assertContentTypeOnly(String where, JsonNode getResponse, HttpHeaders headers) {
        if (getResponse.has("content")) {
            mediaType(where, getResponse, headers);
        }
    }

    private static String mediaType(String where, JsonNode response, HttpHeaders headers) {
        String declared = headers.get("Content-Type");
        assertThat(declared).as("%s: Content-Type", where).isNotNull();
        String mediaType = declared.split(";")[0].trim().toLowerCase(Locale.ROOT);
        assertThat(fieldNames(response.path("content"))).as("%s: documented media types", where).contains(mediaType);
        return mediaType;
    }

    private void assertValid(String where, String schemaPointer, JsonNode instance) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#" + fragment(schemaPointer)));
        List<Error> errors = schema.validate(instance,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        assertThat(errors.stream().map(Error::toString).collect(Collectors.toList()))
                .as("%s: body %s against %s", where, instance, schemaPointer).isEmpty();
    }

    /** A header's schema: inline ones never hold a $ref in this document, so they are read on their own. */
    private Schema schemaAt(JsonNode schema) {
        return registry.getSchema(schema);
    }

    private JsonNode path(String template) {
        JsonNode item = document.path("paths").path(template);
        assertThat(item.isObject()).as("path %s is documented", template).isTrue();
        return item;
    }

    private JsonNode at(String pointer) {
        JsonNode node = document.at(pointer);
        assertThat(node.isMissingNode()).as("%s in openapi.json", pointer).isFalse();
        return node;
    }

    private static JsonNode json(String where, String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(where + ": not JSON: " + text, e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    /** JSON Pointer escaping of one reference token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A JSON Pointer as a URI fragment: the characters a fragment cannot hold, percent-encoded. */
    private static String fragment(String pointer) {
        return pointer.replace("%", "%25").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20");
    }
}
