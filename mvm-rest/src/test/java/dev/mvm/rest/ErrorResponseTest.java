package dev.mvm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.ModelRegistry;
import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.StorageException;
import dev.mvm.rest.internal.ApiException;
import dev.mvm.rest.internal.ErrorMapping;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error is JSON with a stable code and the matching status, and never shows a stack trace. */
@DisplayName("Error responses")
class ErrorResponseTest {
    @TempDir
    Path tmp;
    private ModelRegistry registry;
    private MvmHttpServer server;
    private RestClient client;

    @BeforeEach
    void start() {
        registry = ModelRegistry.local(tmp.resolve("registry"));
        server = MvmHttpServer.builder(registry).maxBodyBytes(4096).build();
        client = new RestClient("http://127.0.0.1:" + server.port(), null);
        assertThat(client.post("/api/v1/models", "{\"name\": \"fraud\"}").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    private static void assertError(RestClient.Reply r, int status, String code, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.json().path("error").path("message").asText()).contains(messagePart);
        assertThat(r.json().path("error").path("request_id").asText())
                .isEqualTo(r.raw().headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(r.body()).doesNotContain("\tat ", "Exception", "dev.mvm.");
    }

    @Nested
    @DisplayName("registry errors")
    class Registry {
        @Test
        @DisplayName("a missing model or version is 404 NOT_FOUND")
        void notFound() {
            assertError(client.get("/api/v1/models/nope"), 404, "NOT_FOUND", "nope");
            assertError(client.get("/api/v1/models/fraud/versions/9.9.9"), 404, "NOT_FOUND", "9.9.9");
        }

        @Test
        @DisplayName("registering an existing name is 409 CONFLICT")
        void conflict() {
            assertError(client.post("/api/v1/models", "{\"name\": \"fraud\"}"), 409, "CONFLICT", "fraud");
        }

        @Test
        @DisplayName("a stale revision is 409 CONFLICT")
        void staleRevision() {
            long revision = client.get("/api/v1/models/fraud").json().path("revision").asLong();
            assertThat(client.put("/api/v1/models/fraud", "{\"description\": \"a\", \"revision\": " + revision + "}")
                    .status()).isEqualTo(200);
            assertError(client.put("/api/v1/models/fraud", "{\"description\": \"b\", \"revision\": " + revision + "}"),
                    409, "CONFLICT", "");
        }

        @Test
        @DisplayName("an invalid name is 400 VALIDATION naming the field")
        void invalidName() {
            RestClient.Reply r = client.post("/api/v1/models", "{\"name\": \"Bad/../Name\"}");
            assertError(r, 400, "VALIDATION", "Bad/../Name");
        }

        @Test
        @DisplayName("a transition the table forbids is 409 ILLEGAL_TRANSITION with the allowed targets")
        void illegalTransition() {
            client.post("/api/v1/models/fraud/versions", "{\"version\": \"1.0.0\"}");
            RestClient.Reply r = client.post("/api/v1/models/fraud/versions/1.0.0/transition", "{\"status\": \"production\"}");
            assertError(r, 409, "ILLEGAL_TRANSITION", "DRAFT");
            assertThat(r.json().path("error").path("from").asText()).isEqualTo("draft");
            assertThat(r.json().path("error").path("allowed").toString()).contains("staging", "archived");
        }

        @Test
        @DisplayName("a model_path is refused unless the server allows a root for it")
        void modelPathRefused() {
            assertError(client.post("/api/v1/models/fraud/versions", "{\"model_path\": \"/etc\"}"), 400, "VALIDATION",
                    "upload");
        }

        @Test
        @DisplayName("uploaded bytes that do not match X-Content-SHA256 are 422 INTEGRITY, and nothing is kept")
        void integrity() {
            String upload = client.post("/api/v1/uploads", null).json().path("upload_id").asText();
            RestClient.Reply r = client.putBytes("/api/v1/uploads/" + upload + "/files/model.bin",
                    "hello".getBytes(StandardCharsets.UTF_8), "0".repeat(64));
            assertError(r, 422, "INTEGRITY", "SHA-256");
            assertThat(client.get("/api/v1/uploads/" + upload).json().path("files").size()).isZero();
        }

        @Test
        @DisplayName("a database locked by another process past the busy timeout is 503 UNAVAILABLE with Retry-After")
        void unavailable() throws Exception {
            try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                    + tmp.resolve("registry").resolve("registry.db"));
                    java.sql.Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                RestClient.Reply r = client.post("/api/v1/models", "{\"name\": \"blocked\"}");
                assertError(r, 503, "UNAVAILABLE", "");
                assertThat(r.raw().headers().firstValue("Retry-After")).hasValue("1");
                s.execute("ROLLBACK");
            }
            assertThat(client.post("/api/v1/models", "{\"name\": \"blocked\"}").status()).as("a retry succeeds")
                    .isEqualTo(201);
        }

        @Test
        @DisplayName("backend failures map to 503 UNAVAILABLE (retryable), 500 STORAGE and 500 INTEGRITY")
        void backendFailures() {
            ApiException unavailable = ErrorMapping.map(new BackendUnavailableException("db locked", null));
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.code()).isEqualTo("UNAVAILABLE");
            assertThat(ErrorMapping.map(new StorageException("disk full", null)).code()).isEqualTo("STORAGE");
            ApiException integrity = ErrorMapping.map(new IntegrityException("digest differs"));
            assertThat(integrity.status()).isEqualTo(500);
            assertThat(integrity.code()).isEqualTo("INTEGRITY");
            ApiException internal = ErrorMapping.map(new NullPointerException("secret detail"));
            assertThat(internal.status()).isEqualTo(500);
            assertThat(internal.getMessage()).doesNotContain("secret detail");
        }
    }

    @Nested
    @DisplayName("request errors")
    class Requests {
        @Test
        @DisplayName("malformed JSON is 400 VALIDATION with line and column")
        void malformed() {
            assertError(client.post("/api/v1/models", "{\"name\": \"x\",,}"), 400, "VALIDATION", "line 1, column");
            assertError(client.post("/api/v1/models", "[1, 2]"), 400, "VALIDATION", "JSON object");
            assertError(client.post("/api/v1/models", "{\"name\": \"a\", \"name\": \"b\"}"), 400, "VALIDATION",
                    "Duplicate");
        }

        @Test
        @DisplayName("an unknown field is 400 VALIDATION listing the allowed fields")
        void unknownField() {
            RestClient.Reply r = client.post("/api/v1/models", "{\"name\": \"x\", \"colour\": \"red\"}");
            assertError(r, 400, "VALIDATION", "Unknown field 'colour'");
            assertThat(r.json().path("error").path("message").asText()).contains("allowed: description, framework");
            assertThat(r.json().path("error").path("field").asText()).isEqualTo("colour");
        }

        @Test
        @DisplayName("a field of the wrong type is 400 VALIDATION naming it")
        void wrongType() {
            assertError(client.post("/api/v1/models", "{\"name\": 42}"), 400, "VALIDATION", "'name' must be a string");
            assertError(client.post("/api/v1/models/fraud/versions", "{\"metrics\": {\"auc\": \"high\"}}"), 400,
                    "VALIDATION", "'metrics.auc' must be a number");
        }

        @Test
        @DisplayName("an unknown or repeated query parameter is 400 VALIDATION")
        void query() {
            assertError(client.get("/api/v1/models/search?colour=red"), 400, "VALIDATION", "colour");
            assertError(client.get("/api/v1/models/search?q=a&q=b"), 400, "VALIDATION", "twice");
            assertError(client.get("/api/v1/models/search?page_size=100000"), 400, "VALIDATION", "page_size");
        }

        @Test
        @DisplayName("a body over the limit is 413, with or without Content-Length")
        void tooLarge() {
            String big = "{\"name\": \"x\", \"description\": \"" + "a".repeat(5000) + "\"}";
            assertError(client.post("/api/v1/models", big), 413, "PAYLOAD_TOO_LARGE", "4096");
            HttpRequest chunked = client.request("/api/v1/models").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                            big.getBytes(StandardCharsets.UTF_8)))).build();
            assertError(RestClient.exchange(chunked), 413, "PAYLOAD_TOO_LARGE", "4096");
            assertThat(client.get("/api/v1/models/x").status()).as("nothing registered").isEqualTo(404);
        }

        @Test
        @DisplayName("an unknown path is 404 and a wrong method 405 with Allow")
        void routing() {
            assertError(client.get("/api/v1/nothing-here"), 404, "NOT_FOUND", "/api/v1/nothing-here");
            RestClient.Reply r = client.send("PATCH", "/api/v1/models/fraud", "{}");
            assertError(r, 405, "METHOD_NOT_ALLOWED", "PATCH");
            assertThat(r.raw().headers().firstValue("Allow").orElseThrow()).contains("GET", "PUT", "DELETE");
        }

        @Test
        @DisplayName("every error code in the table is documented in the OpenAPI document")
        void codesDocumented() {
            String doc = new String(server.handler().openApiDocument(), StandardCharsets.UTF_8);
            for (String code : ErrorMapping.codes()) {
                assertThat(doc).contains("\"" + code + "\"");
            }
            assertThat(Map.of("ok", true)).isNotEmpty();
        }
    }
}
