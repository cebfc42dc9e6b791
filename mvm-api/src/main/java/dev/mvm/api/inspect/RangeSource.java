package dev.mvm.api.inspect;

import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.StorageException;

/**
 * Random access to one stored file, for reading headers without fetching the rest. Backed by
 * {@link dev.mvm.api.spi.ArtifactStore#openRange} for stored versions, or by a local file.
 *
 * @since 0.1
 */
public interface RangeSource {

    /** @return the file's size in bytes */
    long size();

    /**
     * Reads bytes at a position.
     *
     * @param offset first byte, 0 to {@link #size()}
     * @param length how many bytes, at most {@link InspectionLimits#MAX_READ_BYTES}
     * @return exactly {@code length} bytes
     * @throws IntegrityException if the file ends before {@code offset + length}
     * @throws IllegalArgumentException if offset or length is negative or the length is above the limit
     * @throws StorageException if the store cannot be read
     */
    byte[] read(long offset, int length);

    /** @return the file for messages, e.g. {@code bert@1.0.0:model.safetensors} */
    String describe();
}
