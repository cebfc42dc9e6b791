package dev.mvm.embedded.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of equally sized copy buffers, so that large copies do not allocate (and zero) megabytes
 * on every call. Buffers beyond {@code maxRetained} are left to the garbage collector.
 */
public final class BufferPool {
    private final int bufferSize;
    private final boolean direct;
    private final int maxRetained;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    /**
     * @param bufferSize bytes per buffer
     * @param direct whether to allocate direct buffers (for channel I/O) or heap buffers (for streams)
     * @param maxRetained most idle buffers kept for reuse
     */
    public BufferPool(int bufferSize, boolean direct, int maxRetained) {
        if (bufferSize <= 0 || maxRetained < 0) {
            throw new IllegalArgumentException("Invalid pool: bufferSize=" + bufferSize + " maxRetained="
                    + maxRetained + "; the size must be positive and the count at least 0");
        }
        this.bufferSize = bufferSize;
        this.direct = direct;
        this.maxRetained = maxRetained;
    }

    /** @return a cleared buffer of {@link #bufferSize()} bytes */
    public ByteBuffer acquire() {
        ByteBuffer b = idle.poll();
        if (b == null) {
            return direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
        }
        idleCount.decrementAndGet();
        return b.clear();
    }

    /** @param buffer a buffer from {@link #acquire()} that nobody uses any more */
    public void release(ByteBuffer buffer) {
        if (idleCount.incrementAndGet() <= maxRetained) {
            idle.add(buffer.clear());
        } else {
            idleCount.decrementAndGet();
        }
    }

    /** @return bytes per buffer */
    public int bufferSize() {
        return bufferSize;
    }
}
