package dev.mvm.api.artifact;

import dev.mvm.api.error.ValidationException;

/**
 * One file of a version: where it sits, how big it is and its SHA-256 digest.
 *
 * @param path the path relative to the version root
 * @param size the size in bytes
 * @param sha256 the digest of the content
 * @since 0.1
 */
public record ManifestEntry(ArtifactPath path, long size, Sha256 sha256) {
    /** @throws ValidationException if the size is negative */
    public ManifestEntry {
        if (size < 0) {
            throw new ValidationException("size", "Invalid size " + size + " for " + path + ": must be at least 0");
        }
    }
}
