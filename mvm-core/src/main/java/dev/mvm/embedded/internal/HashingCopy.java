package dev.mvm.embedded.internal;

import dev.mvm.api.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Copies bytes into a file while computing their SHA-256, in one pass over the data.
 *
 * <p>A copy that fits in one buffer is hashed and written on the calling thread. A larger one is pipelined:
 * the calling thread reads chunk <i>n + 1</i> and writes it while a task on the hashing executor digests
 * chunk <i>n</i> from the same buffer, so the cost is close to the slower of hashing and copying instead of
 * their sum. Each buffer is filled once and never changed while it is written and hashed, so the digest is
 * exactly that of the bytes written. When {@code durable}, written data is flushed to the device in the
 * background every {@value #FLUSH_EVERY_BYTES} bytes and once more at the end, so the final flush is short.
 */
public final class HashingCopy {
    /** Bytes written between background flushes of a durable copy. */
    public static final long FLUSH_EVERY_BYTES = 64L << 20;
    /** Buffers in flight per pipelined copy. */
    static final int BUFFERS_PER_COPY = 3;

    private final Executor background;
    private final BufferPool channelBuffers;
    private final BufferPool streamBuffers;

    /**
     * @param background runs the hashing and flushing tasks of large copies
     * @param chunkSize bytes per buffer
     * @param maxRetainedBuffers idle buffers kept for reuse, per kind (direct, heap)
     */
    public HashingCopy(Executor background, int chunkSize, int maxRetainedBuffers) {
        this.background = background;
        this.channelBuffers = new BufferPool(chunkSize, true, maxRetainedBuffers);
        this.streamBuffers = new BufferPool(chunkSize, false, maxRetainedBuffers);
    }

    /** The outcome of a copy: the digest and number of the bytes written. */
    public record Result(Sha256 sha256, long size) {
    }

    /**
     * Copies a stream to the end, writing at the target's current position.
     *
     * @param source read to the end, not closed
     * @param target the file to write
     * @param durable whether to force the data to the device before returning
     * @return the digest and size of what was written
     * @throws IOException if reading, writing or flushing fails
     */
    public Result copy(InputStream source, FileChannel target, boolean durable) throws IOException {
        return copy(buffer -> fillFromStream(source, buffer), streamBuffers, target, durable);
    }

    /**
     * Copies a channel to the end, writing at the target's current position.
     *
     * @param source read to the end, not closed
     * @param target the file to write
     * @param durable whether to force the data to the device before returning
     * @return the digest and size of what was written
     * @throws IOException if reading, writing or flushing fails
     */
    public Result copy(ReadableByteChannel source, FileChannel target, boolean durable) throws IOException {
        return copy(buffer -> fillFromChannel(source, buffer), channelBuffers, target, durable);
    }

    @FunctionalInterface
    private interface Filler {
        /** Fills the buffer up to its limit or the end of input; returns the bytes read. */
        int fill(ByteBuffer buffer) throws IOException;
    }

    private static int fillFromStream(InputStream in, ByteBuffer buffer) throws IOException {
        byte[] array = buffer.array();
        int start = buffer.position();
        int pos = start;
        int end = buffer.limit();
        while (pos < end) {
            int n = in.read(array, buffer.arrayOffset() + pos, end - pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        buffer.position(pos);
        return pos - start;
    }

    private static int fillFromChannel(ReadableByteChannel in, ByteBuffer buffer) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                break;
            }
        }
        return buffer.position() - start;
    }

    private static void writeFully(FileChannel target, ByteBuffer data) throws IOException {
        ByteBuffer view = data.duplicate();
        while (view.hasRemaining()) {
            target.write(view);
        }
    }

    private Result copy(Filler filler, BufferPool pool, FileChannel target, boolean durable) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer first = pool.acquire();
        try {
            int n = filler.fill(first);
            if (n < first.capacity()) {
                // Fits in one buffer: no pipeline.
                first.flip();
                writeFully(target, first);
                digest.update(first);
                if (durable) {
                    target.force(true);
                }
                return new Result(Sha256.fromBytes(digest.digest()), n);
            }
        } catch (IOException | RuntimeException | Error e) {
            pool.release(first);
            throw e;
        }
        return pipelined(filler, pool, first, target, durable, digest);
    }

    private Result pipelined(Filler filler, BufferPool pool, ByteBuffer first, FileChannel target, boolean durable,
            MessageDigest digest) throws IOException {
        Deque<ByteBuffer> owned = new ArrayDeque<>(BUFFERS_PER_COPY);
        owned.add(first);
        BlockingQueue<ByteBuffer> hashed = new ArrayBlockingQueue<>(BUFFERS_PER_COPY);
        CompletableFuture<Void> hashing = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);
        long total = 0;
        long unflushed = 0;
        try {
            ByteBuffer buffer = first;
            while (true) {
                buffer.flip();
                int n = buffer.remaining();
                if (n == 0) {
                    break;
                }
                writeFully(target, buffer);
                total += n;
                unflushed += n;
                ByteBuffer chunk = buffer;
                hashing = hashing.thenRunAsync(() -> {
                    digest.update(chunk.duplicate());
                    hashed.add(chunk);
                }, background);
                if (durable && unflushed >= FLUSH_EVERY_BYTES && flushing.isDone()) {
                    flushing.join();
                    unflushed = 0;
                    flushing = CompletableFuture.runAsync(() -> forceUnchecked(target), background);
                }
                if (n < buffer.capacity()) {
                    break;
                }
                buffer = nextBuffer(pool, owned, hashed, hashing);
                filler.fill(buffer);
            }
            hashing.join();
            flushing.join();
            if (durable) {
                target.force(true);
            }
            return new Result(Sha256.fromBytes(digest.digest()), total);
        } catch (CompletionException e) {
            throw unwrap(e);
        } finally {
            // Never hand a buffer back while a task may still read it.
            hashing.handle((v, t) -> null).join();
            flushing.handle((v, t) -> null).join();
            owned.forEach(pool::release);
        }
    }

    private static ByteBuffer nextBuffer(BufferPool pool, Deque<ByteBuffer> owned, BlockingQueue<ByteBuffer> hashed,
            CompletableFuture<Void> hashing) throws IOException {
        ByteBuffer ready = hashed.poll();
        if (ready != null) {
            return ready.clear();
        }
        if (owned.size() < BUFFERS_PER_COPY) {
            ByteBuffer fresh = pool.acquire();
            owned.add(fresh);
            return fresh;
        }
        try {
            while (true) {
                ready = hashed.poll(50, TimeUnit.MILLISECONDS);
                if (ready != null) {
                    return ready.clear();
                }
                if (hashing.isCompletedExceptionally()) {
                    hashing.join();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for the hashing of a chunk");
        }
    }

    private static void forceUnchecked(FileChannel target) {
        try {
            target.force(false);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static IOException unwrap(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }
}
