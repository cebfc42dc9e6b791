package dev.mvm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvm.ModelRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads in, signed links out: what a non-JVM client does to move model files. */
@DisplayName("Uploads and signed download links")
class DownloadLinkTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    private ModelRegistry registry;
    private MvmHttpServer server;
    private RestClient client;
    private MutableClock clock;
    private byte[] weights;

    @BeforeEach
    void start() throws Exception {
        clock = new MutableClock(Instant.now());
        registry = ModelRegistry.local(tmp.resolve("registry"));
        server = MvmHttpServer.builder(registry).linkSigningKey(new byte[32]).handler(h -> h.clock(clock)).build();
        client = new RestClient("http://127.0.0.1:" + server.port(), null);
        weights = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(weights);
        client.post("/api/v1/models", "{\"name\": \"nlp/bert\"}");
        String upload = client.post("/api/v1/uploads", null).json().path("upload_id").asText();
        RestClient.Reply put = client.putBytes("/api/v1/uploads/" + upload + "/files/weights/model.bin", weights,
                sha256(weights));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.json().path("sha256").asText()).isEqualTo(sha256(weights));
        client.putBytes("/api/v1/uploads/" + upload + "/files/config.json", "{}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(client.get("/api/v1/uploads/" + upload).json().path("files").size()).isEqualTo(2);
        RestClient.Reply created = client.post("/api/v1/models/nlp%2Fbert/versions",
                "{\"version\": \"1.0.0\", \"upload_id\": \"" + upload + "\", \"metrics\": {\"f1\": 0.9}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("files").path("count").asInt()).isEqualTo(2);
        assertThat(client.get("/api/v1/uploads/" + upload).status()).as("a used upload is gone").isEqualTo(404);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static HttpResponse<byte[]> fetch(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode link(String query) {
        RestClient.Reply r = client.get("/api/v1/models/nlp%2Fbert/download" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private String fileUrl(JsonNode link, String path) {
        for (JsonNode f : link.path("files")) {
            if (f.path("path").asText().equals(path)) {
                return f.path("download_url").asText();
            }
        }
        throw new AssertionError("no link for " + path + " in " + link);
    }

    @Test
    @DisplayName("a signed link downloads exactly the uploaded bytes, without credentials")
    void download() throws Exception {
        JsonNode link = link("?version=1.0.0&expires_in=600");
        assertThat(link.path("size").asLong()).isEqualTo(weights.length + 2);
        HttpResponse<byte[]> r = fetch(fileUrl(link, "weights/model.bin"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(weights);
        assertThat(r.headers().firstValue("X-Content-SHA256")).hasValue(sha256(weights));

        JsonNode manifest = RestClient.JSON.readTree(fetch(link.path("download_url").asText()).body());
        assertThat(manifest.path("files")).extracting(f -> f.path("path").asText())
                .containsExactly("config.json", "weights/model.bin");
        assertThat(fetch(fileUrl(manifest, "config.json")).body()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a link whose path, digest, size, expiry or signature was altered is 403")
    void tampered() throws Exception {
        String url = fileUrl(link("?version=1.0.0"), "weights/model.bin");
        String[] tampered = {
            url.replace("weights/model.bin", "config.json"),
            url.replace("expires=", "expires=9"),
            url.replace("size=", "size=1"),
            url.replaceFirst("sig=.", "sig=A"),
            url.substring(0, url.indexOf("&sig=")),
            url.replace("/1.0.0/", "/1.0.1/"),
        };
        for (String t : tampered) {
            HttpResponse<byte[]> r = fetch(t);
            assertThat(r.statusCode()).as(t).isEqualTo(403);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("ACCESS_DENIED");
        }
        MvmHttpServer other = MvmHttpServer.start(registry, 0);
        try {
            String elsewhere = url.replace(":" + server.port() + "/", ":" + other.port() + "/");
            assertThat(fetch(elsewhere).statusCode()).as("another key").isEqualTo(403);
        } finally {
            other.close();
        }
    }

    @Test
    @DisplayName("an expired link is 403, and expires_in is bounded")
    void expired() throws Exception {
        String url = fileUrl(link("?version=1.0.0&expires_in=60"), "config.json");
        assertThat(fetch(url).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        HttpResponse<byte[]> r = fetch(url);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("expired");
        assertThat(client.get("/api/v1/models/nlp%2Fbert/download?expires_in=0").status()).isEqualTo(400);
        assertThat(client.get("/api/v1/models/nlp%2Fbert/download?expires_in=999999999").status()).isEqualTo(400);
    }

    @Test
    @DisplayName("a link stops working when its version is deleted")
    void deleted() throws Exception {
        String url = fileUrl(link(""), "config.json");
        assertThat(client.delete("/api/v1/models/nlp%2Fbert/versions/1.0.0").status()).isEqualTo(204);
        assertThat(fetch(url).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("a Range request gets 206 with exactly those bytes")
    void range() throws Exception {
        String url = fileUrl(link(""), "weights/model.bin");
        HttpResponse<byte[]> r = fetch(url, "Range", "bytes=100-199");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(java.util.Arrays.copyOfRange(weights, 100, 200));
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + weights.length);
        HttpResponse<byte[]> tail = fetch(url, "Range", "bytes=-10");
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(weights, weights.length - 10, weights.length));
        assertThat(fetch(url, "Range", "bytes=" + weights.length + "-").statusCode()).isEqualTo(416);
    }

    @Test
    @DisplayName("files read through the registry are checked against the manifest; uploads are private to their owner")
    void throughRegistry() throws Exception {
        RestClient.Reply file = client.get("/api/v1/models/nlp%2Fbert/versions/1.0.0/files/weights/model.bin");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.raw().body()).isEqualTo(weights);
        assertThat(client.get("/api/v1/models/nlp%2Fbert/versions/1.0.0/files/missing.bin").status()).isEqualTo(404);
        String upload = client.post("/api/v1/uploads", null).json().path("upload_id").asText();
        RestClient.Reply escape = client.putBytes("/api/v1/uploads/" + upload + "/files/..%2F..%2Fetc%2Fpasswd",
                new byte[] {1}, null);
        assertThat(escape.status()).isEqualTo(400);
        assertThat(client.delete("/api/v1/uploads/" + upload).status()).isEqualTo(204);
        assertThat(client.get("/api/v1/uploads/" + upload).status()).isEqualTo(404);
    }
}
