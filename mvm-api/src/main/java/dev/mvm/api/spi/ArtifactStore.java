package dev.mvm.api.spi;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the bytes of model files and the manifests that list them.
 *
 * <p>The contract, checked by the {@code ArtifactStoreContract} suite every implementation extends:
 * <ul>
 *   <li>{@link #write} hashes the content with SHA-256 in the same pass that stores it and returns the
 *       digest and size it saw. A file becomes readable only complete: a failed or interrupted write leaves
 *       nothing readable under the location and damages nothing stored before.
 *   <li>Identical content is stored once where the layout allows (content addressing), and writing it
 *       again does not change what is stored.
 *   <li>Reads return the bytes as stored, without verifying them; the caller re-hashes. Reading a file or
 *       manifest that is not there throws {@link NotFoundException}.
 *   <li>Implementations are thread-safe; failures surface as {@link StorageException} (retryable where a
 *       retry can help) with the backend's exception as the cause.
 * </ul>
 * Optional capabilities are separate interfaces an implementation may also implement.
 *
 * @since 0.1
 */
public interface ArtifactStore extends AutoCloseable {

    /** @return a short description for messages and logs, e.g. {@code file:/srv/mvm/blobs} */
    String describe();

    /**
     * Whether files are addressed by content alone, so that a file written for one location is readable at
     * any location with the same digest. The facade then never writes the same bytes twice, e.g. when a
     * registration retries under another version number.
     *
     * @return {@code true} for content-addressed layouts; the default is {@code false}
     */
    default boolean addressesByContent() {
        return false;
    }

    /**
     * Stores one file's content, hashing it in the same pass.
     *
     * @param location where the file belongs
     * @param content the bytes; read to the end, not closed
     * @return the path, size and digest of what was stored
     * @throws StorageException if the bytes could not be stored; nothing readable is left behind
     */
    ManifestEntry write(FileLocation location, InputStream content);

    /**
     * Stores one local file. The default opens a stream; implementations may do better (parallel parts,
     * zero-copy), still hashing every byte they store.
     *
     * @param location where the file belongs
     * @param file a regular file
     * @return the path, size and digest of what was stored
     * @throws StorageException if the file could not be read or stored
     */
    default ManifestEntry write(FileLocation location, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return write(location, in);
        } catch (IOException e) {
            throw new StorageException("Cannot read " + file + " for " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a stored file.
     *
     * @param location where the file belongs
     * @param sha256 its recorded digest
     * @return the stored bytes, unverified; the caller closes it
     * @throws NotFoundException if nothing is stored there
     */
    InputStream open(FileLocation location, Sha256 sha256);

    /**
     * Opens part of a stored file, for reading headers of large files without fetching the rest.
     *
     * @param location where the file belongs
     * @param sha256 its recorded digest
     * @param offset first byte, at least 0
     * @param length most bytes to return; fewer if the file ends first
     * @return the bytes of the range; the caller closes it
     * @throws NotFoundException if nothing is stored there
     * @throws ValidationException if offset or length is negative
     */
    default InputStream openRange(FileLocation location, Sha256 sha256, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new ValidationException("range", "Invalid range offset=" + offset + " length=" + length
                    + ": both must be at least 0");
        }
        InputStream in = open(location, sha256);
        try {
            in.skipNBytes(offset);
        } catch (java.io.EOFException e) {
            return InputStream.nullInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BoundedInputStream(in, length);
    }

    /**
     * @param location where the file belongs
     * @param sha256 its recorded digest
     * @return the stored size, if the file is stored
     */
    Optional<Long> size(FileLocation location, Sha256 sha256);

    /**
     * Stores a version's manifest, addressed by its root digest.
     *
     * @param model the model
     * @param version the version
     * @param manifest the manifest
     */
    void writeManifest(ModelName model, SemanticVersion version, ArtifactManifest manifest);

    /**
     * Reads a version's manifest and checks it against its root digest.
     *
     * @param model the model
     * @param version the version
     * @param root the recorded root digest
     * @return the manifest
     * @throws NotFoundException if it is not stored
     * @throws IntegrityException if the stored text does not hash to {@code root}
     */
    ArtifactManifest readManifest(ModelName model, SemanticVersion version, Sha256 root);

    /**
     * Releases a deleted version's files. Content-addressed layouts may keep blobs that other versions
     * share, or leave them all to garbage collection; tree layouts remove the version's objects.
     *
     * @param model the model
     * @param version the version
     * @param manifest its manifest
     */
    void deleteVersion(ModelName model, SemanticVersion version, ArtifactManifest manifest);

    /** Releases clients and files. */
    @Override
    void close();

    /**
     * At most a number of bytes of another stream; closing it closes the other stream. Used by the default
     * {@link #openRange}, and by stores and callers that must not read past a known length.
     */
    final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        /**
         * @param in the stream to read from
         * @param limit most bytes to return
         */
        public BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
