package dev.mvm.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults between the store and a real S3 server (S3Mock behind {@link FaultProxy}): dropped connections,
 * 500 and 503 answers, a slow server. Each either recovers to a complete, verified result or fails clearly
 * with nothing half-written: no object, no multipart upload, no partial file.
 */
@DisplayName("S3ArtifactStore under faults")
class S3FaultsTest {
    private static final int MIB = 1 << 20;
    private static FaultProxy proxy;
    private static String bucket;

    @TempDir
    Path scratch;

    private final ModelName model = ModelName.of("faults-" + UUID.randomUUID().toString().substring(0, 8));

    @BeforeAll
    static void startProxy() throws IOException {
        bucket = S3MockServer.newBucket();
        proxy = new FaultProxy(S3MockServer.endpoint());
    }

    @AfterAll
    static void stopProxy() throws IOException {
        proxy.close();
    }

    @BeforeEach
    void clearFaults() {
        proxy.reset();
    }

    private S3ArtifactStore.Builder store() {
        return S3MockServer.store(bucket).endpoint(proxy.endpoint()).retries(4, Duration.ofMillis(10))
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private FileLocation location(String path) {
        return new FileLocation(model, SemanticVersion.parse("1.0.0"), ArtifactPath.of(path));
    }

    private Path file(String name, int size, long seed) throws IOException {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return Files.write(scratch.resolve(name), content);
    }

    private static int openMultipartUploads() {
        return S3MockServer.rawClient().listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
    }

    @Test
    @DisplayName("a connection dropped in the middle of a part is retried and the object is complete")
    void dropMidPart() throws IOException {
        Path source = file("model.bin", 12 * MIB + 5, 1);
        proxy.inject(r -> r.isPartUpload(2), FaultProxy.Fault.DROP_DURING_REQUEST_BODY, 1);
        try (S3ArtifactStore store = store().build()) {
            ManifestEntry entry = store.write(location("model.bin"), source);
            Path back = scratch.resolve("back.bin");
            store.download(location("model.bin"), entry.sha256(), back);
            assertThat(Files.mismatch(source, back)).isEqualTo(-1L);
        }
        assertThat(proxy.requests()).filteredOn(r -> r.isPartUpload(2)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(openMultipartUploads()).isZero();
    }

    @Test
    @DisplayName("500 and 503 answers are retried with backoff")
    void serverErrorsRetried() throws IOException {
        Path source = file("model.bin", 11 * MIB, 2);
        proxy.inject(r -> r.isPartUpload(1), FaultProxy.Fault.STATUS_503, 2);
        proxy.inject(r -> r.isPartUpload(3), FaultProxy.Fault.STATUS_500, 1);
        try (S3ArtifactStore store = store().build()) {
            ManifestEntry entry = store.write(location("model.bin"), source);
            assertThat(entry.sha256()).isEqualTo(sha256(source));
            assertThat(store.download(location("model.bin"), entry.sha256(), scratch.resolve("b")).size())
                    .isEqualTo(11 * MIB);
        }
        assertThat(openMultipartUploads()).isZero();
    }

    @Test
    @DisplayName("a part that keeps failing fails the write as retryable, aborts the upload and leaves no object")
    void persistentFailureAborts() throws IOException {
        Path source = file("model.bin", 12 * MIB, 3);
        proxy.inject(r -> r.isPartUpload(2), FaultProxy.Fault.STATUS_500, Long.MAX_VALUE);
        try (S3ArtifactStore store = store().build()) {
            assertThatThrownBy(() -> store.write(location("model.bin"), source))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("HTTP 500")
                    .matches(e -> ((MvmException) e).retryable());
            assertThat(store.size(location("model.bin"), sha256(source))).isEmpty();
        }
        assertThat(openMultipartUploads()).isZero();
    }

    @Test
    @DisplayName("a download whose range breaks off mid-body is fetched again and verified")
    void dropMidDownload() throws IOException {
        Path source = file("model.bin", 13 * MIB, 4);
        try (S3ArtifactStore store = store().build()) {
            ManifestEntry entry = store.write(location("model.bin"), source);
            proxy.inject(r -> r.method().equals("GET") && !r.target().contains("list-type"),
                    FaultProxy.Fault.DROP_DURING_RESPONSE_BODY, 2);
            Path back = scratch.resolve("back.bin");
            store.download(location("model.bin"), entry.sha256(), back);
            assertThat(Files.mismatch(source, back)).isEqualTo(-1L);
        }
    }

    @Test
    @DisplayName("a download that keeps failing leaves neither the target nor a partial file")
    void failedDownloadLeavesNothing() throws IOException {
        Path source = file("model.bin", 12 * MIB, 5);
        Path target = Files.createDirectories(scratch.resolve("out")).resolve("model.bin");
        try (S3ArtifactStore store = store().build()) {
            ManifestEntry entry = store.write(location("model.bin"), source);
            proxy.inject(r -> r.method().equals("GET"), FaultProxy.Fault.DROP_DURING_RESPONSE_BODY, Long.MAX_VALUE);
            assertThatThrownBy(() -> store.download(location("model.bin"), entry.sha256(), target))
                    .isInstanceOf(BackendUnavailableException.class);
        }
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    @DisplayName("a server slower than the read timeout is retried and the read completes")
    void slowServer() throws IOException {
        Path source = file("config.json", 1000, 6);
        try (S3ArtifactStore store = store().timeouts(Duration.ofSeconds(2), Duration.ofMillis(300)).build()) {
            ManifestEntry entry = store.write(location("config.json"), source);
            proxy.delay(Duration.ofSeconds(3));
            proxy.inject(r -> r.method().equals("GET"), FaultProxy.Fault.DELAY, 1);
            Path back = scratch.resolve("back.json");
            store.download(location("config.json"), entry.sha256(), back);
            assertThat(Files.mismatch(source, back)).isEqualTo(-1L);
        }
        assertThat(proxy.requests()).filteredOn(r -> r.method().equals("GET")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("content-addressed: writing stored content again sends no file bytes")
    void contentAddressedDedupeSendsNothing() throws IOException {
        Path source = file("model.bin", 7 * MIB, 7);
        try (S3ArtifactStore store = store().layout(Layout.CONTENT_ADDRESSED).prefix("dedupe").build()) {
            store.write(location("model.bin"), source);
            assertThat(proxy.bodyBytesUpstream()).isGreaterThanOrEqualTo(7L * MIB);
            proxy.reset();
            FileLocation other = new FileLocation(model, SemanticVersion.parse("2.0.0"), ArtifactPath.of("copy.bin"));
            store.write(other, source);
            assertThat(proxy.bodyBytesUpstream()).isLessThan(64 * 1024);
        }
    }

    @Test
    @DisplayName("version tree: a file identical to a stored one is copied on the server, never uploaded again")
    void versionTreeCopiesOnServer() throws IOException {
        Path source = file("model.bin", 7 * MIB, 8);
        try (S3ArtifactStore store = store().layout(Layout.VERSION_TREE).prefix("tree-copy").build()) {
            ManifestEntry first = store.write(location("model.bin"), source);
            proxy.reset();
            FileLocation other = new FileLocation(model, SemanticVersion.parse("2.0.0"), ArtifactPath.of("w/model.bin"));
            store.write(other, source);
            assertThat(proxy.bodyBytesUpstream()).isLessThan(64 * 1024);
            assertThat(proxy.requests()).anyMatch(r -> r.method().equals("PUT")
                    && r.target().contains("/tree-copy/" + model.value() + "/2.0.0/w/model.bin"));
            Path back = scratch.resolve("back.bin");
            store.download(other, first.sha256(), back);
            assertThat(Files.mismatch(source, back)).isEqualTo(-1L);
        }
        assertThat(S3MockServer.rawClient().headObject(b -> b.bucket(bucket)
                .key("tree-copy/" + model.value() + "/2.0.0/w/model.bin")).contentLength()).isEqualTo(7L * MIB);
    }

    private static Sha256 sha256(Path file) throws IOException {
        return Sha256.of(Files.readAllBytes(file));
    }
}
