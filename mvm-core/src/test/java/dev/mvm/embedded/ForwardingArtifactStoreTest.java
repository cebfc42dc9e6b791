package dev.mvm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.ForwardingArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ForwardingArtifactStore")
class ForwardingArtifactStoreTest {
    private static final FileLocation LOCATION = new FileLocation(ModelName.of("fraud"), SemanticVersion.parse("1.0.0"),
            ArtifactPath.of("weights.bin"));

    @TempDir
    Path dir;

    /** Counts the streams written through it; files go to the delegate unless routed as streams. */
    private static final class StreamCounting extends ForwardingArtifactStore {
        final AtomicInteger streams = new AtomicInteger();
        private final boolean filesAsStreams;

        StreamCounting(ArtifactStore delegate, boolean filesAsStreams) {
            super(delegate);
            this.filesAsStreams = filesAsStreams;
        }

        @Override
        public ManifestEntry write(FileLocation location, InputStream content) {
            streams.incrementAndGet();
            return super.write(location, content);
        }

        @Override
        public ManifestEntry write(FileLocation location, Path file) {
            return filesAsStreams ? writeAsStream(location, file) : super.write(location, file);
        }
    }

    @Test
    @DisplayName("forwards every call, the defaulted ones to the delegate's own implementation")
    void forwards() throws IOException {
        byte[] bytes = "0123456789".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("weights.bin"), bytes);
        try (StreamCounting store = new StreamCounting(ContentAddressedBlobStore.open(dir.resolve("blobs")), false)) {
            assertThat(store.describe()).startsWith("file:");
            assertThat(store.addressesByContent()).isTrue();
            ManifestEntry entry = store.write(LOCATION, file);
            assertThat(store.streams).as("a file goes to the delegate's own file write").hasValue(0);
            assertThat(entry.sha256()).isEqualTo(Sha256.of(bytes));
            assertThat(store.size(LOCATION, entry.sha256())).contains(10L);
            try (InputStream in = store.openRange(LOCATION, entry.sha256(), 3, 4)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
            }
            try (InputStream in = store.open(LOCATION, entry.sha256())) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
            store.write(LOCATION, new ByteArrayInputStream(bytes));
            assertThat(store.streams).hasValue(1);
        }
    }

    @Test
    @DisplayName("writeAsStream sends a file through the decorator's own stream write, and names a missing file")
    void filesAsStreams() throws IOException {
        Path file = Files.writeString(dir.resolve("weights.bin"), "weights");
        try (StreamCounting store = new StreamCounting(ContentAddressedBlobStore.open(dir.resolve("blobs")), true)) {
            ManifestEntry entry = store.write(LOCATION, file);
            assertThat(store.streams).hasValue(1);
            assertThat(entry.size()).isEqualTo(7);
            assertThatThrownBy(() -> store.write(LOCATION, dir.resolve("missing.bin")))
                    .isInstanceOf(StorageException.class).hasMessageContaining("missing.bin");
        }
    }
}
