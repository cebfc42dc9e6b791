package dev.mvm.api.artifact;

import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;

/**
 * Where a file belongs: which version of which model, at which relative path. Content-addressed stores key
 * bytes by digest and may use the location only for diagnostics; tree-layout stores key bytes by it.
 *
 * @param model the model
 * @param version the version
 * @param path the path inside the version
 * @since 0.1
 */
public record FileLocation(ModelName model, SemanticVersion version, ArtifactPath path) {
    @Override
    public String toString() {
        return model + "@" + version + ":" + path;
    }
}
