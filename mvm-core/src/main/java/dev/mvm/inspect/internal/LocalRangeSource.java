package dev.mvm.inspect.internal;

import dev.mvm.api.error.StorageException;
import dev.mvm.api.inspect.RangeSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Range reads of a local file; each read opens the file, so the source holds no handle. */
public final class LocalRangeSource implements RangeSource {
    private final Path file;
    private final long size;
    private final String name;

    /**
     * @param file a regular file
     * @param size its size
     * @param name how messages name it
     */
    public LocalRangeSource(Path file, long size, String name) {
        this.file = file;
        this.size = size;
        this.name = name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] read(long offset, int length) {
        RangeChecks.check(this, offset, length);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new dev.mvm.api.error.IntegrityException("File " + name + " ended after "
                            + (offset + buffer.position()) + " bytes while " + size + " were expected");
                }
            }
        } catch (IOException e) {
            throw new StorageException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return buffer.array();
    }

    @Override
    public String describe() {
        return name;
    }
}
