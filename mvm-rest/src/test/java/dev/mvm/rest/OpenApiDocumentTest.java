package dev.mvm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvm.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document, its copy in docs/, and the handler's routes agree. */
@DisplayName("The OpenAPI document")
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    Path tmp;

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvm-rest").resolve("pom.xml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("Run from inside the repository");
        }
        return p;
    }

    @Test
    @DisplayName("docs/openapi.json is the document the module serves")
    void docsCopy() throws Exception {
        try (ModelRegistry registry = ModelRegistry.local(tmp);
                MvmHttpServer server = MvmHttpServer.start(registry, 0)) {
            byte[] served = new RestClient("http://127.0.0.1:" + server.port(), null).get("/api/v1/openapi.json")
                    .raw().body();
            assertThat(served).isEqualTo(server.handler().openApiDocument());
            assertThat(Files.readAllBytes(repoRoot().resolve("docs/openapi.json")))
                    .as("docs/openapi.json must equal mvm-rest/src/main/resources/dev/mvm/rest/openapi.json")
                    .isEqualTo(served);
            assertThat(RestClient.JSON.readTree(served).path("openapi").asText()).startsWith("3.");
        }
    }

    @Test
    @DisplayName("every path and method of the document is routed, and every route is in the document")
    void routesMatch() throws Exception {
        try (ModelRegistry registry = ModelRegistry.local(tmp); MvmRestHandler handler = MvmRestHandler.of(registry)) {
            JsonNode doc = RestClient.JSON.readTree(handler.openApiDocument());
            List<String> documented = new ArrayList<>();
            Iterator<String> paths = doc.path("paths").fieldNames();
            while (paths.hasNext()) {
                String path = paths.next();
                doc.path("paths").path(path).fieldNames().forEachRemaining(m -> {
                    if (METHODS.contains(m)) {
                        documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path);
                    }
                });
            }
            assertThat(documented).hasSizeGreaterThan(25).containsExactlyInAnyOrderElementsOf(handler.routes());
        }
    }

    @Test
    @DisplayName("every operation documents its error responses with the Error schema, and every reference resolves")
    void wellFormed() throws Exception {
        try (ModelRegistry registry = ModelRegistry.local(tmp); MvmRestHandler handler = MvmRestHandler.of(registry)) {
            String text = new String(handler.openApiDocument(), java.nio.charset.StandardCharsets.UTF_8);
            JsonNode doc = RestClient.JSON.readTree(text);
            java.util.regex.Matcher refs = java.util.regex.Pattern.compile("#/components/schemas/(\\w+)").matcher(text);
            while (refs.find()) {
                assertThat(doc.path("components").path("schemas").has(refs.group(1))).as(refs.group(0)).isTrue();
            }
            doc.path("paths").forEach(item -> item.forEach(op -> {
                assertThat(op.path("operationId").asText()).isNotBlank();
                assertThat(op.path("responses").fieldNames()).toIterable().anyMatch(s -> s.startsWith("4") || s.startsWith("5"));
            }));
        }
    }
}
