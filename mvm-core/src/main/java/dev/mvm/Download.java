package dev.mvm;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.model.VersionRef;
import java.nio.file.Path;

/**
 * The result of downloading a version: every file of {@link #manifest()} is under {@link #directory()}
 * with verified size and SHA-256.
 *
 * @param version the version downloaded
 * @param directory where its files are
 * @param manifest its files
 * @param bytesTransferred bytes read from the artifact store
 * @param filesReused files already present with the right content, not transferred again
 * @since 0.1
 */
public record Download(VersionRef version, Path directory, ArtifactManifest manifest, long bytesTransferred,
        int filesReused) {
}
