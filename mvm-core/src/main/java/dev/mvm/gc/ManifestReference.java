package dev.mvm.gc;

import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.util.Objects;

/**
 * A registered version's manifest, as the registry store records it: garbage collection keeps the manifest
 * and every file it lists. The model and version are passed to
 * {@link dev.mvm.api.spi.ArtifactStore#readManifest} (stores may use them to find the manifest or in messages).
 *
 * @param model the model
 * @param version the version
 * @param root the manifest's root digest
 * @since 0.1
 */
public record ManifestReference(ModelName model, SemanticVersion version, Sha256 root) {
    /** @throws NullPointerException if a component is null */
    public ManifestReference {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(root, "root");
    }

    @Override
    public String toString() {
        return model + "@" + version + " (" + root + ")";
    }
}
