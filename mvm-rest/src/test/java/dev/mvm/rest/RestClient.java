package dev.mvm.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A JSON client over the JDK's HttpClient, for tests against a running server. */
final class RestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final @Nullable String token;

    RestClient(String base, @Nullable String token) {
        this.base = base;
        this.token = token;
    }

    RestClient withToken(@Nullable String other) {
        return new RestClient(base, other);
    }

    String base() {
        return base;
    }

    /** A response: status, raw body, parsed JSON (missing node if not JSON). */
    record Reply(int status, String body, JsonNode json, HttpResponse<byte[]> raw) {
        String errorCode() {
            return json.path("error").path("code").asText();
        }
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    Reply post(String path, @Nullable String json) {
        return send("POST", path, json);
    }

    Reply put(String path, @Nullable String json) {
        return send("PUT", path, json);
    }

    Reply send(String method, String path, @Nullable String json) {
        HttpRequest.Builder b = request(path).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return exchange(b.build());
    }

    Reply putBytes(String path, byte[] bytes, @Nullable String sha256) {
        HttpRequest.Builder b = request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/octet-stream");
        if (sha256 != null) {
            b.header("X-Content-SHA256", sha256);
        }
        return exchange(b.build());
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    static Reply exchange(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String body = new String(r.body(), StandardCharsets.UTF_8);
            JsonNode json;
            try {
                json = body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
            } catch (IOException e) {
                json = JSON.missingNode();
            }
            return new Reply(r.statusCode(), body, json, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
