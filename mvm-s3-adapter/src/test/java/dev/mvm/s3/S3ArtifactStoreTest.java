package dev.mvm.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** What the S3 store adds beyond the ArtifactStore contract, against S3Mock. */
@DisplayName("S3ArtifactStore")
class S3ArtifactStoreTest {
    private static final int MIB = 1 << 20;
    private static String bucket;

    @TempDir
    Path scratch;

    private final ModelName model = ModelName.of("m-" + UUID.randomUUID().toString().substring(0, 8));

    @BeforeAll
    static void createBucket() {
        bucket = S3MockServer.newBucket();
    }

    private FileLocation location(String version, String path) {
        return new FileLocation(model, SemanticVersion.parse(version), ArtifactPath.of(path));
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static S3Client raw() {
        return S3MockServer.rawClient();
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @Test
        @DisplayName("an s3:// URI configures endpoint, region, path style and layout; credentials come from the chain")
        void fromUri() {
            String uri = "s3://" + bucket + "/from-uri/?endpoint=" + S3MockServer.endpoint()
                    + "&region=eu-central-1&pathStyle=true&layout=version-tree&partSize=6MiB&concurrency=3";
            try (S3ArtifactStore store = S3ArtifactStore.fromUri(uri)) {
                assertThat(store.layout()).isEqualTo(Layout.VERSION_TREE);
                assertThat(store.describe()).startsWith("s3://" + bucket + "/from-uri/").contains("version-tree");
                ManifestEntry entry = store.write(location("1.0.0", "a.txt"), new ByteArrayInputStream(new byte[] {7}));
                assertThat(raw().headObject(b -> b.bucket(bucket).key("from-uri/" + model + "/1.0.0/a.txt"))
                        .metadata()).containsEntry("mvm-sha256", entry.sha256().hex());
            }
        }

        @Test
        @DisplayName("a URI with an unknown parameter or a secret is rejected, naming what is allowed")
        void badUris() {
            assertThatThrownBy(() -> S3ArtifactStore.fromUri("s3://bucket-a/p?colour=blue"))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("colour")
                    .hasMessageContaining("Allowed: endpoint");
            assertThatThrownBy(() -> S3ArtifactStore.fromUri("s3://bucket-a/p?secretKey=hunter2"))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("must not carry secrets")
                    .hasMessageNotContaining("hunter2");
            assertThatThrownBy(() -> S3ArtifactStore.fromUri("https://bucket-a/p"))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("s3://bucket");
            assertThatThrownBy(() -> S3ArtifactStore.fromUri("s3://bucket-a?layout=flat"))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("content-addressed, version-tree");
        }

        @Test
        @DisplayName("the builder checks each setting and the bucket")
        void builderChecks() {
            assertThatThrownBy(() -> S3ArtifactStore.builder().partSize(4L * MIB))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 MiB");
            assertThatThrownBy(() -> S3ArtifactStore.builder().concurrency(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 64");
            assertThatThrownBy(() -> S3ArtifactStore.builder().bucket("Bad_Bucket"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad_Bucket");
            assertThatThrownBy(() -> S3ArtifactStore.builder().build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("No bucket");
        }

        @Test
        @DisplayName("a missing bucket is a NotFoundException naming it")
        void missingBucket() {
            try (S3ArtifactStore store = S3MockServer.store("no-such-bucket-" + UUID.randomUUID().toString()
                    .substring(0, 8)).build()) {
                assertThatThrownBy(() -> store.write(location("1.0.0", "x"), new ByteArrayInputStream(new byte[] {1})))
                        .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-bucket");
            }
        }
    }

    @Nested
    @DisplayName("transfers")
    class Transfers {

        @Test
        @DisplayName("a large file goes up in parts with CRC32C checksums, and progress reaches the total both ways")
        void multipartWithProgress() throws IOException {
            byte[] content = bytes(16 * MIB + 9, 1);
            Path file = Files.write(scratch.resolve("big.bin"), content);
            List<long[]> updates = new CopyOnWriteArrayList<>();
            try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("progress")
                    .progress((loc, done, total) -> updates.add(new long[] {done, total})).build()) {
                ManifestEntry entry = store.write(location("1.0.0", "big.bin"), file);
                assertThat(updates).hasSize(4).allMatch(u -> u[1] == content.length);
                assertThat(updates.stream().mapToLong(u -> u[0]).max()).hasValue(content.length);
                String key = "progress/blobs/sha256/" + entry.sha256().hex().substring(0, 2) + "/"
                        + entry.sha256().hex().substring(2);
                assertThat(raw().headObject(b -> b.bucket(bucket).key(key)).eTag()).endsWith("-4\"");
                updates.clear();
                store.download(location("1.0.0", "big.bin"), entry.sha256(), scratch.resolve("back.bin"));
                assertThat(updates.get(updates.size() - 1)).containsExactly(content.length, content.length);
            }
            assertThat(Files.mismatch(file, scratch.resolve("back.bin"))).isEqualTo(-1L);
            assertThat(raw().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        }

        @Test
        @DisplayName("reading a large object in parallel ranges returns every byte in order")
        void parallelRead() throws IOException {
            byte[] content = bytes(23 * MIB + 1, 2);
            try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("parallel").concurrency(3).build()) {
                ManifestEntry entry = store.write(location("1.0.0", "x.bin"), new ByteArrayInputStream(content));
                try (InputStream in = store.open(location("1.0.0", "x.bin"), entry.sha256())) {
                    assertThat(in.read()).isEqualTo(content[0] & 0xff);
                    byte[] rest = in.readAllBytes();
                    assertThat(rest.length).isEqualTo(content.length - 1);
                    assertThat(Sha256.of(concat(content[0], rest))).isEqualTo(entry.sha256());
                }
            }
        }

        @Test
        @DisplayName("a stream closed early releases its parts and the store keeps working")
        void closeEarly() throws IOException {
            byte[] content = bytes(20 * MIB, 3);
            try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("early").build()) {
                ManifestEntry entry = store.write(location("1.0.0", "x.bin"), new ByteArrayInputStream(content));
                try (InputStream in = store.open(location("1.0.0", "x.bin"), entry.sha256())) {
                    assertThat(in.readNBytes(10)).containsExactly(java.util.Arrays.copyOf(content, 10));
                }
                assertThat(store.size(location("1.0.0", "x.bin"), entry.sha256())).contains((long) content.length);
            }
        }

        @Test
        @DisplayName("a source that fails after several parts leaves no object and no multipart upload")
        void failingSourceLeavesNothing() {
            byte[] good = bytes(12 * MIB, 4);
            try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("failing").spoolDirectory(scratch).build()) {
                assertThatThrownBy(() -> store.write(location("1.0.0", "x.bin"), new InputStream() {
                    private int pos;

                    @Override
                    public int read() throws IOException {
                        if (pos >= good.length) {
                            throw new IOException("disk gone");
                        }
                        return good[pos++] & 0xff;
                    }
                })).isInstanceOf(StorageException.class).hasRootCauseMessage("disk gone");
            }
            assertThat(raw().listObjectsV2(b -> b.bucket(bucket).prefix("failing/")).contents()).isEmpty();
            assertThat(raw().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
            assertThat(scratch.toFile().list()).as("spool files are removed").isEmpty();
        }
    }

    @Nested
    @DisplayName("verification")
    class Verification {

        @Test
        @DisplayName("a download whose bytes were altered in the bucket fails with IntegrityException and leaves no file")
        void tamperedDownload() throws IOException {
            byte[] content = bytes(9 * MIB, 5);
            Path target = Files.createDirectories(scratch.resolve("out")).resolve("model.bin");
            try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("tampered").layout(Layout.VERSION_TREE)
                    .build()) {
                FileLocation loc = location("1.0.0", "model.bin");
                ManifestEntry entry = store.write(loc, new ByteArrayInputStream(content));
                byte[] altered = content.clone();
                altered[5 * MIB + 3] ^= 1;
                String key = "tampered/" + model + "/1.0.0/model.bin";
                raw().putObject(b -> b.bucket(bucket).key(key).metadata(java.util.Map.of("mvm-sha256",
                        entry.sha256().hex())), RequestBody.fromBytes(altered));
                assertThatThrownBy(() -> store.download(loc, entry.sha256(), target))
                        .isInstanceOf(IntegrityException.class).hasMessageContaining(entry.sha256().hex());
            }
            try (Stream<Path> left = Files.list(target.getParent())) {
                assertThat(left).isEmpty();
            }
        }

        @Test
        @DisplayName("a manifest altered in the bucket fails with IntegrityException")
        void tamperedManifest() {
            try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("tm").layout(Layout.VERSION_TREE).build()) {
                ManifestEntry e = store.write(location("1.0.0", "a"), new ByteArrayInputStream(new byte[] {1}));
                ArtifactManifest manifest = ArtifactManifest.of(List.of(e));
                SemanticVersion v = SemanticVersion.parse("1.0.0");
                store.writeManifest(model, v, manifest);
                raw().putObject(b -> b.bucket(bucket).key("tm/" + model + "/1.0.0.mvm-manifest"),
                        RequestBody.fromBytes(ArtifactManifest.empty().toCanonicalBytes()));
                assertThatThrownBy(() -> store.readManifest(model, v, manifest.root()))
                        .isInstanceOf(IntegrityException.class);
            }
        }
    }

    @Nested
    @DisplayName("layouts")
    class Layouts {

        @Test
        @DisplayName("content-addressed: a deduplicated write refreshes the blob so garbage collection spares it")
        void dedupeRefreshes() {
            try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("refresh").build()) {
                byte[] content = bytes(3000, 6);
                ManifestEntry entry = store.write(location("1.0.0", "a.bin"), new ByteArrayInputStream(content));
                String key = "refresh/blobs/sha256/" + entry.sha256().hex().substring(0, 2) + "/"
                        + entry.sha256().hex().substring(2);
                assertThat(raw().headObject(b -> b.bucket(bucket).key(key)).metadata()).doesNotContainKey("mvm-refreshed");
                store.write(location("2.0.0", "b.bin"), new ByteArrayInputStream(content));
                assertThat(raw().headObject(b -> b.bucket(bucket).key(key)).metadata())
                        .containsKey("mvm-refreshed").containsEntry("mvm-sha256", entry.sha256().hex());
                assertThat(raw().listObjectsV2(b -> b.bucket(bucket).prefix("refresh/")).contents()).hasSize(1);
            }
        }

        @Test
        @DisplayName("version tree: files sit at <prefix>/<model>/<version>/<path>; deleting the version removes them")
        void versionTreeKeys() {
            try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("browse").layout(Layout.VERSION_TREE)
                    .build()) {
                ManifestEntry a = store.write(location("1.2.0-rc.1", "config.json"), new ByteArrayInputStream(new byte[] {1}));
                ManifestEntry b = store.write(location("1.2.0-rc.1", "weights/model.bin"),
                        new ByteArrayInputStream(bytes(100, 7)));
                ArtifactManifest manifest = ArtifactManifest.of(List.of(a, b));
                SemanticVersion v = SemanticVersion.parse("1.2.0-rc.1");
                store.writeManifest(model, v, manifest);
                List<String> keys = raw().listObjectsV2(r -> r.bucket(bucket).prefix("browse/" + model + "/"))
                        .contents().stream().map(o -> o.key()).toList();
                assertThat(keys).containsExactlyInAnyOrder(
                        "browse/" + model + "/1.2.0-rc.1/config.json",
                        "browse/" + model + "/1.2.0-rc.1/weights/model.bin",
                        "browse/" + model + "/1.2.0-rc.1.mvm-manifest");
                store.deleteVersion(model, v, manifest);
                assertThat(raw().listObjectsV2(r -> r.bucket(bucket).prefix("browse/" + model + "/")).contents())
                        .isEmpty();
                assertThat(store.listBlobs()).isEmpty();
            }
        }

        @Test
        @DisplayName("version tree: a stale content index (its object deleted) falls back to an upload")
        void staleIndex() throws IOException {
            try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("stale").layout(Layout.VERSION_TREE)
                    .build()) {
                byte[] content = bytes(5000, 8);
                ManifestEntry a = store.write(location("1.0.0", "a.bin"), new ByteArrayInputStream(content));
                SemanticVersion v1 = SemanticVersion.parse("1.0.0");
                store.deleteVersion(model, v1, ArtifactManifest.of(List.of(a)));
                ManifestEntry b = store.write(location("2.0.0", "a.bin"), new ByteArrayInputStream(content));
                try (InputStream in = store.open(location("2.0.0", "a.bin"), b.sha256())) {
                    assertThat(in.readAllBytes()).isEqualTo(content);
                }
            }
        }
    }

    private static byte[] concat(byte first, byte[] rest) {
        byte[] all = new byte[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    @DisplayName("a link from the store downloads the bytes of one object (signature not checked by S3Mock)")
    void linkOnS3Mock() throws Exception {
        byte[] content = bytes(4000, 9);
        try (S3ArtifactStore store = S3MockServer.store(bucket).prefix("link").build()) {
            ManifestEntry entry = store.write(location("1.0.0", "a.bin"), new ByteArrayInputStream(content));
            java.net.URI link = store.downloadLink(location("1.0.0", "a.bin"), entry.sha256(), Duration.ofMinutes(1));
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(link).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(content);
        }
    }
}
