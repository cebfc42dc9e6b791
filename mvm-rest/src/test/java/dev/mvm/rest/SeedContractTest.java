package dev.mvm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvm.ModelRegistry;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example requests of the original specification (section 5.1), sent as written, through a real client. */
@DisplayName("The seed's /api/v1 examples")
class SeedContractTest {
    @TempDir
    Path tmp;
    private ModelRegistry registry;
    private MvmHttpServer server;
    private RestClient client;
    private Path model;
    private Path newModel;

    @BeforeEach
    void start() throws IOException {
        registry = ModelRegistry.local(tmp.resolve("registry"));
        server = MvmHttpServer.builder(registry).handler(h -> h.serverPathRoot(tmp.resolve("models"))).build();
        client = new RestClient("http://127.0.0.1:" + server.port(), null);
        model = Files.createDirectories(tmp.resolve("models/path/to/model"));
        Files.writeString(model.resolve("config.json"), "{\"hidden_size\": 768}");
        Files.write(model.resolve("model.bin"), new byte[] {1, 2, 3, 4, 5});
        newModel = Files.createDirectories(tmp.resolve("models/path/to/new/model"));
        Files.writeString(newModel.resolve("config.json"), "{\"hidden_size\": 1024}");
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    private String seedRegister() {
        return """
            {
              "name": "bert-base-chinese",
              "model_path": "%s",
              "metadata": {
                "framework": "pytorch",
                "task": "text-classification",
                "input_shape": [512],
                "output_shape": [10]
              },
              "tags": {
                "language": "chinese",
                "version": "base"
              }
            }
            """.formatted(model);
    }

    @Test
    @DisplayName("register answers 201 with model_id, name, version 1.0.0, status draft and created_at")
    void register() {
        RestClient.Reply r = client.post("/api/v1/models", seedRegister());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("model_id").asText()).isEqualTo("bert-base-chinese");
        assertThat(r.json().path("name").asText()).isEqualTo("bert-base-chinese");
        assertThat(r.json().path("version").asText()).isEqualTo("1.0.0");
        assertThat(r.json().path("status").asText()).isEqualTo("draft");
        assertThat(Instant.parse(r.json().path("created_at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/api/v1/models/bert-base-chinese");

        JsonNode m = client.get("/api/v1/models/bert-base-chinese").json();
        assertThat(m.path("framework").asText()).isEqualTo("pytorch");
        assertThat(m.path("task").asText()).isEqualTo("text-classification");
        assertThat(m.path("metadata").path("input_shape").get(0).asInt()).isEqualTo(512);
        assertThat(m.path("metadata").has("framework")).isFalse();
        assertThat(m.path("tags").path("language").asText()).isEqualTo("chinese");
        JsonNode files = client.get("/api/v1/models/bert-base-chinese/versions/1.0.0/files").json();
        assertThat(files.path("files")).extracting(f -> f.path("path").asText()).containsExactly("config.json", "model.bin");
    }

    @Test
    @DisplayName("update answers model_id and updated_at; the given tags replace the old ones")
    void update() {
        client.post("/api/v1/models", seedRegister());
        RestClient.Reply r = client.put("/api/v1/models/bert-base-chinese", """
            {
              "metadata": {
                "description": "BERT base model for Chinese text classification"
              },
              "tags": {
                "language": "chinese",
                "version": "base",
                "updated": "true"
              }
            }
            """);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("model_id").asText()).isEqualTo("bert-base-chinese");
        assertThat(r.json().path("updated_at").asText()).isNotBlank();
        JsonNode m = client.get("/api/v1/models/bert-base-chinese").json();
        assertThat(m.path("description").asText()).isEqualTo("BERT base model for Chinese text classification");
        assertThat(m.path("tags").path("updated").asText()).isEqualTo("true");
        assertThat(m.path("metadata").path("input_shape").get(0).asInt()).as("other metadata kept").isEqualTo(512);

        client.put("/api/v1/models/bert-base-chinese", "{\"tags\": {\"language\": \"zh\"}}");
        assertThat(client.get("/api/v1/models/bert-base-chinese").json().path("tags").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("create version, publish and roll back answer with the seed's fields")
    void versionLifecycle() {
        client.post("/api/v1/models", seedRegister());
        RestClient.Reply created = client.post("/api/v1/models/bert-base-chinese/versions", """
            {
              "model_path": "%s",
              "version": "1.1.0",
              "description": "Improved version with better performance"
            }
            """.formatted(newModel));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("model_id").asText()).isEqualTo("bert-base-chinese");
        assertThat(created.json().path("version").asText()).isEqualTo("1.1.0");
        assertThat(created.json().path("status").asText()).isEqualTo("draft");
        assertThat(created.json().path("created_at").asText()).isNotBlank();

        RestClient.Reply draftPublish = client.post("/api/v1/models/bert-base-chinese/versions/1.1.0/publish",
                "{\"environment\": \"production\"}");
        assertThat(draftPublish.status()).isEqualTo(409);
        assertThat(draftPublish.errorCode()).isEqualTo("ILLEGAL_TRANSITION");
        assertThat(draftPublish.json().path("error").path("allowed")).extracting(JsonNode::asText)
                .contains("staging");

        for (String v : List.of("1.0.0", "1.1.0")) {
            assertThat(client.post("/api/v1/models/bert-base-chinese/versions/" + v + "/transition",
                    "{\"status\": \"staging\"}").status()).isEqualTo(200);
        }
        assertThat(client.post("/api/v1/models/bert-base-chinese/versions/1.0.0/publish",
                "{\"environment\": \"production\"}").status()).isEqualTo(200);
        RestClient.Reply published = client.post("/api/v1/models/bert-base-chinese/versions/1.1.0/publish", """
            {
              "environment": "production"
            }
            """);
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        assertThat(published.json().path("version").asText()).isEqualTo("1.1.0");
        assertThat(published.json().path("status").asText()).isEqualTo("production");
        assertThat(published.json().path("published_at").asText()).isNotBlank();

        RestClient.Reply rolled = client.post("/api/v1/models/bert-base-chinese/versions/1.1.0/rollback", """
            {
              "target_version": "1.0.0",
              "reason": "Rollback due to performance degradation"
            }
            """);
        assertThat(rolled.status()).as(rolled.body()).isEqualTo(200);
        assertThat(rolled.json().path("model_id").asText()).isEqualTo("bert-base-chinese");
        assertThat(rolled.json().path("current_version").asText()).isEqualTo("1.0.0");
        assertThat(rolled.json().path("rolled_back_at").asText()).isNotBlank();

        JsonNode envs = client.get("/api/v1/models/bert-base-chinese/environments").json();
        assertThat(envs.path("environments").get(0).path("version").asText()).isEqualTo("1.0.0");
        JsonNode history = client.get("/api/v1/models/bert-base-chinese/environments/production/history").json();
        assertThat(history.path("moves")).extracting(m -> m.path("kind").asText())
                .containsExactly("publish", "publish", "rollback");
        assertThat(history.path("moves").get(2).path("reason").asText()).isEqualTo("Rollback due to performance degradation");
        assertThat(client.get("/api/v1/models/bert-base-chinese/versions/1.1.0/history").json().path("changes").size())
                .isGreaterThanOrEqualTo(2);

        RestClient.Reply again = client.post("/api/v1/models/bert-base-chinese/versions/1.1.0/rollback",
                "{\"target_version\": \"1.0.0\"}");
        assertThat(again.status()).as("1.1.0 no longer serves production").isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("CONFLICT");
    }

    @Test
    @DisplayName("compare answers both versions' metrics and signed differences")
    void compare() {
        client.post("/api/v1/models", seedRegister());
        client.post("/api/v1/models/bert-base-chinese/versions", RestClient.json(Map.of("version", "1.2.0", "metrics",
                Map.of("accuracy", 0.95, "precision", 0.94, "recall", 0.93, "f1", 0.935))));
        client.post("/api/v1/models/bert-base-chinese/versions", RestClient.json(Map.of("version", "1.3.0", "metrics",
                Map.of("accuracy", 0.97, "precision", 0.96, "recall", 0.95, "f1", 0.955))));
        RestClient.Reply r = client.post("/api/v1/models/compare", """
            {
              "model_1": {
                "model_id": "bert-base-chinese",
                "version": "1.2.0"
              },
              "model_2": {
                "model_id": "bert-base-chinese",
                "version": "1.3.0"
              },
              "metrics": ["accuracy", "precision", "recall", "f1"]
            }
            """);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("comparison_id").asText()).hasSize(32);
        assertThat(r.json().path("model_1").path("metrics").path("accuracy").asDouble()).isEqualTo(0.95);
        assertThat(r.json().path("model_2").path("metrics").path("f1").asDouble()).isEqualTo(0.955);
        assertThat(RestClient.JSON.convertValue(r.json().path("differences"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { }))
                .isEqualTo(Map.of("accuracy", "+0.02", "precision", "+0.02", "recall", "+0.02", "f1", "+0.02"));
        assertThat(r.json().path("better").path("accuracy").asText()).isEqualTo("model_2");
    }

    @Test
    @DisplayName("search takes q, framework, task, sort_by, order, page and page_size (and filter)")
    void search() {
        client.post("/api/v1/models", seedRegister());
        client.post("/api/v1/models/bert-base-chinese/versions", RestClient.json(Map.of("version", "1.1.0", "metrics",
                Map.of("accuracy", 0.97))));
        client.post("/api/v1/models", RestClient.json(Map.of("name", "resnet-50", "framework", "onnx",
                "task", "image-classification")));
        RestClient.Reply r = client.get("/api/v1/models/search?q=bert&framework=pytorch&task=text-classification"
                + "&sort_by=accuracy&order=desc&page=1&page_size=20");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("total").asLong()).isEqualTo(1);
        assertThat(r.json().path("page").asInt()).isEqualTo(1);
        assertThat(r.json().path("page_size").asInt()).isEqualTo(20);
        JsonNode hit = r.json().path("models").get(0);
        assertThat(hit.path("model_id").asText()).isEqualTo("bert-base-chinese");
        assertThat(hit.path("name").asText()).isEqualTo("bert-base-chinese");
        assertThat(hit.path("created_at").asText()).isNotBlank();
        assertThat(hit.has("version") && hit.has("status") && hit.has("metrics")).isTrue();

        RestClient.Reply filtered = client.get("/api/v1/models/search?filter="
                + java.net.URLEncoder.encode("framework = 'onnx'", StandardCharsets.UTF_8));
        assertThat(filtered.json().path("models")).extracting(m -> m.path("model_id").asText()).containsExactly("resnet-50");
        RestClient.Reply bad = client.get("/api/v1/models/search?filter="
                + java.net.URLEncoder.encode("framework = ", StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorCode()).isEqualTo("VALIDATION");
        assertThat(bad.json().path("error").has("position")).isTrue();
    }

    @Test
    @DisplayName("download answers download_url and expires_at; the link serves the bytes")
    void download() throws Exception {
        client.post("/api/v1/models", seedRegister());
        client.post("/api/v1/models/bert-base-chinese/versions", RestClient.json(Map.of("version", "1.1.0",
                "model_path", newModel.resolve("config.json").toString())));
        Instant before = Instant.now();
        RestClient.Reply r = client.get("/api/v1/models/bert-base-chinese/download?version=1.1.0&expires_in=3600");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Instant expires = Instant.parse(r.json().path("expires_at").asText());
        assertThat(expires).isBetween(before.plus(Duration.ofSeconds(3598)), Instant.now().plus(Duration.ofSeconds(3601)));
        String url = r.json().path("download_url").asText();
        assertThat(url).startsWith(client.base() + "/api/v1/files/bert-base-chinese/1.1.0/config.json?");
        HttpResponse<byte[]> file = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                java.net.URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(Files.readAllBytes(newModel.resolve("config.json")));
    }

    @Test
    @DisplayName("beyond the seed: list, unpublish, delete (refused while published), archive with force")
    void beyondTheSeed() {
        client.post("/api/v1/models", seedRegister());
        client.post("/api/v1/models", "{\"name\": \"resnet-50\"}");
        assertThat(client.get("/api/v1/models?prefix=bert").json().path("models"))
                .extracting(m -> m.path("model_id").asText()).containsExactly("bert-base-chinese");
        RestClient.Reply page = client.get("/api/v1/models?limit=1");
        assertThat(page.json().path("next_after").asText()).isEqualTo("bert-base-chinese");
        assertThat(client.get("/api/v1/models?limit=1&after=bert-base-chinese").json().path("models").get(0)
                .path("model_id").asText()).isEqualTo("resnet-50");

        client.post("/api/v1/models/bert-base-chinese/versions/1.0.0/transition", "{\"status\": \"staging\"}");
        client.post("/api/v1/models/bert-base-chinese/versions/1.0.0/publish", "{\"environment\": \"staging\"}");
        RestClient.Reply refused = client.delete("/api/v1/models/bert-base-chinese");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("CONFLICT");
        RestClient.Reply unpublished = client.post("/api/v1/models/bert-base-chinese/versions/1.0.0/unpublish",
                "{\"environment\": \"staging\", \"reason\": \"done\"}");
        assertThat(unpublished.status()).as(unpublished.body()).isEqualTo(200);
        assertThat(unpublished.json().path("unpublished_at").asText()).isNotBlank();
        RestClient.Reply archived = client.post("/api/v1/models/bert-base-chinese/versions/1.0.0/transition",
                "{\"status\": \"archived\", \"force\": true}");
        assertThat(archived.json().path("status").asText()).isEqualTo("archived");
        assertThat(client.delete("/api/v1/models/bert-base-chinese").status()).isEqualTo(204);
        assertThat(client.get("/api/v1/models/bert-base-chinese").status()).isEqualTo(404);
    }
}
