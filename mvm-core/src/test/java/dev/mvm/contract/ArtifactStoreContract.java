package dev.mvm.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.StoredBlob;
import dev.mvm.api.spi.SupportsGarbageCollection;
import dev.mvm.gc.GarbageCollectionReport;
import dev.mvm.gc.GarbageCollector;
import dev.mvm.gc.ManifestReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ArtifactStore} promises. An implementation's test extends this class and
 * implements {@link #openStore()}; optional capabilities are switched by the overridable flags.
 *
 * <p>Every test uses model names of its own, so one backend (a bucket, a directory) may serve all tests.
 */
public abstract class ArtifactStoreContract {

    /** The store under test, opened before and closed after each test. */
    protected ArtifactStore store;

    /** A model name no other test uses. */
    protected ModelName model;

    @TempDir
    Path scratch;

    /**
     * @return a store to test; may share its backend with earlier tests
     */
    protected abstract ArtifactStore openStore();

    /**
     * @return whether the store offers {@link SupportsGarbageCollection}; by default whether it implements it.
     *     Override to return {@code false} to skip those tests.
     */
    protected boolean supportsGarbageCollection() {
        return store instanceof SupportsGarbageCollection;
    }

    /**
     * @return whether identical content is stored once (content addressing), so writing it again under
     *     another location leaves the set of stored blobs unchanged
     */
    protected boolean deduplicatesContent() {
        return true;
    }

    @BeforeEach
    void openStoreUnderTest() {
        store = openStore();
        model = ModelName.of("contract-" + UUID.randomUUID().toString().substring(0, 13));
    }

    @AfterEach
    void closeStoreUnderTest() {
        store.close();
    }

    // ---------------------------------------------------------------- helpers

    /** @return a location of this test's model at version 1.0.0 */
    protected FileLocation location(String path) {
        return location("1.0.0", path);
    }

    /** @return a location of this test's model */
    protected FileLocation location(String version, String path) {
        return new FileLocation(model, SemanticVersion.parse(version), ArtifactPath.of(path));
    }

    /** @return deterministic pseudo-random bytes */
    protected static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** @return the SHA-256 computed here, independently of {@link Sha256} */
    protected static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** @return everything the stream gives, closing it */
    protected static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the entry after writing {@code content} as a stream */
    protected ManifestEntry write(FileLocation location, byte[] content) {
        return store.write(location, new ByteArrayInputStream(content));
    }

    private void assertStored(FileLocation location, ManifestEntry entry, byte[] content) {
        assertThat(entry.path()).isEqualTo(location.path());
        assertThat(entry.size()).isEqualTo(content.length);
        assertThat(entry.sha256().hex()).isEqualTo(sha256Hex(content));
        assertThat(readAll(store.open(location, entry.sha256()))).isEqualTo(content);
        assertThat(store.size(location, entry.sha256())).contains((long) content.length);
    }

    private SupportsGarbageCollection collectable() {
        assumeThat(supportsGarbageCollection()).as("store supports garbage collection").isTrue();
        assertThat(store).as("a store that declares garbage collection implements it")
                .isInstanceOf(SupportsGarbageCollection.class);
        return (SupportsGarbageCollection) store;
    }

    private Set<Sha256> listedDigests() {
        try (Stream<StoredBlob> blobs = collectable().listBlobs()) {
            return blobs.map(StoredBlob::sha256).collect(Collectors.toSet());
        }
    }

    /** A stream that yields {@code good} bytes and then fails. */
    protected static InputStream failingAfter(byte[] good) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos >= good.length) {
                    throw new IOException("source failed after " + good.length + " bytes");
                }
                return good[pos++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= good.length) {
                    throw new IOException("source failed after " + good.length + " bytes");
                }
                int n = Math.min(len, good.length - pos);
                System.arraycopy(good, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    // ---------------------------------------------------------------- tests

    @Nested
    @DisplayName("Writing and reading")
    class WriteAndRead {

        @Test
        @DisplayName("a stream written is read back byte for byte, with the digest and size it has")
        void roundTrip() {
            byte[] content = "weights of a tiny model\n".getBytes(StandardCharsets.UTF_8);
            FileLocation loc = location("model.bin");
            ManifestEntry entry = write(loc, content);
            assertStored(loc, entry, content);
        }

        @Test
        @DisplayName("an empty file is stored with the digest of zero bytes")
        void emptyFile() {
            FileLocation loc = location("empty.txt");
            ManifestEntry entry = write(loc, new byte[0]);
            assertThat(entry.sha256()).isEqualTo(Sha256.EMPTY);
            assertStored(loc, entry, new byte[0]);
        }

        @Test
        @DisplayName("a multi-megabyte file crosses buffer boundaries intact")
        void multiMegabyte() {
            byte[] content = randomBytes(13 * 1024 * 1024 + 17, 42);
            FileLocation loc = location("shards/model-00001.safetensors");
            ManifestEntry entry = write(loc, content);
            assertStored(loc, entry, content);
        }

        @Test
        @DisplayName("a file whose size is an exact multiple of a megabyte is stored whole")
        void exactMegabytes() {
            byte[] content = randomBytes(8 * 1024 * 1024, 8);
            FileLocation loc = location("exact.bin");
            assertStored(loc, write(loc, content), content);
        }

        @Test
        @DisplayName("a local file is stored through the path overload with the same digest as its stream")
        void localFile() throws IOException {
            byte[] content = randomBytes(9 * 1024 * 1024 + 3, 7);
            Path file = scratch.resolve("local.bin");
            Files.write(file, content);
            FileLocation loc = location("local.bin");
            ManifestEntry entry = store.write(loc, file);
            assertStored(loc, entry, content);
        }

        @Test
        @DisplayName("a small local file is stored through the path overload")
        void smallLocalFile() throws IOException {
            byte[] content = "{\"hidden_size\": 768}".getBytes(StandardCharsets.UTF_8);
            Path file = scratch.resolve("config.json");
            Files.write(file, content);
            FileLocation loc = location("config.json");
            assertStored(loc, store.write(loc, file), content);
        }

        @Test
        @DisplayName("a missing local file is a StorageException")
        void missingLocalFile() {
            assertThatThrownBy(() -> store.write(location("gone.bin"), scratch.resolve("gone.bin")))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("gone.bin");
        }

        @Test
        @DisplayName("unicode and nested paths are kept as given")
        void unicodeAndNestedPaths() {
            byte[] content = "词表 vocabulary ü".getBytes(StandardCharsets.UTF_8);
            FileLocation loc = location("tokenizer/中文/vocab ü (1).txt");
            ManifestEntry entry = write(loc, content);
            assertThat(entry.path().value()).isEqualTo("tokenizer/中文/vocab ü (1).txt");
            assertStored(loc, entry, content);
        }
    }

    @Nested
    @DisplayName("Deduplication")
    class Deduplication {

        @Test
        @DisplayName("the same content written twice has the same digest and the second version can read it")
        void sameContentTwice() {
            byte[] content = randomBytes(2 * 1024 * 1024 + 5, 3);
            FileLocation first = location("1.0.0", "model.bin");
            FileLocation second = location("1.1.0", "renamed/model.bin");
            ManifestEntry a = write(first, content);
            ManifestEntry b = write(second, content);
            assertThat(b.sha256()).isEqualTo(a.sha256());
            assertThat(b.size()).isEqualTo(a.size());
            assertThat(b.path()).isEqualTo(second.path());
            assertThat(readAll(store.open(second, b.sha256()))).isEqualTo(content);
            assertThat(readAll(store.open(first, a.sha256()))).isEqualTo(content);
        }

        @Test
        @DisplayName("writing stored content again leaves the set of stored blobs unchanged")
        void storeUnchanged() {
            assumeThat(deduplicatesContent()).as("store deduplicates content").isTrue();
            byte[] content = randomBytes(100_000, 4);
            write(location("1.0.0", "a.bin"), content);
            Set<Sha256> before = listedDigests();
            write(location("2.0.0", "b.bin"), content);
            assertThat(listedDigests()).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("Range reads")
    class RangeReads {
        private final byte[] content = randomBytes(5 * 1024 * 1024 + 11, 5);
        private FileLocation loc;
        private Sha256 digest;

        @BeforeEach
        void storeFile() {
            loc = location("ranges.bin");
            digest = write(loc, content).sha256();
        }

        private byte[] range(long offset, long length) {
            return readAll(store.openRange(loc, digest, offset, length));
        }

        @Test
        @DisplayName("a range at the start returns the header bytes")
        void start() {
            assertThat(range(0, 8)).isEqualTo(java.util.Arrays.copyOfRange(content, 0, 8));
        }

        @Test
        @DisplayName("a range in the middle crossing megabyte boundaries returns exactly those bytes")
        void middle() {
            int from = 1024 * 1024 - 100;
            int len = 2 * 1024 * 1024 + 300;
            assertThat(range(from, len)).isEqualTo(java.util.Arrays.copyOfRange(content, from, from + len));
        }

        @Test
        @DisplayName("a range running past the end returns the bytes up to the end")
        void pastTheEnd() {
            int from = content.length - 10;
            assertThat(range(from, 1000)).isEqualTo(java.util.Arrays.copyOfRange(content, from, content.length));
        }

        @Test
        @DisplayName("a range starting past the end is empty")
        void startingPastTheEnd() {
            assertThat(range(content.length + 100L, 10)).isEmpty();
        }

        @Test
        @DisplayName("a zero-length range is empty")
        void zeroLength() {
            assertThat(range(100, 0)).isEmpty();
        }

        @Test
        @DisplayName("a negative offset or length is a ValidationException")
        void negative() {
            assertThatThrownBy(() -> store.openRange(loc, digest, -1, 10)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> store.openRange(loc, digest, 0, -1)).isInstanceOf(ValidationException.class);
        }

        @Test
        @DisplayName("a range of an unknown digest is a NotFoundException")
        void unknown() {
            Sha256 unknown = Sha256.of("never stored".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> readAll(store.openRange(loc, unknown, 0, 10)))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    @DisplayName("Manifests")
    class Manifests {

        @Test
        @DisplayName("a manifest written is read back equal, with every entry")
        void roundTrip() {
            ManifestEntry a = write(location("config.json"), "{}".getBytes(StandardCharsets.UTF_8));
            ManifestEntry b = write(location("weights/model.bin"), randomBytes(3000, 1));
            ArtifactManifest manifest = ArtifactManifest.of(List.of(b, a));
            SemanticVersion v = SemanticVersion.parse("1.0.0");
            store.writeManifest(model, v, manifest);
            ArtifactManifest read = store.readManifest(model, v, manifest.root());
            assertThat(read).isEqualTo(manifest);
            assertThat(read.files()).containsExactly(a, b);
            assertThat(read.totalBytes()).isEqualTo(3002);
        }

        @Test
        @DisplayName("an empty manifest round-trips")
        void empty() {
            SemanticVersion v = SemanticVersion.parse("0.1.0");
            store.writeManifest(model, v, ArtifactManifest.empty());
            assertThat(store.readManifest(model, v, ArtifactManifest.empty().root()).files()).isEmpty();
        }

        @Test
        @DisplayName("writing the same manifest twice is harmless")
        void twice() {
            ArtifactManifest manifest = ArtifactManifest.of(List.of(write(location("x"), new byte[] {1})));
            SemanticVersion v = SemanticVersion.parse("1.0.0");
            store.writeManifest(model, v, manifest);
            store.writeManifest(model, v, manifest);
            assertThat(store.readManifest(model, v, manifest.root())).isEqualTo(manifest);
        }

        @Test
        @DisplayName("reading a manifest that was never written is a NotFoundException")
        void notFound() {
            Sha256 unknown = Sha256.of(("no manifest " + model).getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> store.readManifest(model, SemanticVersion.parse("9.9.9"), unknown))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    @DisplayName("Missing content")
    class Missing {

        @Test
        @DisplayName("opening an unknown digest is a NotFoundException that names the digest")
        void openUnknown() {
            Sha256 unknown = Sha256.of(("unknown " + model).getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> readAll(store.open(location("nothing.bin"), unknown)))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(unknown.hex());
        }

        @Test
        @DisplayName("the size of an unknown digest is empty")
        void sizeUnknown() {
            Sha256 unknown = Sha256.of(("unknown size " + model).getBytes(StandardCharsets.UTF_8));
            assertThat(store.size(location("nothing.bin"), unknown)).isEmpty();
        }
    }

    @Nested
    @DisplayName("Failed writes")
    class FailedWrites {

        @Test
        @DisplayName("a source that fails mid-way is a StorageException and leaves nothing readable")
        void sourceFails() {
            byte[] full = randomBytes(6 * 1024 * 1024, 6);
            byte[] prefix = java.util.Arrays.copyOf(full, 5 * 1024 * 1024 + 7);
            FileLocation loc = location("broken.bin");
            assertThatThrownBy(() -> store.write(loc, failingAfter(prefix)))
                    .isInstanceOf(StorageException.class)
                    .hasRootCauseMessage("source failed after " + prefix.length + " bytes");
            for (byte[] candidate : List.of(full, prefix)) {
                Sha256 digest = Sha256.parse(sha256Hex(candidate));
                assertThat(store.size(loc, digest)).isEmpty();
                assertThatThrownBy(() -> readAll(store.open(loc, digest))).isInstanceOf(NotFoundException.class);
            }
        }
    }

    @Nested
    @DisplayName("Concurrency")
    class Concurrency {

        @Test
        @DisplayName("8 threads writing identical and different content at once all succeed and read back")
        void eightWriters() throws Exception {
            byte[] shared = randomBytes(3 * 1024 * 1024 + 1, 99);
            int threads = 8;
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Map.Entry<byte[], ManifestEntry>>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    int n = i;
                    results.add(pool.submit(() -> {
                        byte[] content = n % 2 == 0 ? shared : randomBytes(1024 * 1024 + n * 4099, n);
                        FileLocation loc = location("1.0." + n, "file-" + n + ".bin");
                        start.await(30, TimeUnit.SECONDS);
                        return Map.entry(content, write(loc, content));
                    }));
                }
                for (int i = 0; i < threads; i++) {
                    Map.Entry<byte[], ManifestEntry> r = results.get(i).get(120, TimeUnit.SECONDS);
                    FileLocation loc = location("1.0." + i, "file-" + i + ".bin");
                    assertStored(loc, r.getValue(), r.getKey());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("Deleting versions")
    class DeletingVersions {

        @Test
        @DisplayName("deleting one version does not break another that shares its files")
        void sharedBlobsSurvive() {
            byte[] shared = randomBytes(200_000, 11);
            byte[] own = randomBytes(1000, 12);
            ManifestEntry s1 = write(location("1.0.0", "shared.bin"), shared);
            ManifestEntry o1 = write(location("1.0.0", "own.bin"), own);
            ManifestEntry s2 = write(location("2.0.0", "shared.bin"), shared);
            ArtifactManifest m1 = ArtifactManifest.of(List.of(s1, o1));
            ArtifactManifest m2 = ArtifactManifest.of(List.of(s2));
            SemanticVersion v1 = SemanticVersion.parse("1.0.0");
            SemanticVersion v2 = SemanticVersion.parse("2.0.0");
            store.writeManifest(model, v1, m1);
            store.writeManifest(model, v2, m2);

            store.deleteVersion(model, v1, m1);

            assertThat(readAll(store.open(location("2.0.0", "shared.bin"), s2.sha256()))).isEqualTo(shared);
            assertThat(store.readManifest(model, v2, m2.root())).isEqualTo(m2);
        }
    }

    @Nested
    @DisplayName("Garbage collection capability")
    class GarbageCollection {

        @Test
        @DisplayName("stored blobs and manifests are listed with their sizes")
        void listsBlobs() {
            SupportsGarbageCollection gc = collectable();
            byte[] content = randomBytes(12345, 21);
            ManifestEntry entry = write(location("listed.bin"), content);
            ArtifactManifest manifest = ArtifactManifest.of(List.of(entry));
            store.writeManifest(model, SemanticVersion.parse("1.0.0"), manifest);
            try (Stream<StoredBlob> blobs = gc.listBlobs()) {
                Map<Sha256, StoredBlob> byDigest = blobs.collect(Collectors.toMap(StoredBlob::sha256, b -> b));
                assertThat(byDigest).containsKeys(entry.sha256(), manifest.root());
                assertThat(byDigest.get(entry.sha256()).size()).isEqualTo(12345);
                assertThat(byDigest.get(manifest.root()).size()).isEqualTo(manifest.toCanonicalBytes().length);
            }
        }

        @Test
        @DisplayName("deleteBlob spares a blob modified after the boundary and removes an older one")
        void deleteBlobHonoursBoundary() {
            SupportsGarbageCollection gc = collectable();
            Instant before = Instant.now().minus(Duration.ofHours(1));
            ManifestEntry entry = write(location("doomed.bin"), randomBytes(4096, 22));
            assertThat(gc.deleteBlob(entry.sha256(), before)).isFalse();
            assertThat(store.size(location("doomed.bin"), entry.sha256())).isPresent();
            assertThat(gc.deleteBlob(entry.sha256(), Instant.now().plus(Duration.ofHours(1)))).isTrue();
            assertThat(store.size(location("doomed.bin"), entry.sha256())).isEmpty();
            assertThat(listedDigests()).doesNotContain(entry.sha256());
            assertThat(gc.deleteBlob(entry.sha256(), Instant.now().plus(Duration.ofHours(1)))).isFalse();
        }

        @Test
        @DisplayName("a dry run of the collector marks referenced files and proposes unreferenced old ones")
        void collectorDryRun() {
            collectable();
            ManifestEntry kept = write(location("kept.bin"), randomBytes(3000, 23));
            ManifestEntry orphan = write(location("2.0.0", "orphan.bin"), randomBytes(5000, 24));
            ArtifactManifest manifest = ArtifactManifest.of(List.of(kept));
            SemanticVersion v = SemanticVersion.parse("1.0.0");
            store.writeManifest(model, v, manifest);

            Clock tomorrow = Clock.offset(Clock.systemUTC(), Duration.ofDays(1));
            GarbageCollectionReport report = GarbageCollector.forStore(store)
                    .clock(tomorrow).gracePeriod(Duration.ofHours(1)).build()
                    .dryRun(List.of(new ManifestReference(model, v, manifest.root())));

            assertThat(report.dryRun()).isTrue();
            assertThat(report.collected()).extracting(StoredBlob::sha256)
                    .contains(orphan.sha256())
                    .doesNotContain(kept.sha256(), manifest.root());
            assertThat(store.size(location("2.0.0", "orphan.bin"), orphan.sha256())).contains(5000L);
        }
    }
}
