package dev.mvm.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Copying while hashing")
class HashingCopyTest {
    private static final int CHUNK = 1024;

    @TempDir
    Path dir;

    private final ExecutorService background = Executors.newCachedThreadPool();
    private final HashingCopy copier = new HashingCopy(background, CHUNK, 2, 3 * CHUNK);

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private FileChannel target(String name) throws IOException {
        return FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 37 * CHUNK + 5})
    @DisplayName("a stream of any size around the chunk boundaries is written and hashed exactly")
    void streams(int size) throws IOException {
        byte[] content = random(size);
        HashingCopy.Result result;
        try (FileChannel out = target("s.bin")) {
            result = copier.copy(new ByteArrayInputStream(content), out, size % 2 == 0);
        }
        assertThat(result.size()).isEqualTo(size);
        assertThat(result.sha256()).isEqualTo(Sha256.of(content));
        assertThat(Files.readAllBytes(dir.resolve("s.bin"))).isEqualTo(content);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 7, CHUNK, 2 * CHUNK + 1, 64 * CHUNK})
    @DisplayName("a channel of any size around the chunk boundaries is written and hashed exactly")
    void channels(int size) throws IOException {
        byte[] content = random(size);
        Path source = Files.write(dir.resolve("source.bin"), content);
        HashingCopy.Result result;
        try (FileChannel in = FileChannel.open(source); FileChannel out = target("c.bin")) {
            result = copier.copy(in, out, true);
        }
        assertThat(result).isEqualTo(new HashingCopy.Result(Sha256.of(content), size));
        assertThat(Files.readAllBytes(dir.resolve("c.bin"))).isEqualTo(content);
    }

    @Test
    @DisplayName("a channel that returns few bytes per read is still read to the end")
    void tricklingChannel() throws IOException {
        byte[] content = random(10 * CHUNK + 3);
        ReadableByteChannel trickle = new ReadableByteChannel() {
            private final ReadableByteChannel inner = Channels.newChannel(new ByteArrayInputStream(content));

            @Override
            public int read(ByteBuffer dst) throws IOException {
                ByteBuffer small = dst.slice();
                small.limit(Math.min(small.remaining(), 100));
                int n = inner.read(small);
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
        try (FileChannel out = target("t.bin")) {
            assertThat(copier.copy(trickle, out, false).sha256()).isEqualTo(Sha256.of(content));
        }
    }

    @Test
    @DisplayName("a source failing after several chunks surfaces its IOException, and the copier stays usable")
    void failingSource() throws IOException {
        byte[] content = random(9 * CHUNK);
        InputStream failing = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos >= content.length) {
                    throw new IOException("source broke");
                }
                return content[pos++] & 0xff;
            }
        };
        try (FileChannel out = target("f.bin")) {
            assertThatThrownBy(() -> copier.copy(failing, out, true)).isInstanceOf(IOException.class)
                    .hasMessage("source broke");
        }
        try (FileChannel out = target("after.bin")) {
            assertThat(copier.copy(new ByteArrayInputStream(content), out, true).sha256())
                    .isEqualTo(Sha256.of(content));
        }
    }

    @Test
    @DisplayName("a non-positive flush interval is rejected")
    void invalidFlushInterval() {
        assertThatThrownBy(() -> new HashingCopy(background, CHUNK, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BufferPool(0, false, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
