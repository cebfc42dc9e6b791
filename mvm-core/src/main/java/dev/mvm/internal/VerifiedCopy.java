package dev.mvm.internal;

import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.embedded.internal.HashingCopy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Copies stored bytes to a local file while hashing them, and publishes the file only when size and
 * SHA-256 match the manifest: the bytes go to a temporary sibling first, which is deleted on any failure,
 * so a download never leaves a partial or corrupt file under the real name.
 */
public final class VerifiedCopy {
    private static final int BUFFER = 1 << 20;
    /** Hashes chunk n on a background thread while chunk n + 1 is read and written (see {@link HashingCopy}). */
    private static final HashingCopy COPIER = new HashingCopy(java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mvm-download-hash");
        t.setDaemon(true);
        return t;
    }), 512 * 1024, 8);

    private VerifiedCopy() {
    }

    /**
     * Whether {@code target} already holds exactly the expected content (size and digest).
     *
     * @param target a local file
     * @param expected the manifest entry
     * @return {@code true} if it can be reused as is
     */
    public static boolean matches(Path target, ManifestEntry expected) {
        try {
            if (!Files.isRegularFile(target) || Files.size(target) != expected.size()) {
                return false;
            }
            MessageDigest md = Sha256.newDigest();
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocate(BUFFER);
                while (ch.read(buf) >= 0) {
                    buf.flip();
                    md.update(buf);
                    buf.clear();
                }
            }
            return Sha256.fromBytes(md.digest()).equals(expected.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Copies {@code in} to {@code target}, verifying it against {@code expected}.
     *
     * @param in the stored bytes; closed when done
     * @param target the final file; replaced if it exists
     * @param expected the manifest entry the bytes must match
     * @param subject what is being downloaded, for messages
     * @throws IntegrityException on a size or digest mismatch; nothing is left at {@code target}'s temp
     * @throws StorageException on I/O failure; likewise
     */
    public static void copy(InputStream in, Path target, ManifestEntry expected, String subject) {
        Path parent = target.toAbsolutePath().getParent();
        Path temp = null;
        // at most one byte more than expected: a store sending endless bytes cannot fill the disk
        try (InputStream source = new ArtifactStore.BoundedInputStream(in, expected.size() + 1)) {
            Files.createDirectories(parent);
            temp = Files.createTempFile(parent, "." + target.getFileName(), ".mvm-partial");
            HashingCopy.Result copied;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                copied = COPIER.copy(source, out, false);
            }
            long count = copied.size();
            Sha256 actual = copied.sha256();
            if (count != expected.size() || !actual.equals(expected.sha256())) {
                throw new IntegrityException("Integrity check failed for " + subject + ": expected "
                        + expected.size() + " bytes with " + expected.sha256() + ", received "
                        + (count > expected.size() ? "more than " + expected.size() : count) + " bytes"
                        + (count > expected.size() ? "" : " with " + actual) + "; nothing was written");
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new StorageException("Cannot download " + subject + " to " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the failure that brought us here is the one to report
                }
            }
        }
    }
}
