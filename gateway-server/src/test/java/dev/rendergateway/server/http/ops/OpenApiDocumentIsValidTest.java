package dev.rendergateway.server.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** openapi.json is a valid OpenAPI 3.1 description for the reference parser: no message at all, every $ref resolved. */
class OpenApiDocumentIsValidTest {

    @Test
    void theReferenceParserReadsItWithoutASingleMessage() {
        SwaggerParseResult result = parse(false);

        assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getSpecVersion().name()).isEqualTo("V31");
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void everyReferenceResolvesWithinTheDocument() {
        SwaggerParseResult result = parse(true);

        assertThat(result.getMessages()).as("swagger-parser messages, references resolved").isEmpty();
        result.getOpenAPI().getPaths().forEach((path, item) -> item.readOperations().forEach(operation ->
                operation.getResponses().forEach((status, response) -> assertThat(response.get$ref())
                        .as("%s %s %s", operation.getOperationId(), path, status).isNull())));
    }

    private static SwaggerParseResult parse(boolean resolve) {
        ParseOptions options = new ParseOptions();
        options.setResolve(resolve);
        options.setResolveFully(resolve);
        options.setValidateInternalRefs(true);
        return new OpenAPIV3Parser().readContents(document(), null, options);
    }

    private static String document() {
        try (InputStream in = OpenApiDocumentIsValidTest.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
