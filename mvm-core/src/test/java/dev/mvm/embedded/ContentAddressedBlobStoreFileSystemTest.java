package dev.mvm.embedded;

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
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.embedded.internal.TemporaryBlobFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The blob store on disk")
class ContentAddressedBlobStoreFileSystemTest {
    private static final SemanticVersion V1 = SemanticVersion.parse("1.0.0");
    private static final ModelName MODEL = ModelName.of("disk-test");

    @TempDir
    Path root;

    private ContentAddressedBlobStore store;

    @BeforeEach
    void open() {
        store = ContentAddressedBlobStore.open(root);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static FileLocation location(String path) {
        return new FileLocation(MODEL, V1, ArtifactPath.of(path));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private ManifestEntry write(String path, byte[] content) {
        return store.write(location(path), new ByteArrayInputStream(content));
    }

    private Path blobFile(Sha256 digest) {
        return root.resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex().substring(2));
    }

    private List<Path> list(String dir) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve(dir))) {
            return s.collect(Collectors.toList());
        }
    }

    @Nested
    @DisplayName("Layout")
    class Layout {
        @Test
        @DisplayName("a blob lives at blobs/sha256/<2 hex>/<62 hex> and nothing stays in tmp")
        void layout() throws IOException {
            byte[] content = "abc".getBytes(StandardCharsets.UTF_8);
            ManifestEntry entry = write("abc.txt", content);
            assertThat(entry.sha256().hex())
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            assertThat(Files.readAllBytes(root.resolve(
                    "blobs/sha256/ba/7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))).isEqualTo(content);
            assertThat(list("tmp")).isEmpty();
            assertThat(store.describe()).isEqualTo("file:" + root.toAbsolutePath().normalize());
        }

        @Test
        @DisplayName("a manifest is stored as the blob of its canonical text")
        void manifestIsABlob() throws IOException {
            ArtifactManifest manifest = ArtifactManifest.of(List.of(write("a.bin", new byte[] {1, 2, 3})));
            store.writeManifest(MODEL, V1, manifest);
            assertThat(Files.readAllBytes(blobFile(manifest.root()))).isEqualTo(manifest.toCanonicalBytes());
        }

        @Test
        @DisplayName("a failed write leaves no temporary file behind")
        void failedWriteCleansUp() throws IOException {
            InputStream failing = new InputStream() {
                private int served;

                @Override
                public int read() throws IOException {
                    if (served++ > 9 * 1024 * 1024) {
                        throw new IOException("disk on fire");
                    }
                    return 7;
                }
            };
            assertThatThrownBy(() -> store.write(location("x.bin"), failing))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("disk-test@1.0.0:x.bin")
                    .hasMessageContaining("disk on fire");
            assertThat(list("tmp")).isEmpty();
            try (Stream<?> blobs = store.listBlobs()) {
                assertThat(blobs).isEmpty();
            }
        }

        @Test
        @DisplayName("files in the blobs directory whose names are not digests are not listed")
        void strayFilesIgnored() throws IOException {
            ManifestEntry entry = write("real.bin", new byte[] {9});
            Files.createDirectories(root.resolve("blobs/sha256/zz"));
            Files.writeString(root.resolve("blobs/sha256/zz/notes.txt"), "not a blob");
            Files.writeString(blobFile(entry.sha256()).resolveSibling("README"), "not a blob either");
            try (Stream<dev.mvm.api.spi.StoredBlob> blobs = store.listBlobs()) {
                assertThat(blobs.map(dev.mvm.api.spi.StoredBlob::sha256)).containsExactly(entry.sha256());
            }
        }

        @Test
        @DisplayName("a not-found message names the digest and the location")
        void notFoundMessage() {
            Sha256 unknown = Sha256.of(new byte[] {42});
            assertThatThrownBy(() -> store.open(location("w.bin"), unknown))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(unknown.hex())
                    .hasMessageContaining("disk-test@1.0.0:w.bin");
        }

        @Test
        @DisplayName("a closed store refuses further use")
        void closed() {
            store.close();
            assertThatThrownBy(() -> write("late.bin", new byte[] {1})).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Nested
    @DisplayName("Tampering")
    class Tampering {
        @Test
        @DisplayName("a blob changed on disk is returned as stored; verifying is the caller's job")
        void tamperedBlob() throws IOException {
            byte[] content = random(5000, 3);
            ManifestEntry entry = write("w.bin", content);
            byte[] tampered = content.clone();
            tampered[1234] ^= 0x01;
            Files.write(blobFile(entry.sha256()), tampered);
            try (InputStream in = store.open(location("w.bin"), entry.sha256())) {
                byte[] read = in.readAllBytes();
                assertThat(read).isEqualTo(tampered);
                assertThat(Sha256.of(read)).isNotEqualTo(entry.sha256());
            }
        }

        @Test
        @DisplayName("a manifest changed on disk is an IntegrityException on read")
        void tamperedManifest() throws IOException {
            ArtifactManifest manifest = ArtifactManifest.of(List.of(write("w.bin", random(100, 4))));
            store.writeManifest(MODEL, V1, manifest);
            Path file = blobFile(manifest.root());
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 3] ^= 0x01;
            Files.write(file, bytes);
            assertThatThrownBy(() -> store.readManifest(MODEL, V1, manifest.root()))
                    .isInstanceOf(IntegrityException.class)
                    .hasMessageContaining(manifest.root().hex());
        }
    }

    @Nested
    @DisplayName("Deduplication on disk")
    class Dedup {
        @Test
        @DisplayName("writing stored content again refreshes its modification time and keeps one file")
        void refreshesTime() throws IOException {
            byte[] content = random(10_000, 5);
            ManifestEntry entry = write("a.bin", content);
            Path file = blobFile(entry.sha256());
            Instant old = Instant.now().minus(Duration.ofDays(30));
            Files.setLastModifiedTime(file, FileTime.from(old));
            write("b.bin", content);
            assertThat(Files.getLastModifiedTime(file).toInstant()).isAfter(old.plus(Duration.ofDays(29)));
            assertThat(Files.readAllBytes(file)).isEqualTo(content);
            assertThat(list("tmp")).isEmpty();
        }

        @Test
        @DisplayName("a blob refreshed while being collected is put back, not lost")
        void refreshedDuringDeletionSurvives() throws IOException {
            ManifestEntry entry = write("a.bin", random(2000, 6));
            Path file = blobFile(entry.sha256());
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
            Instant boundary = Instant.now().minus(Duration.ofDays(1));
            assertThat(store.deleteBlob(entry.sha256(), boundary)).isTrue();
            assertThat(Files.exists(file)).isFalse();

            write("b.bin", random(2000, 6));
            assertThat(store.deleteBlob(entry.sha256(), boundary)).isFalse();
            assertThat(Files.exists(file)).isTrue();
            assertThat(list("gc")).isEmpty();
        }
    }

    @Nested
    @DisplayName("Housekeeping")
    class Housekeeping {
        @Test
        @DisplayName("old unlocked temporary files are removed, young ones and ones being written are kept")
        void staleTemporaryFiles() throws IOException {
            Path tmp = root.resolve("tmp");
            Path stale = Files.writeString(tmp.resolve("blob-stale" + TemporaryBlobFile.SUFFIX), "abandoned");
            Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
            Path young = Files.writeString(tmp.resolve("blob-young" + TemporaryBlobFile.SUFFIX), "in progress?");
            try (TemporaryBlobFile active = TemporaryBlobFile.create(tmp)) {
                Files.setLastModifiedTime(active.path(), FileTime.from(Instant.now().minus(Duration.ofDays(2))));
                assertThat(store.removeStaleTemporaryFiles()).isEqualTo(1);
                assertThat(list("tmp")).containsExactlyInAnyOrder(young, active.path());
            }
            assertThat(list("tmp")).containsExactly(young);
        }

        @Test
        @DisplayName("opening with an injected clock and threshold removes what has become stale")
        void injectedClock() throws IOException {
            Path leftover = Files.writeString(root.resolve("tmp/blob-x" + TemporaryBlobFile.SUFFIX), "partial");
            store.close();
            try (ContentAddressedBlobStore later = ContentAddressedBlobStore.open(root,
                    Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11)), Duration.ofMinutes(10))) {
                assertThat(Files.exists(leftover)).isFalse();
            }
        }

        @Test
        @DisplayName("a deletion interrupted by a crash is undone when the store is opened again")
        void interruptedDeletionRestored() throws IOException {
            byte[] content = random(3000, 8);
            ManifestEntry entry = write("a.bin", content);
            Path file = blobFile(entry.sha256());
            Path doomed = root.resolve("gc/" + entry.sha256().hex() + "-crashed");
            Files.move(file, doomed);
            Files.setLastModifiedTime(doomed, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
            store.close();
            try (ContentAddressedBlobStore reopened = ContentAddressedBlobStore.open(root)) {
                assertThat(Files.readAllBytes(file)).isEqualTo(content);
                assertThat(list("gc")).isEmpty();
            }
        }

        @Test
        @DisplayName("a negative threshold is rejected")
        void negativeThreshold() {
            assertThatThrownBy(() -> ContentAddressedBlobStore.open(root, Clock.systemUTC(), Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PT-1S");
        }
    }
}
