package dev.mvm.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads one object as a stream while fetching the ranges ahead of the reader in parallel: part 0 is fetched
 * when the stream opens (which also learns the size and ETag), then up to {@code window} further parts are
 * in flight at once, each a ranged GET conditional on the ETag so that every part comes from the same
 * object. A part whose body breaks off mid-way is fetched again, with backoff, up to a limit. Bytes come
 * out in order; the caller hashes them.
 */
public final class ParallelRangeInputStream extends InputStream {

    private final S3Client s3;
    private final ExecutorService pool;
    private final String bucket;
    private final String key;
    private final long partSize;
    private final int window;
    private final RetryPolicy retry;
    private final LongConsumer progress;
    private final long size;
    private final @Nullable String eTag;
    private final java.util.Map<String, String> metadata;
    private final ArrayDeque<Future<byte[]>> ahead = new ArrayDeque<>();
    /** Part buffers the reader is done with, reused so that a large download allocates a window's worth only. */
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> spare =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final @Nullable InputStream unranged;

    private byte[] current;
    private int position;
    private long nextPartOffset;
    private long delivered;
    private boolean closed;

    /**
     * Opens the object and fetches its first part.
     *
     * @param s3 the client
     * @param pool the pool that fetches parts
     * @param bucket the bucket
     * @param key the key
     * @param partSize bytes per ranged GET
     * @param window most parts fetched ahead at once
     * @param retry how often to re-fetch a part whose body broke off
     * @param progress told the bytes delivered so far
     */
    public ParallelRangeInputStream(S3Client s3, ExecutorService pool, String bucket, String key, long partSize,
            int window, RetryPolicy retry, LongConsumer progress) {
        this.s3 = s3;
        this.pool = pool;
        this.bucket = bucket;
        this.key = key;
        this.partSize = partSize;
        this.window = window;
        this.retry = retry;
        this.progress = progress;
        FirstPart first = fetchFirst();
        this.size = first.size;
        this.eTag = first.eTag;
        this.metadata = first.metadata;
        this.current = first.bytes;
        this.unranged = first.unranged;
        this.nextPartOffset = current.length;
        fillWindow();
    }

    /** @return the size of the whole object */
    public long size() {
        return size;
    }

    /** @return the object's user metadata, as the first response carried it */
    public java.util.Map<String, String> metadata() {
        return metadata;
    }

    private record FirstPart(byte[] bytes, long size, @Nullable String eTag, @Nullable InputStream unranged,
            java.util.Map<String, String> metadata) {
    }

    private FirstPart fetchFirst() {
        return retry.call(() -> {
            GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key)
                    .range("bytes=0-" + (partSize - 1)).build();
            ResponseInputStream<GetObjectResponse> in;
            try {
                in = s3.getObject(request);
            } catch (RuntimeException e) {
                if (S3ErrorTranslator.isInvalidRange(e)) {
                    // An empty object has no byte 0; S3 answers 416.
                    ResponseInputStream<GetObjectResponse> whole = s3.getObject(b -> b.bucket(bucket).key(key));
                    return new FirstPart(readAll(whole), 0, null, null, whole.response().metadata());
                }
                throw e;
            }
            GetObjectResponse response = in.response();
            String contentRange = response.contentRange();
            if (contentRange == null) {
                // The server ignored the range and sends everything: stream it as it comes.
                long total = response.contentLength() == null ? -1 : response.contentLength();
                return new FirstPart(new byte[0], total, response.eTag(), in, response.metadata());
            }
            long total = Long.parseLong(contentRange.substring(contentRange.lastIndexOf('/') + 1).trim());
            int expected = (int) Math.min(partSize, total);
            try (in) {
                byte[] bytes = new byte[expected];
                int read = in.readNBytes(bytes, 0, expected);
                if (read != expected) {
                    throw new IOException("Part at 0 of " + key + " ended after " + read + " of "
                            + expected + " bytes");
                }
                return new FirstPart(bytes, total, response.eTag(), null, response.metadata());
            }
        });
    }

    private static byte[] readAll(ResponseInputStream<GetObjectResponse> in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private void fillWindow() {
        while (unranged == null && ahead.size() < window && nextPartOffset < size) {
            long offset = nextPartOffset;
            int length = (int) Math.min(partSize, size - offset);
            ahead.add(pool.submit(() -> fetchPart(offset, length)));
            nextPartOffset += length;
        }
    }

    private byte[] fetchPart(long offset, int length) {
        return retry.call(() -> {
            GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key)
                    .range("bytes=" + offset + "-" + (offset + length - 1));
            if (eTag != null) {
                request.ifMatch(eTag);
            }
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request.build())) {
                // read straight into the part's buffer: no per-chunk copies, no growing list of small arrays
                byte[] bytes = buffer(length);
                int read = in.readNBytes(bytes, 0, length);
                if (read != length) {
                    throw new IOException("Part at " + offset + " of " + key + " ended after " + read
                            + " of " + length + " bytes");
                }
                return bytes;
            }
        });
    }

    private byte[] buffer(int length) {
        byte[] reused = length == partSize ? spare.poll() : null;
        return reused != null ? reused : new byte[length];
    }

    private boolean advance() throws IOException {
        if (closed) {
            throw new IOException("Stream of " + key + " is closed");
        }
        if (position < current.length) {
            return true;
        }
        Future<byte[]> next = ahead.poll();
        if (next == null) {
            return false;
        }
        try {
            byte[] done = current;
            current = next.get();
            position = 0;
            if (done.length == partSize && spare.size() <= window) {
                spare.offer(done);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("Interrupted while reading " + key);
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("Cannot read " + key, cause);
        }
        fillWindow();
        return current.length > 0 || advance();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (unranged != null) {
            int n = unranged.read(b, off, len);
            if (n > 0) {
                delivered += n;
                progress.accept(delivered);
            }
            return n;
        }
        if (!advance()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        delivered += n;
        progress.accept(delivered);
        return n;
    }

    @Override
    public int available() {
        return unranged != null ? 0 : current.length - position;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        Future<byte[]> f;
        while ((f = ahead.poll()) != null) {
            f.cancel(true);
        }
        current = new byte[0];
        if (unranged != null) {
            unranged.close();
        }
    }

    /** Bounded retries with exponential backoff around a call that reads a body. */
    public record RetryPolicy(int maxAttempts, java.time.Duration baseDelay, Sleeper sleeper) {

        /** Waits between attempts; tests may pass one that does not wait. */
        @FunctionalInterface
        public interface Sleeper {
            /**
             * @param delay how long to wait
             * @throws InterruptedException if interrupted while waiting
             */
            void sleep(java.time.Duration delay) throws InterruptedException;
        }

        /** A call that may fail with an I/O error. */
        @FunctionalInterface
        public interface Body<T> {
            /**
             * @return the result
             * @throws IOException if the body broke off
             */
            T get() throws IOException;
        }

        /**
         * Runs {@code body}, again after I/O errors and retryable S3 errors, up to {@link #maxAttempts}
         * times.
         *
         * @param body the call
         * @param <T> its result
         * @return its result
         */
        public <T> T call(Body<T> body) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return body.get();
                } catch (IOException | RuntimeException e) {
                    boolean retryable = e instanceof IOException && !(e instanceof InterruptedIOException)
                            || e instanceof SdkClientException && !Thread.currentThread().isInterrupted()
                            || S3ErrorTranslator.translate("", e).retryable();
                    if (!retryable || attempt >= maxAttempts) {
                        if (e instanceof RuntimeException runtime) {
                            throw runtime;
                        }
                        throw new java.io.UncheckedIOException((IOException) e);
                    }
                    try {
                        sleeper.sleep(baseDelay.multipliedBy(1L << Math.min(attempt - 1, 10)));
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new java.io.UncheckedIOException(new InterruptedIOException("Interrupted retrying"));
                    }
                }
            }
        }
    }
}
