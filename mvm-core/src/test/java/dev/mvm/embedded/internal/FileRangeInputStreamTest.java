package dev.mvm.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reading a range of a file")
class FileRangeInputStreamTest {
    @TempDir
    Path dir;

    private FileRangeInputStream range(long offset, long length) throws IOException {
        Path file = dir.resolve("ten.bin");
        if (!Files.exists(file)) {
            Files.write(file, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        }
        return new FileRangeInputStream(FileChannel.open(file), offset, length);
    }

    @Test
    @DisplayName("single-byte reads stop at the end of the range")
    void singleBytes() throws IOException {
        try (FileRangeInputStream in = range(3, 2)) {
            assertThat(in.available()).isEqualTo(2);
            assertThat(in.read()).isEqualTo(3);
            assertThat(in.read()).isEqualTo(4);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    @DisplayName("skipping moves within the range and never past the file's end")
    void skipping() throws IOException {
        try (FileRangeInputStream in = range(2, 100)) {
            assertThat(in.skip(3)).isEqualTo(3);
            assertThat(in.read()).isEqualTo(5);
            assertThat(in.skip(1000)).isEqualTo(4);
            assertThat(in.available()).isZero();
            assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
            assertThat(in.read(new byte[4], 0, 0)).isZero();
        }
    }

    @Test
    @DisplayName("a negative offset or length is rejected")
    void negative() {
        assertThatThrownBy(() -> range(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
