package dev.mvm.api.inspect;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.error.NotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * The files of one model version as an inspector sees them: the manifest entries, and range access to each
 * file. Inspectors that follow references between files (a sharded checkpoint's index) open the other files
 * here.
 *
 * @since 0.1
 */
public interface ModelFiles {

    /** @return every file of the version, sorted by path */
    List<ManifestEntry> files();

    /**
     * @param path a path inside the version
     * @return the file's entry, if the version has it
     */
    default Optional<ManifestEntry> find(ArtifactPath path) {
        return files().stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /**
     * Opens a file for range reads. Opening fetches nothing; only {@link RangeSource#read} does.
     *
     * @param path a path inside the version
     * @return random access to the file
     * @throws NotFoundException if the version has no such file
     */
    RangeSource open(ArtifactPath path);

    /** @return the version for messages, e.g. {@code bert@1.0.0} */
    String describe();
}
