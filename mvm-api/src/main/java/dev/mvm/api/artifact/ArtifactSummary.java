package dev.mvm.api.artifact;

import dev.mvm.api.error.ValidationException;

/**
 * What a version's metadata records of its files: the manifest's root digest, the number of files and the
 * total size. The full {@link ArtifactManifest} lives in the artifact store, addressed by {@link #root()}.
 *
 * @param root the manifest's root digest
 * @param fileCount how many files
 * @param totalBytes their total size
 * @since 0.1
 */
public record ArtifactSummary(Sha256 root, int fileCount, long totalBytes) {
    /** The summary of a version without files. */
    public static final ArtifactSummary EMPTY = ArtifactManifest.empty().summary();

    /** @throws ValidationException if a count is negative */
    public ArtifactSummary {
        if (fileCount < 0 || totalBytes < 0) {
            throw new ValidationException("artifacts", "File count and size must not be negative");
        }
    }
}
