package dev.mvm.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** SigV4 really checked: S3Proxy with authorization on refuses expired and tampered links and bad keys. */
@DisplayName("S3ArtifactStore against S3Proxy with SigV4 authorization")
class S3ProxySignatureTest {
    private static final String BUCKET = "mvm-signed";
    private static S3ProxyServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    @TempDir
    Path scratch;

    private final FileLocation location = new FileLocation(ModelName.of("signed"), SemanticVersion.parse("1.0.0"),
            ArtifactPath.of("weights/model.bin"));

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(work);
        try (S3Client admin = S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL)))
                .build()) {
            admin.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    @DisplayName("signed uploads, single and multipart, round-trip in both layouts")
    void signedRoundTrip() throws IOException {
        byte[] small = bytes(3000, 1);
        byte[] large = bytes(11 * 1024 * 1024 + 3, 2);
        for (Layout layout : Layout.values()) {
            try (S3ArtifactStore store = server.store(BUCKET).prefix(layout.name()).layout(layout).build()) {
                ManifestEntry a = store.write(location, new ByteArrayInputStream(small));
                Path file = Files.write(scratch.resolve("large-" + layout), large);
                FileLocation other = new FileLocation(location.model(), location.version(), ArtifactPath.of("big.bin"));
                ManifestEntry b = store.write(other, file);
                assertThat(store.open(location, a.sha256()).readAllBytes()).isEqualTo(small);
                Path back = scratch.resolve("back-" + layout);
                store.download(other, b.sha256(), back);
                assertThat(Files.readAllBytes(back)).isEqualTo(large);
            }
        }
    }

    @Test
    @DisplayName("a valid link downloads exactly the stored bytes, without credentials")
    void validLink() throws Exception {
        byte[] content = bytes(70_000, 3);
        try (S3ArtifactStore store = server.store(BUCKET).prefix("links").build()) {
            ManifestEntry entry = store.write(location, new ByteArrayInputStream(content));
            URI link = store.downloadLink(location, entry.sha256(), Duration.ofMinutes(5));
            assertThat(link.getQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=300");
            HttpResponse<byte[]> response = get(link);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(content);
        }
    }

    @Test
    @DisplayName("a tampered link is refused: another key, or a changed signature")
    void tamperedLink() throws Exception {
        byte[] content = bytes(1000, 4);
        try (S3ArtifactStore store = server.store(BUCKET).prefix("tamper").build()) {
            ManifestEntry entry = store.write(location, new ByteArrayInputStream(content));
            store.write(new FileLocation(location.model(), location.version(), ArtifactPath.of("other.bin")),
                    new ByteArrayInputStream(bytes(1000, 5)));
            URI link = store.downloadLink(location, entry.sha256(), Duration.ofMinutes(5));
            String text = link.toString();
            String hex = entry.sha256().hex();
            // the link is scoped to one object: pointing it at another key breaks the signature
            Sha256 otherDigest = Sha256.of(bytes(1000, 5));
            URI otherKey = URI.create(text.replace(hex.substring(2), otherDigest.hex().substring(2))
                    .replace("/" + hex.substring(0, 2) + "/", "/" + otherDigest.hex().substring(0, 2) + "/"));
            assertThat(otherKey).isNotEqualTo(link);
            assertThat(get(otherKey).statusCode()).isEqualTo(403);
            int at = text.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
            char flipped = text.charAt(at) == '0' ? '1' : '0';
            URI badSignature = URI.create(text.substring(0, at) + flipped + text.substring(at + 1));
            assertThat(get(badSignature).statusCode()).isEqualTo(403);
            assertThat(get(link).statusCode()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("an expired link is refused")
    void expiredLink() throws Exception {
        byte[] content = bytes(1000, 6);
        try (S3ArtifactStore store = server.store(BUCKET).prefix("expiry").build()) {
            ManifestEntry entry = store.write(location, new ByteArrayInputStream(content));
            URI link = store.downloadLink(location, entry.sha256(), Duration.ofSeconds(3));
            HttpResponse<byte[]> first = get(link);
            assertThat(first.statusCode()).as("a fresh link works").isEqualTo(200);
            assertThat(first.body()).isEqualTo(content);
            // poll with a deadline until the three-second link has expired; it must stop working
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int status = 200;
            while (status == 200 && System.nanoTime() < deadline) {
                HttpResponse<byte[]> response = get(link);
                status = response.statusCode();
                if (status == 200) {
                    assertThat(response.body()).isEqualTo(content);
                    HTTP.sendAsync(HttpRequest.newBuilder(server.endpoint()).build(),
                            HttpResponse.BodyHandlers.discarding()).get(); // pace the polling on a round trip
                }
            }
            assertThat(status).isEqualTo(403);
        }
    }

    @Test
    @DisplayName("link expiry is bounded between 1 second and 7 days")
    void expiryBounds() {
        try (S3ArtifactStore store = server.store(BUCKET).prefix("bounds").build()) {
            ManifestEntry entry = store.write(location, new ByteArrayInputStream(new byte[] {1}));
            assertThatThrownBy(() -> store.downloadLink(location, entry.sha256(), Duration.ofMillis(999)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("PT1S");
            assertThatThrownBy(() -> store.downloadLink(location, entry.sha256(), Duration.ofDays(7).plusSeconds(1)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("PT168H");
            assertThat(store.downloadLink(location, entry.sha256(), Duration.ofDays(7))).isNotNull();
            assertThatThrownBy(() -> store.downloadLink(location, Sha256.of(new byte[] {2}), Duration.ofMinutes(1)))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    @DisplayName("a wrong secret is an AccessDeniedException, not retried as if the store were down")
    void wrongSecret() {
        try (S3ArtifactStore store = server.store(BUCKET).credentials(S3ProxyServer.IDENTITY, "wrong-secret").build()) {
            assertThatThrownBy(() -> store.write(location, new ByteArrayInputStream(new byte[] {1, 2, 3})))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("403")
                    .matches(e -> !((AccessDeniedException) e).retryable())
                    .hasMessageNotContaining("wrong-secret");
        }
    }
}
