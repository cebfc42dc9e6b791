package dev.mvm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.StoredBlob;
import dev.mvm.testing.ChildJvm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The blob store across processes")
class ContentAddressedBlobStoreCrashTest {
    private static final int SIZE = 24 * 1024 * 1024;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path root;

    private static FileLocation location(String path) {
        return new FileLocation(ModelName.of("crash-test"), SemanticVersion.parse("1.0.0"), ArtifactPath.of(path));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(ContentAddressedBlobStore store, FileLocation loc, Sha256 digest) throws IOException {
        try (InputStream in = store.open(loc, digest)) {
            return in.readAllBytes();
        }
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            return files.collect(Collectors.toList());
        }
    }

    @Test
    @DisplayName("a writer killed half-way leaves no blob, keeps earlier blobs intact, and its temp file is cleaned")
    void killedWriter() throws IOException {
        byte[] small = random(1000, 1);
        byte[] large = random(6 * 1024 * 1024 + 5, 2);
        ManifestEntry smallEntry;
        ManifestEntry largeEntry;
        try (ContentAddressedBlobStore store = ContentAddressedBlobStore.open(root)) {
            smallEntry = store.write(location("small.bin"), new ByteArrayInputStream(small));
            largeEntry = store.write(location("large.bin"), new ByteArrayInputStream(large));
        }
        Sha256 unfinished = Sha256.of(SlowBlobWriter.content(SIZE, 77));
        Sha256 half = Sha256.of(java.util.Arrays.copyOf(SlowBlobWriter.content(SIZE, 77), SIZE / 2));

        try (ChildJvm child = ChildJvm.start(SlowBlobWriter.class, root.toString(), String.valueOf(SIZE), "77",
                "stall")) {
            child.awaitLine("HALF", CHILD_TIMEOUT);
            List<Path> temps = temporaryFiles();
            assertThat(temps).hasSize(1);
            assertThat(Files.size(temps.get(0))).isPositive();

            // While the child lives, even an aggressive housekeeping pass must leave its file alone.
            Clock muchLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
            try (ContentAddressedBlobStore store = ContentAddressedBlobStore.open(root, muchLater, Duration.ofHours(24))) {
                assertThat(store.removeStaleTemporaryFiles()).isZero();
            }
            assertThat(temporaryFiles()).containsExactlyElementsOf(temps);

            child.kill();
        }

        // Default housekeeping keeps a young leftover: it cannot tell a crash from a slow writer by age alone.
        try (ContentAddressedBlobStore store = ContentAddressedBlobStore.open(root)) {
            assertThat(temporaryFiles()).hasSize(1);
            for (Sha256 digest : List.of(unfinished, half)) {
                assertThat(store.size(location("big.bin"), digest)).isEmpty();
                assertThatThrownBy(() -> store.open(location("big.bin"), digest)).isInstanceOf(NotFoundException.class);
            }
            assertThat(read(store, location("small.bin"), smallEntry.sha256())).isEqualTo(small);
            assertThat(read(store, location("large.bin"), largeEntry.sha256())).isEqualTo(large);
            try (Stream<StoredBlob> blobs = store.listBlobs()) {
                assertThat(blobs.map(StoredBlob::sha256))
                        .containsExactlyInAnyOrder(smallEntry.sha256(), largeEntry.sha256());
            }
        }

        // Once older than the threshold and unlocked (the process is gone), opening the store removes it.
        Clock dayLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(25));
        try (ContentAddressedBlobStore store = ContentAddressedBlobStore.open(root, dayLater, Duration.ofHours(24))) {
            assertThat(temporaryFiles()).isEmpty();
            assertThat(read(store, location("large.bin"), largeEntry.sha256())).isEqualTo(large);
        }
    }

    @Test
    @DisplayName("two processes and this one writing identical content at once all get the same intact blob")
    void concurrentProcesses() throws IOException {
        int size = 9 * 1024 * 1024 + 1;
        byte[] content = SlowBlobWriter.content(size, 5);
        Sha256 expected = Sha256.of(content);
        try (ContentAddressedBlobStore store = ContentAddressedBlobStore.open(root);
                ChildJvm a = ChildJvm.start(SlowBlobWriter.class, root.toString(), String.valueOf(size), "5", "repeat:15");
                ChildJvm b = ChildJvm.start(SlowBlobWriter.class, root.toString(), String.valueOf(size), "5", "repeat:15")) {
            a.awaitLine("DIGEST", CHILD_TIMEOUT);
            for (int i = 0; i < 15; i++) {
                assertThat(store.write(location("big.bin"), new ByteArrayInputStream(content)).sha256())
                        .isEqualTo(expected);
                assertThat(read(store, location("big.bin"), expected)).isEqualTo(content);
            }
            assertThat(a.awaitExit(CHILD_TIMEOUT)).isZero();
            assertThat(b.awaitExit(CHILD_TIMEOUT)).isZero();
            assertThat(a.output()).hasSize(15).allMatch(line -> line.equals("DIGEST " + expected.hex()));
            assertThat(b.output()).hasSize(15).allMatch(line -> line.equals("DIGEST " + expected.hex()));
            assertThat(read(store, location("big.bin"), expected)).isEqualTo(content);
            assertThat(temporaryFiles()).isEmpty();
        }
    }
}
