package dev.mvm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mvm.ModelRegistry;
import dev.mvm.api.access.Principal;
import dev.mvm.rest.MvmHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The REST server example")
class RestServerExampleTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private static HttpResponse<String> post(String url, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("serves the API with bearer tokens, on its own server and mounted in another")
    void serves() throws Exception {
        String trainer = "trainer-token-0123456789";
        String alice = "alice-token-0123456789";
        try (ModelRegistry registry = ModelRegistry.local(tmp);
                MvmHttpServer server = RestServerExample.serve(registry, trainer, alice)) {
            String base = "http://127.0.0.1:" + server.port() + "/api/v1";
            HttpResponse<String> created = post(base + "/models", trainer, "{\"name\": \"fraud\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(registry.models().get("fraud").owner()).isEqualTo("service:trainer");
            assertThat(post(base + "/models", "wrong-token-0123456789", "{\"name\": \"x\"}").statusCode()).isEqualTo(401);

            HttpServer mounted = RestServerExample.mount(registry, Map.of(alice, Principal.user("alice")));
            try {
                HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + mounted.getAddress().getPort() + "/api/v1/models")).header("Authorization", "Bearer " + alice)
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(list.body()).contains("\"model_id\":\"fraud\"");
            } finally {
                mounted.stop(0);
            }
        }
    }
}
