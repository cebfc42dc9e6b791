package dev.mvm.inspect.internal;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.inspect.ModelFiles;
import dev.mvm.api.inspect.RangeSource;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.spi.ArtifactStore;
import java.util.List;
import java.util.Optional;

/** The files of a registered version, read through the artifact store's range reads. */
public final class StoredModelFiles implements ModelFiles {
    private final ArtifactStore store;
    private final VersionRef ref;
    private final ArtifactManifest manifest;

    /**
     * @param store the artifact store
     * @param ref the version
     * @param manifest its manifest
     */
    public StoredModelFiles(ArtifactStore store, VersionRef ref, ArtifactManifest manifest) {
        this.store = store;
        this.ref = ref;
        this.manifest = manifest;
    }

    @Override
    public List<ManifestEntry> files() {
        return manifest.files();
    }

    @Override
    public Optional<ManifestEntry> find(ArtifactPath path) {
        return manifest.find(path);
    }

    @Override
    public RangeSource open(ArtifactPath path) {
        ManifestEntry entry = manifest.find(path).orElseThrow(() -> new NotFoundException("Version " + ref
                + " has no file '" + path + "'"));
        return new StoredRangeSource(store, new FileLocation(ref.model(), ref.version(), path), entry);
    }

    @Override
    public String describe() {
        return ref.toString();
    }
}
