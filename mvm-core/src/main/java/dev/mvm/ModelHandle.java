package dev.mvm;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.RegistryStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operations on one model, obtained from {@link ModelRegistry#model(String)}. The handle holds only the
 * name; every operation reads the current state from the store.
 *
 * @since 0.1
 */
public final class ModelHandle {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHandle.class);
    private static final int MAX_UPDATE_ATTEMPTS = 20;

    private final ModelRegistry registry;
    private final ModelName name;

    ModelHandle(ModelRegistry registry, ModelName name) {
        this.registry = registry;
        this.name = name;
    }

    /** @return the model's name */
    public ModelName name() {
        return name;
    }

    /**
     * @return the model as stored now
     * @throws NotFoundException if it is not registered
     */
    public Model info() {
        return store().findModel(name).orElseThrow(() -> notFound());
    }

    /**
     * Applies changes to the latest stored model. If another writer changes the model at the same time, the
     * changes are re-applied to its result, so no concurrent change is lost.
     *
     * @param changes what to change
     * @return the model after the change
     * @throws NotFoundException if it is not registered
     */
    public Model update(Consumer<ModelChanges> changes) {
        ModelChanges c = new ModelChanges();
        changes.accept(c);
        for (int attempt = 1; ; attempt++) {
            Model current = info();
            try {
                return store().updateModel(c.applyTo(current).toBuilder().updatedAt(registry.now()).build());
            } catch (ConflictException e) {
                if (attempt >= MAX_UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Applies changes only if the model is still at {@code expectedRevision}, for read-modify-write
     * callers that must not overwrite what they have not seen.
     *
     * @param expectedRevision the {@link Model#revision()} the caller read
     * @param changes what to change
     * @return the model after the change
     * @throws NotFoundException if it is not registered
     * @throws ConflictException if it changed since that revision
     */
    public Model update(long expectedRevision, Consumer<ModelChanges> changes) {
        ModelChanges c = new ModelChanges();
        changes.accept(c);
        Model current = info();
        Model changed = c.applyTo(current).toBuilder().updatedAt(registry.now()).revision(expectedRevision).build();
        return store().updateModel(changed);
    }

    /**
     * Deletes the model and all its versions. Their files are released (shared content stays for other
     * versions; unreferenced blobs are garbage-collected later).
     *
     * @throws NotFoundException if it is not registered
     * @throws ConflictException if an environment still points to one of its versions; unpublish first
     */
    public void delete() {
        Model current = info();
        List<EnvironmentPointer> pointers = store().listPointers(name);
        if (!pointers.isEmpty()) {
            throw new ConflictException("Model '" + name + "' is still published to "
                    + pointers.stream().map(p -> p.environment() + " (" + p.version() + ")").toList()
                    + "; unpublish it first");
        }
        List<ModelVersion> versions = store().listVersions(name);
        store().deleteModel(name, current.revision());
        for (ModelVersion v : versions) {
            releaseFiles(v);
        }
    }

    void releaseFiles(ModelVersion v) {
        try {
            ArtifactManifest manifest = registry.artifactStore().readManifest(name, v.version(), v.artifacts().root());
            registry.artifactStore().deleteVersion(name, v.version(), manifest);
        } catch (MvmException e) {
            // The metadata is gone, so the version is deleted; leftover bytes are garbage for the collector.
            LOG.warn("Deleted {} but could not release its files ({}); garbage collection will remove them",
                    v.ref(), e.getMessage());
        }
    }

    /** @return a draft of a new version; call {@link VersionDraft#register()} to store it */
    public VersionDraft newVersion() {
        return new VersionDraft(registry, this);
    }

    /**
     * @return every version in ascending semantic-version order
     * @throws NotFoundException if the model is not registered
     */
    public List<ModelVersion> versions() {
        return store().listVersions(name);
    }

    /**
     * @return the version of highest precedence, if any
     * @throws NotFoundException if the model is not registered
     */
    public Optional<ModelVersion> latest() {
        return store().latestVersion(name);
    }

    /**
     * Operations on one version.
     *
     * @param version the version text, e.g. {@code 1.2.0}
     * @return the version's operations
     * @throws dev.mvm.api.error.ValidationException if it is not a semantic version
     */
    public VersionHandle version(String version) {
        return new VersionHandle(registry, this, SemanticVersion.parse(version));
    }

    /**
     * @param version a version
     * @return the version's operations
     */
    public VersionHandle version(SemanticVersion version) {
        return new VersionHandle(registry, this, version);
    }

    NotFoundException notFound() {
        return new NotFoundException("Model '" + name + "' is not registered");
    }

    private RegistryStore store() {
        return registry.registryStore();
    }

    @Override
    public String toString() {
        return name.value();
    }
}
