package dev.mvm.internal;

import dev.mvm.api.artifact.ArtifactPath;
import java.nio.file.Path;

/**
 * A local file to register and the path it will have inside the version.
 *
 * @param path the path inside the version
 * @param source the local file
 */
public record SourceFile(ArtifactPath path, Path source) {
}
