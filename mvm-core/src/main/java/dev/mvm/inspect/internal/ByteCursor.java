package dev.mvm.inspect.internal;

import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.InspectionLimits;
import dev.mvm.api.inspect.RangeSource;
import java.nio.charset.StandardCharsets;

/**
 * Reads a region of a {@link RangeSource} front to back through a window of at most {@value #WINDOW} bytes,
 * so that skipping a large field (a weight blob) costs no read. Every read is checked against the region's
 * end: a length the rest of the region cannot hold is an {@link IntegrityException}, never an allocation.
 */
public final class ByteCursor {
    /** Bytes fetched per range read. */
    public static final int WINDOW = 64 * 1024;

    private final RangeSource source;
    private long end;
    private long position;
    private byte[] buffer = new byte[0];
    private long bufferStart;

    /**
     * @param source the file
     * @param start first byte of the region
     * @param end the region's end (exclusive), at most the file size
     */
    public ByteCursor(RangeSource source, long start, long end) {
        this.source = source;
        this.position = start;
        this.end = end;
    }

    /** @return the current position in the file */
    public long position() {
        return position;
    }

    /** @return bytes left before the region's end */
    public long remaining() {
        return end - position;
    }

    /** @return the region's end */
    public long end() {
        return end;
    }

    /**
     * Narrows the region to the next {@code length} bytes, for reading a nested message.
     *
     * @param length bytes of the nested region
     * @param what what they hold, for the message
     * @return the previous end, to give back to {@link #popLimit}
     * @throws IntegrityException if the region cannot hold them
     */
    public long pushLimit(long length, String what) {
        require(length, what);
        long previous = end;
        end = position + length;
        return previous;
    }

    /**
     * Restores the region after a nested message, which must have been read to its end.
     *
     * @param previousEnd the value {@link #pushLimit} returned
     */
    public void popLimit(long previousEnd) {
        position = end;
        end = previousEnd;
    }

    /** @return the file, for messages */
    public String describe() {
        return source.describe();
    }

    /**
     * @param n bytes to pass over without reading them
     * @throws IntegrityException if the region ends first
     */
    public void skip(long n) {
        require(n, "a field");
        position += n;
    }

    /** @return one unsigned byte */
    public int u8() {
        ensure(1, "a byte");
        return buffer[(int) (position++ - bufferStart)] & 0xff;
    }

    /** @return a little-endian unsigned 32-bit integer */
    public long u32() {
        ensure(4, "a 32-bit integer");
        int i = (int) (position - bufferStart);
        long v = (buffer[i] & 0xffL) | (buffer[i + 1] & 0xffL) << 8 | (buffer[i + 2] & 0xffL) << 16
                | (buffer[i + 3] & 0xffL) << 24;
        position += 4;
        return v;
    }

    /** @return a little-endian 64-bit integer (callers treat negative values as too large) */
    public long u64() {
        long lo = u32();
        long hi = u32();
        return lo | hi << 32;
    }

    /**
     * @return a protobuf base-128 varint
     * @throws IntegrityException if it runs over 10 bytes or past the region
     */
    public long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IntegrityException("Malformed " + source.describe() + ": a varint at byte " + position
                + " is longer than 10 bytes");
    }

    /**
     * @param n bytes
     * @param what what is read, for the message
     * @return the next {@code n} bytes
     * @throws ValidationException if {@code n} is above {@link InspectionLimits#MAX_NAME_BYTES}
     */
    public byte[] bytes(long n, String what) {
        if (n > InspectionLimits.MAX_NAME_BYTES) {
            throw new ValidationException("file", "Rejected " + source.describe() + ": " + what + " at byte " + position
                    + " is " + n + " bytes long; at most " + InspectionLimits.MAX_NAME_BYTES + " are allowed");
        }
        ensure(n, what);
        int i = (int) (position - bufferStart);
        byte[] out = java.util.Arrays.copyOfRange(buffer, i, i + (int) n);
        position += n;
        return out;
    }

    /**
     * @param n bytes
     * @param what what is read, for the message
     * @return the next {@code n} bytes as UTF-8
     */
    public String utf8(long n, String what) {
        return new String(bytes(n, what), StandardCharsets.UTF_8);
    }

    /**
     * Fails unless {@code n} more bytes fit in the region.
     *
     * @param n bytes needed
     * @param what what they hold, for the message
     * @throws IntegrityException if they do not
     */
    public void require(long n, String what) {
        if (n < 0 || n > end - position) {
            throw new IntegrityException("Truncated or malformed " + source.describe() + ": " + what + " at byte "
                    + position + " needs " + (n < 0 ? "an invalid length " + n : n + " bytes") + " but only "
                    + (end - position) + " remain");
        }
    }

    private void ensure(long n, String what) {
        require(n, what);
        if (position >= bufferStart && position + n <= bufferStart + buffer.length) {
            return;
        }
        int length = (int) Math.min(Math.max(n, WINDOW), source.size() - position);
        buffer = source.read(position, length);
        bufferStart = position;
    }
}
