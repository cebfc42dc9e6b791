package dev.mvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.StoredBlob;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.gc.GarbageCollectionReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Garbage collection from the facade")
class GarbageCollectionTest {
    @TempDir
    Path tmp;
    GateArtifactStore store;
    ModelRegistry registry;

    @BeforeEach
    void open() {
        store = new GateArtifactStore(ContentAddressedBlobStore.open(tmp.resolve("registry/artifacts")));
        registry = ModelRegistry.builder().directory(tmp.resolve("registry")).artifactStore(store).build();
        registry.models().register("fraud");
    }

    @AfterEach
    void close() {
        store.release.countDown();
        registry.close();
    }

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes content no version references and makes it look two days old. */
    ManifestEntry oldOrphan(byte[] content) throws IOException {
        ManifestEntry e = store.write(new FileLocation(ModelName.of("fraud"), SemanticVersion.parse("9.9.9"),
                ArtifactPath.of("orphan.bin")), new ByteArrayInputStream(content));
        Path blob = tmp.resolve("registry/artifacts/blobs/sha256").resolve(e.sha256().hex().substring(0, 2))
                .resolve(e.sha256().hex().substring(2));
        Files.setLastModifiedTime(blob, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        return e;
    }

    @Test
    @DisplayName("a dry run counts the old unreferenced blobs and their bytes, and deletes nothing")
    void dryRun() throws IOException {
        ModelVersion kept = registry.model("fraud").newVersion().version("1.0.0").content("w.bin", bytes(3000, 1))
                .register();
        ManifestEntry orphan = oldOrphan(bytes(4096, 2));

        GarbageCollectionReport report = registry.garbageCollection(Duration.ofHours(1)).dryRun();

        assertThat(report.dryRun()).isTrue();
        assertThat(report.collected()).extracting(StoredBlob::sha256).containsExactly(orphan.sha256());
        assertThat(report.bytesFreed()).isEqualTo(4096);
        assertThat(report.referenced()).isEqualTo(2); // the file and the manifest
        assertThat(store.size(new FileLocation(kept.model(), kept.version(), ArtifactPath.of("orphan.bin")),
                orphan.sha256())).contains(4096L);
        assertThat(registry.garbageCollection().gracePeriod()).isEqualTo(dev.mvm.gc.GarbageCollector.DEFAULT_GRACE_PERIOD);

        GarbageCollectionReport done = registry.garbageCollection(Duration.ofHours(1)).collect();
        assertThat(done.dryRun()).isFalse();
        assertThat(done.bytesFreed()).isEqualTo(4096);
        assertThat(registry.model("fraud").version("1.0.0").download(tmp.resolve("dl")).manifest().files()).hasSize(1);
    }

    @Test
    @DisplayName("blobs of a registration still running in another thread are never collected, also deduplicated old ones")
    void concurrentRegistrationSurvives() throws Exception {
        byte[] reused = bytes(5000, 3);
        ManifestEntry old = oldOrphan(reused); // the registration below writes this content again (dedupe refresh)
        byte[] fresh = bytes(6000, 4);
        CompletableFuture<ModelVersion> registration = CompletableFuture.supplyAsync(() -> {
            store.armThisThread();
            return registry.model("fraud").newVersion().version("2.0.0").content("a-reused.bin", reused)
                    .content("b-fresh.bin", fresh).register();
        });
        assertThat(store.written.await(30, TimeUnit.SECONDS)).isTrue();

        GarbageCollectionReport during = registry.garbageCollection(Duration.ofMinutes(10)).collect();

        assertThat(during.collected()).extracting(StoredBlob::sha256).doesNotContain(old.sha256());
        assertThat(during.sparedAsRecent()).isGreaterThanOrEqualTo(1);
        store.release.countDown();
        ModelVersion v = registration.get(30, TimeUnit.SECONDS);
        Download d = registry.model("fraud").version(v.version()).download(tmp.resolve("dl"));
        assertThat(Files.readAllBytes(d.directory().resolve("a-reused.bin"))).isEqualTo(reused);
        assertThat(Files.readAllBytes(d.directory().resolve("b-fresh.bin"))).isEqualTo(fresh);
        assertThat(Sha256.of(reused)).isEqualTo(old.sha256());
        assertThat(registry.garbageCollection(Duration.ZERO).dryRun().collected()).isEmpty();
    }

    /** The same real store, seen only through ArtifactStore (as a store without the capability would be). */
    static dev.mvm.api.spi.ArtifactStore withoutCollection(dev.mvm.api.spi.ArtifactStore real) {
        return (dev.mvm.api.spi.ArtifactStore) java.lang.reflect.Proxy.newProxyInstance(
                GarbageCollectionTest.class.getClassLoader(), new Class<?>[] {dev.mvm.api.spi.ArtifactStore.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    @DisplayName("a store that is not content-addressed cannot be collected, and a negative grace is refused")
    void unsupported() {
        assertThatThrownBy(() -> registry.garbageCollection(Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        try (ModelRegistry plain = ModelRegistry.builder().directory(tmp.resolve("plain"))
                .artifactStore(withoutCollection(ContentAddressedBlobStore.open(tmp.resolve("plain/artifacts"))))
                .build()) {
            assertThatThrownBy(plain::garbageCollection).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("garbage collection");
        }
    }
}
