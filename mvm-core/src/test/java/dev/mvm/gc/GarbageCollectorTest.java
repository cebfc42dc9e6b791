package dev.mvm.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.StoredBlob;
import dev.mvm.embedded.ContentAddressedBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Garbage collection")
class GarbageCollectorTest {
    private static final ModelName MODEL = ModelName.of("gc-test");
    private static final SemanticVersion V1 = SemanticVersion.parse("1.0.0");
    private static final SemanticVersion V2 = SemanticVersion.parse("2.0.0");

    @TempDir
    Path root;

    private ContentAddressedBlobStore store;
    private final Instant now = Instant.now();
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    @BeforeEach
    void open() {
        store = ContentAddressedBlobStore.open(root);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ManifestEntry write(String path, int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return store.write(new FileLocation(MODEL, V1, ArtifactPath.of(path)), new ByteArrayInputStream(b));
    }

    private void age(Sha256 digest, Duration by) throws IOException {
        Path file = root.resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex().substring(2));
        Files.setLastModifiedTime(file, FileTime.from(now.minus(by)));
    }

    private GarbageCollector collector() {
        return GarbageCollector.forStore(store).clock(clock).gracePeriod(Duration.ofDays(1)).build();
    }

    private Set<Sha256> stored() {
        try (Stream<StoredBlob> blobs = store.listBlobs()) {
            return blobs.map(StoredBlob::sha256).collect(Collectors.toSet());
        }
    }

    @Test
    @DisplayName("referenced blobs survive, old unreferenced ones go, young unreferenced ones stay")
    void markAndSweep() throws IOException {
        ManifestEntry kept = write("kept.bin", 3000, 1);
        ManifestEntry orphan = write("orphan.bin", 5000, 2);
        ManifestEntry young = write("young.bin", 700, 3);
        ArtifactManifest manifest = ArtifactManifest.of(List.of(kept));
        store.writeManifest(MODEL, V1, manifest);
        for (Sha256 d : List.of(kept.sha256(), orphan.sha256(), manifest.root())) {
            age(d, Duration.ofDays(10));
        }
        age(young.sha256(), Duration.ofHours(2));

        GarbageCollectionReport report = collector().collect(List.of(new ManifestReference(MODEL, V1, manifest.root())));

        assertThat(report.dryRun()).isFalse();
        assertThat(report.collected()).extracting(StoredBlob::sha256).containsExactly(orphan.sha256());
        assertThat(report.bytesFreed()).isEqualTo(5000);
        assertThat(report.blobsScanned()).isEqualTo(4);
        assertThat(report.referenced()).isEqualTo(2);
        assertThat(report.sparedAsRecent()).isEqualTo(1);
        assertThat(report.manifestsRead()).isEqualTo(1);
        assertThat(report.boundary()).isEqualTo(now.minus(Duration.ofDays(1)));
        assertThat(report.toString()).contains("deleted 1 of 4 blobs (5000 bytes)");
        assertThat(stored()).containsExactlyInAnyOrder(kept.sha256(), young.sha256(), manifest.root());
        assertThat(store.readManifest(MODEL, V1, manifest.root())).isEqualTo(manifest);
    }

    @Test
    @DisplayName("a dry run deletes nothing and reports what would go and the bytes it would free")
    void dryRun() throws IOException {
        ManifestEntry a = write("a.bin", 1000, 4);
        ManifestEntry b = write("b.bin", 2500, 5);
        age(a.sha256(), Duration.ofDays(2));
        age(b.sha256(), Duration.ofDays(2));

        GarbageCollectionReport report = collector().dryRun(List.of());

        assertThat(report.dryRun()).isTrue();
        assertThat(report.collected()).extracting(StoredBlob::sha256)
                .containsExactlyInAnyOrder(a.sha256(), b.sha256());
        assertThat(report.bytesFreed()).isEqualTo(3500);
        assertThat(report.toString()).contains("would delete 2");
        assertThat(stored()).containsExactlyInAnyOrder(a.sha256(), b.sha256());
        assertThatThrownBy(() -> report.collected().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("a blob refreshed by a deduplicated write is not collected")
    void refreshedByDedupe() throws IOException {
        ManifestEntry a = write("a.bin", 4000, 6);
        age(a.sha256(), Duration.ofDays(5));
        // A registration in progress writes the same content again: the store refreshes the blob.
        GarbageCollector gc = GarbageCollector.forStore(store).gracePeriod(Duration.ofDays(1)).build();
        write("again.bin", 4000, 6);

        GarbageCollectionReport report = gc.collect(List.of());

        assertThat(report.collected()).isEmpty();
        assertThat(report.sparedAsRecent()).isEqualTo(1);
        assertThat(stored()).containsExactly(a.sha256());
    }

    @Test
    @DisplayName("files shared by several versions are kept while one of them is referenced")
    void sharedFiles() throws IOException {
        ManifestEntry shared = write("shared.bin", 2000, 7);
        ManifestEntry onlyV1 = write("v1.bin", 100, 8);
        ArtifactManifest m1 = ArtifactManifest.of(List.of(shared, onlyV1));
        ArtifactManifest m2 = ArtifactManifest.of(List.of(shared));
        store.writeManifest(MODEL, V1, m1);
        store.writeManifest(MODEL, V2, m2);
        for (Sha256 d : List.of(shared.sha256(), onlyV1.sha256(), m1.root(), m2.root())) {
            age(d, Duration.ofDays(3));
        }
        store.deleteVersion(MODEL, V1, m1);

        GarbageCollectionReport report = collector().collect(List.of(
                new ManifestReference(MODEL, V2, m2.root()), new ManifestReference(MODEL, V2, m2.root())));

        assertThat(report.manifestsRead()).isEqualTo(1);
        assertThat(report.collected()).extracting(StoredBlob::sha256)
                .containsExactlyInAnyOrder(onlyV1.sha256(), m1.root());
        assertThat(stored()).containsExactlyInAnyOrder(shared.sha256(), m2.root());
    }

    @Test
    @DisplayName("the references are asked for after the grace boundary is fixed")
    void supplierAfterBoundary() throws IOException {
        ManifestEntry late = write("late.bin", 300, 9);
        age(late.sha256(), Duration.ofDays(3));
        ArtifactManifest manifest = ArtifactManifest.of(List.of(late));
        AtomicReference<Boolean> asked = new AtomicReference<>(false);

        GarbageCollectionReport report = collector().collect(() -> {
            // A version committed while the collector starts: its manifest is written now.
            store.writeManifest(MODEL, V1, manifest);
            asked.set(true);
            return List.of(new ManifestReference(MODEL, V1, manifest.root()));
        });

        assertThat(asked.get()).isTrue();
        assertThat(report.collected()).isEmpty();
        assertThat(stored()).containsExactlyInAnyOrder(late.sha256(), manifest.root());
    }

    @Test
    @DisplayName("a missing or damaged referenced manifest stops the run before anything is deleted")
    void unreadableManifest() throws IOException {
        ManifestEntry orphan = write("orphan.bin", 1000, 10);
        age(orphan.sha256(), Duration.ofDays(3));
        Sha256 missing = Sha256.of(new byte[] {1, 2, 3});

        assertThatThrownBy(() -> collector().collect(List.of(new ManifestReference(MODEL, V1, missing))))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("before deleting anything")
                .hasMessageContaining(missing.hex());
        assertThat(stored()).containsExactly(orphan.sha256());
    }

    @Test
    @DisplayName("a negative grace period is rejected")
    void negativeGrace() {
        assertThatThrownBy(() -> GarbageCollector.forStore(store).gracePeriod(Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1M");
        assertThat(GarbageCollector.forStore(store).build().gracePeriod()).isEqualTo(GarbageCollector.DEFAULT_GRACE_PERIOD);
    }
}
