package dev.mvm;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.internal.VerifiedCopy;
import dev.mvm.internal.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Operations on one version of a model, obtained from {@link ModelHandle#version(String)}.
 *
 * @since 0.1
 */
public final class VersionHandle {
    private static final int MAX_UPDATE_ATTEMPTS = 20;

    private final ModelRegistry registry;
    private final ModelHandle model;
    private final SemanticVersion version;

    VersionHandle(ModelRegistry registry, ModelHandle model, SemanticVersion version) {
        this.registry = registry;
        this.model = model;
        this.version = version;
    }

    /** @return {@code model@version} as asked for */
    public VersionRef ref() {
        return new VersionRef(model.name(), version);
    }

    /**
     * @return the version as stored now
     * @throws NotFoundException if the model or version does not exist
     */
    public ModelVersion info() {
        return registry.registryStore().findVersion(model.name(), version).orElseThrow(this::notFound);
    }

    /**
     * @return the list of the version's files with sizes and digests
     * @throws NotFoundException if the version does not exist
     * @throws IntegrityException if the stored manifest does not match the recorded root digest
     */
    public ArtifactManifest manifest() {
        ModelVersion v = info();
        return registry.artifactStore().readManifest(v.model(), v.version(), v.artifacts().root());
    }

    /**
     * Applies metadata changes to the latest stored version, re-applying them if a concurrent writer got
     * there first, so no concurrent change is lost.
     *
     * @param changes description, metrics, parameters, tags
     * @return the version after the change
     * @throws NotFoundException if the version does not exist
     */
    public ModelVersion update(Consumer<VersionChanges> changes) {
        VersionChanges c = new VersionChanges();
        changes.accept(c);
        for (int attempt = 1; ; attempt++) {
            ModelVersion current = info();
            try {
                return registry.registryStore().updateVersion(
                        c.applyTo(current).toBuilder().updatedAt(registry.now()).build());
            } catch (ConflictException e) {
                if (attempt >= MAX_UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Applies metadata changes only if the version is still at {@code expectedRevision}.
     *
     * @param expectedRevision the {@link ModelVersion#revision()} the caller read
     * @param changes description, metrics, parameters, tags
     * @return the version after the change
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if it changed since that revision
     */
    public ModelVersion update(long expectedRevision, Consumer<VersionChanges> changes) {
        VersionChanges c = new VersionChanges();
        changes.accept(c);
        ModelVersion changed = c.applyTo(info()).toBuilder().updatedAt(registry.now()).revision(expectedRevision)
                .build();
        return registry.registryStore().updateVersion(changed);
    }

    /**
     * Deletes the version and releases its files.
     *
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if an environment points to it; publish another version or unpublish first
     */
    public void delete() {
        ModelVersion v = info();
        registry.registryStore().deleteVersion(v.model(), v.version(), v.revision());
        model.releaseFiles(v);
    }

    /**
     * @return the version's recorded state changes, oldest first
     * @throws NotFoundException if the version does not exist
     */
    public List<StateChange> stateHistory() {
        return registry.registryStore().stateHistory(model.name(), info().version());
    }

    /**
     * Downloads every file of the version into {@code directory}, re-hashing every byte. Files already
     * there with the right size and digest are kept and not transferred again, so the directory can serve
     * as a cache. Each file appears under its real name only once verified.
     *
     * @param directory the target directory; created if missing
     * @return what was downloaded
     * @throws NotFoundException if the version does not exist
     * @throws IntegrityException if stored bytes do not match the manifest; no partial file is left
     * @throws StorageException if reading or writing fails
     */
    public Download download(Path directory) {
        ModelVersion v = info();
        ArtifactManifest manifest = registry.artifactStore().readManifest(v.model(), v.version(), v.artifacts().root());
        Path root = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StorageException("Cannot create " + root + ": " + e.getMessage(), e);
        }
        long transferred = 0;
        int reused = 0;
        ArtifactStore store = registry.artifactStore();
        for (ManifestEntry entry : manifest.files()) {
            Path target = root.resolve(entry.path().value()).normalize();
            if (!target.startsWith(root)) {
                throw new ValidationException("path", "Manifest path " + entry.path() + " leaves " + root);
            }
            if (VerifiedCopy.matches(target, entry)) {
                reused++;
                continue;
            }
            FileLocation location = new FileLocation(v.model(), v.version(), entry.path());
            VerifiedCopy.copy(store.open(location, entry.sha256()), target, entry, location.toString());
            transferred += entry.size();
        }
        return new Download(v.ref(), root, manifest, transferred, reused);
    }

    /**
     * Opens one file of the version. The stream verifies size and SHA-256 as it is read: the read that
     * reaches the end throws {@link IntegrityException} if the bytes do not match.
     *
     * @param path the file's path inside the version, e.g. {@code config.json}
     * @return the file's bytes; the caller closes the stream
     * @throws NotFoundException if the version or the file does not exist
     */
    public InputStream open(String path) {
        ModelVersion v = info();
        ArtifactManifest manifest = registry.artifactStore().readManifest(v.model(), v.version(), v.artifacts().root());
        ArtifactPath p = ArtifactPath.of(path);
        ManifestEntry entry = manifest.find(p).orElseThrow(() -> new NotFoundException(
                "Version " + v.ref() + " has no file '" + path + "'; it has " + manifest.files().size() + " files"));
        FileLocation location = new FileLocation(v.model(), v.version(), p);
        return new VerifyingInputStream(registry.artifactStore().open(location, entry.sha256()), entry,
                location.toString());
    }

    private NotFoundException notFound() {
        if (registry.registryStore().findModel(model.name()).isEmpty()) {
            return model.notFound();
        }
        return new NotFoundException("Version " + version + " of model '" + model.name() + "' does not exist");
    }

    @Override
    public String toString() {
        return ref().toString();
    }
}
