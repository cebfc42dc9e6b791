package dev.mvm.s3;

import dev.mvm.api.artifact.FileLocation;

/**
 * Told how far a long upload or download has come. Called from transfer threads, possibly concurrently for
 * different files; implementations must be thread-safe and quick.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TransferProgress {

    /** A listener that ignores every update. */
    TransferProgress NONE = (location, done, total) -> { };

    /**
     * @param location the file being transferred
     * @param bytesDone bytes transferred so far
     * @param bytesTotal bytes in the whole file
     */
    void update(FileLocation location, long bytesDone, long bytesTotal);
}
