package dev.mvm.s3.internal;

import dev.mvm.api.artifact.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Content ready to upload: its SHA-256 and size are known (so its key and whether it is already stored can
 * be decided before any byte is sent), and the CRC32C of every part, which the upload sends as S3 additional
 * checksums. S3 rejects a part whose bytes do not match, so bytes that changed after hashing never become an
 * object. Small content is held in memory; larger content is a local file (a spooled copy of a stream is
 * deleted on {@link #close()}).
 */
public final class PreparedContent implements AutoCloseable {
    /** Read granularity; part sizes are whole multiples of it. */
    public static final int CHUNK = 1 << 20;

    private final Sha256 sha256;
    private final long size;
    private final long partSize;
    private final List<String> partCrc32c;
    private final byte @Nullable [] bytes;
    private final @Nullable Path file;
    private final boolean temporary;

    private PreparedContent(Sha256 sha256, long size, long partSize, List<String> partCrc32c,
            byte @Nullable [] bytes, @Nullable Path file, boolean temporary) {
        this.sha256 = sha256;
        this.size = size;
        this.partSize = partSize;
        this.partCrc32c = List.copyOf(partCrc32c);
        this.bytes = bytes;
        this.file = file;
        this.temporary = temporary;
    }

    /**
     * Hashes a local file in one pass.
     *
     * @param file a regular file
     * @param partSize the part size, a multiple of {@link #CHUNK}
     * @return the prepared content, reading from {@code file}
     * @throws IOException if the file cannot be read
     */
    public static PreparedContent ofFile(Path file, long partSize) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Hashing hashing = new Hashing(partSize);
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) {
                hashing.update(buffer, n);
            }
            return new PreparedContent(hashing.sha256(), hashing.size, partSize, hashing.parts(), null, file, false);
        }
    }

    /**
     * Reads a stream to its end, hashing in the same pass. Content up to one part stays in memory; more is
     * spooled to a temporary file in {@code spoolDir}, removed on {@link #close()} or on failure.
     *
     * @param in the content; not closed
     * @param partSize the part size, a multiple of {@link #CHUNK}
     * @param spoolDir where to spool large content
     * @return the prepared content
     * @throws IOException if reading or spooling fails
     */
    public static PreparedContent ofStream(InputStream in, long partSize, Path spoolDir) throws IOException {
        Hashing hashing = new Hashing(partSize);
        List<byte[]> held = new ArrayList<>();
        long heldBytes = 0;
        Path spool = null;
        OutputStream out = null;
        try {
            while (true) {
                byte[] buffer = new byte[CHUNK];
                int n = in.readNBytes(buffer, 0, CHUNK);
                if (n <= 0) {
                    break;
                }
                hashing.update(buffer, n);
                if (out != null) {
                    out.write(buffer, 0, n);
                    continue;
                }
                held.add(n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n));
                heldBytes += n;
                if (heldBytes > partSize) {
                    Files.createDirectories(spoolDir);
                    spool = Files.createTempFile(spoolDir, "mvm-s3-", ".spool");
                    out = Files.newOutputStream(spool, StandardOpenOption.WRITE);
                    for (byte[] chunk : held) {
                        out.write(chunk);
                    }
                    held.clear();
                }
            }
            if (out != null) {
                out.close();
                out = null;
                return new PreparedContent(hashing.sha256(), hashing.size, partSize, hashing.parts(), null, spool, true);
            }
            byte[] all = new byte[(int) heldBytes];
            int pos = 0;
            for (byte[] chunk : held) {
                System.arraycopy(chunk, 0, all, pos, chunk.length);
                pos += chunk.length;
            }
            return new PreparedContent(hashing.sha256(), hashing.size, partSize, hashing.parts(), all, null, false);
        } catch (IOException | RuntimeException e) {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
            throw e;
        }
    }

    /** @return the SHA-256 of the content */
    public Sha256 sha256() {
        return sha256;
    }

    /** @return the size in bytes */
    public long size() {
        return size;
    }

    /** @return the SHA-256 as S3 expects it in {@code x-amz-checksum-sha256} */
    public String sha256Base64() {
        return Base64.getEncoder().encodeToString(sha256.bytes());
    }

    /** @return whether the content needs a multipart upload */
    public boolean multipart() {
        return size > partSize;
    }

    /** @return how many parts a multipart upload has */
    public int partCount() {
        return (int) Math.max(1, (size + partSize - 1) / partSize);
    }

    /**
     * @param index zero-based part index
     * @return the part's CRC32C, base64 as S3 expects it
     */
    public String partCrc32c(int index) {
        return partCrc32c.get(index);
    }

    /**
     * @param index zero-based part index
     * @return the part's offset
     */
    public long partOffset(int index) {
        return index * partSize;
    }

    /**
     * @param index zero-based part index
     * @return the part's length
     */
    public long partLength(int index) {
        return Math.min(partSize, size - partOffset(index));
    }

    /** @return the whole content as a request body that can be replayed for retries */
    public RequestBody wholeBody() {
        if (bytes != null) {
            return RequestBody.fromBytes(bytes);
        }
        return RequestBody.fromFile(requireFile());
    }

    /**
     * @param index zero-based part index
     * @return the part as a request body that can be replayed for retries
     */
    public RequestBody partBody(int index) {
        long offset = partOffset(index);
        long length = partLength(index);
        if (bytes != null) {
            return RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(bytes, (int) offset, (int) length), length,
                    "application/octet-stream");
        }
        Path source = requireFile();
        return RequestBody.fromContentProvider(() -> openSlice(source, offset, length), length,
                "application/octet-stream");
    }

    private static InputStream openSlice(Path source, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(source, StandardOpenOption.READ);
            channel.position(offset);
            return new dev.mvm.api.spi.ArtifactStore.BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + source + " at " + offset, e);
        }
    }

    private Path requireFile() {
        if (file == null) {
            throw new IllegalStateException("in-memory content has no file");
        }
        return file;
    }

    /** Deletes the spooled copy, if any. */
    @Override
    public void close() {
        if (temporary && file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot delete spool file " + file, e);
            }
        }
    }

    /** SHA-256 over everything plus CRC32C per part, fed in chunks that never straddle a part boundary. */
    private static final class Hashing {
        private final long partSize;
        private final MessageDigest digest = Sha256.newDigest();
        private final List<String> parts = new ArrayList<>();
        private CRC32C crc = new CRC32C();
        private long size;
        private long inPart;

        Hashing(long partSize) {
            if (partSize <= 0 || partSize % CHUNK != 0) {
                throw new IllegalArgumentException("part size must be a positive multiple of " + CHUNK);
            }
            this.partSize = partSize;
        }

        void update(byte[] buffer, int n) {
            digest.update(buffer, 0, n);
            crc.update(buffer, 0, n);
            size += n;
            inPart += n;
            if (inPart == partSize) {
                finishPart();
            }
        }

        private void finishPart() {
            long value = crc.getValue();
            byte[] four = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
            parts.add(Base64.getEncoder().encodeToString(four));
            crc = new CRC32C();
            inPart = 0;
        }

        List<String> parts() {
            if (inPart > 0 || parts.isEmpty()) {
                finishPart();
            }
            return parts;
        }

        Sha256 sha256() {
            return Sha256.fromBytes(digest.digest());
        }
    }
}
