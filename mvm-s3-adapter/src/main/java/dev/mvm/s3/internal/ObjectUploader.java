package dev.mvm.s3.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads prepared content as one object: a single PUT up to one part, otherwise a multipart upload whose
 * parts go up in parallel. Either the whole object appears at once or nothing does: a multipart upload that
 * fails, is interrupted or loses a conditional write is aborted, so no part is left behind.
 */
public final class ObjectUploader {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectUploader.class);

    private final S3Client s3;
    private final ExecutorService transfers;
    private final boolean additionalChecksums;

    /**
     * @param s3 the client
     * @param transfers the pool that runs parts
     * @param additionalChecksums whether to send S3 additional checksums (SHA-256 for single PUTs, CRC32C
     *     per part)
     */
    public ObjectUploader(S3Client s3, ExecutorService transfers, boolean additionalChecksums) {
        this.s3 = s3;
        this.transfers = transfers;
        this.additionalChecksums = additionalChecksums;
    }

    /**
     * @param bucket the bucket
     * @param key the object key
     * @param content the content
     * @param metadata user metadata for the object
     * @param ifNoneMatch whether to write only if no object exists at {@code key}
     * @param progress told the number of bytes sent so far
     */
    public void upload(String bucket, String key, PreparedContent content, Map<String, String> metadata,
            boolean ifNoneMatch, LongConsumer progress) {
        if (!content.multipart()) {
            PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key)
                    .contentLength(content.size()).contentType("application/octet-stream").metadata(metadata);
            if (additionalChecksums) {
                put.checksumSHA256(content.sha256Base64());
            }
            if (ifNoneMatch) {
                put.ifNoneMatch("*");
            }
            s3.putObject(put.build(), content.wholeBody());
            progress.accept(content.size());
            return;
        }
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType("application/octet-stream").metadata(metadata);
        if (additionalChecksums) {
            create.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        }
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        boolean completed = false;
        List<Future<CompletedPart>> parts = new ArrayList<>(content.partCount());
        PartsInFlight inFlight = new PartsInFlight();
        try {
            AtomicLong sent = new AtomicLong();
            for (int i = 0; i < content.partCount(); i++) {
                int index = i;
                parts.add(transfers.submit(() -> inFlight.run(
                        () -> uploadPart(bucket, key, uploadId, content, index, sent, progress))));
            }
            List<CompletedPart> done = new ArrayList<>(parts.size());
            for (Future<CompletedPart> part : parts) {
                done.add(await(part));
            }
            s3.completeMultipartUpload(b -> {
                b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(done));
                if (ifNoneMatch) {
                    b.ifNoneMatch("*");
                }
            });
            completed = true;
        } finally {
            if (!completed) {
                inFlight.stop();
                for (Future<CompletedPart> part : parts) {
                    part.cancel(true);
                }
                // A part still being sent could land after the abort and linger: wait for them first.
                inFlight.awaitIdle(java.time.Duration.ofSeconds(60));
                abort(bucket, key, uploadId);
            }
        }
    }

    private CompletedPart uploadPart(String bucket, String key, String uploadId, PreparedContent content, int index,
            AtomicLong sent, LongConsumer progress) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("upload of " + key + " cancelled");
        }
        int partNumber = index + 1;
        UploadPartRequest.Builder request = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(partNumber).contentLength(content.partLength(index));
        if (additionalChecksums) {
            request.checksumCRC32C(content.partCrc32c(index));
        }
        UploadPartResponse response = s3.uploadPart(request.build(), content.partBody(index));
        progress.accept(sent.addAndGet(content.partLength(index)));
        CompletedPart.Builder part = CompletedPart.builder().partNumber(partNumber).eTag(response.eTag());
        if (additionalChecksums) {
            part.checksumCRC32C(response.checksumCRC32C() != null ? response.checksumCRC32C()
                    : content.partCrc32c(index));
        }
        return part.build();
    }

    /** Counts part tasks that are running, so an abort can wait until none is still sending. */
    private static final class PartsInFlight {
        private final Object lock = new Object();
        private int running;
        private boolean stopped;

        CompletedPart run(java.util.function.Supplier<CompletedPart> task) {
            synchronized (lock) {
                if (stopped) {
                    throw new CancellationException("upload already failed");
                }
                running++;
            }
            try {
                return task.get();
            } finally {
                synchronized (lock) {
                    running--;
                    lock.notifyAll();
                }
            }
        }

        void stop() {
            synchronized (lock) {
                stopped = true;
            }
        }

        void awaitIdle(java.time.Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            boolean interrupted = false;
            synchronized (lock) {
                while (running > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        lock.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.create("Interrupted while uploading");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void abort(String bucket, String key, String uploadId) {
        // An interrupted caller still gets its upload aborted: clear the flag for this one call.
        boolean interrupted = Thread.interrupted();
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            // The upload stays invisible; S3 lifecycle rules (AbortIncompleteMultipartUpload) clear it later.
            LOG.warn("Could not abort multipart upload of {}: {}", key, e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
