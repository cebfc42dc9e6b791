package dev.mvm.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/** Reads at most {@code length} bytes of a file from {@code offset} with positional reads; owns the channel. */
public final class FileRangeInputStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private long remaining;

    /**
     * @param channel an open channel, closed with this stream
     * @param offset the first byte
     * @param length the most bytes to return
     */
    public FileRangeInputStream(FileChannel channel, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("Invalid range offset=" + offset + " length=" + length
                    + ": both must be at least 0");
        }
        this.channel = channel;
        this.position = offset;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
        if (n <= 0) {
            remaining = 0;
            return -1;
        }
        position += n;
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long size = channel.size();
        long step = Math.max(0, Math.min(Math.min(n, remaining), size - position));
        position += step;
        remaining -= step;
        return step;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, Math.min(remaining, channel.size() - position)));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
