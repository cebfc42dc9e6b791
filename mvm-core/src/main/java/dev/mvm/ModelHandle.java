package dev.mvm;

import dev.mvm.access.AuditTarget;
import dev.mvm.access.Operation;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.event.ModelDeleted;
import dev.mvm.api.event.ModelUpdated;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.lifecycle.ModelStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
        return registry.guarded(Operation.MODEL_READ, AuditTarget.model(name), () -> {
            return store().findModel(name).orElseThrow(() -> notFound());
        });
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
        return registry.guarded(Operation.MODEL_UPDATE, AuditTarget.model(name), () -> {
            ModelChanges c = new ModelChanges();
            changes.accept(c);
            try {
                return updated(store().updateModel(name,
                        current -> c.applyTo(current).toBuilder().updatedAt(registry.now()).build()));
            } catch (NotFoundException e) {
                throw notFound();
            }
        });
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
        return registry.guarded(Operation.MODEL_UPDATE, AuditTarget.model(name), () -> {
            ModelChanges c = new ModelChanges();
            changes.accept(c);
            Model current = info();
            Model changed = c.applyTo(current).toBuilder().updatedAt(registry.now()).revision(expectedRevision).build();
            return updated(store().updateModel(changed));
        });
    }

    private Model updated(Model model) {
        registry.emit(new ModelUpdated(UUID.randomUUID(), model.updatedAt(), registry.actor(), model));
        return model;
    }

    /**
     * Deletes the model and all its versions. Their files are released (shared content stays for other
     * versions; unreferenced blobs are garbage-collected later).
     *
     * @throws NotFoundException if it is not registered
     * @throws ConflictException if an environment still points to one of its versions; unpublish first
     */
    public void delete() {
        registry.guardedRun(Operation.MODEL_DELETE, AuditTarget.model(name), () -> {
            Model current = info();
            List<EnvironmentPointer> pointers = store().listPointers(name);
            if (!pointers.isEmpty()) {
                throw new ConflictException("Model '" + name + "' is still published to "
                        + pointers.stream().map(p -> p.environment() + " (" + p.version() + ")").toList()
                        + "; unpublish it first");
            }
            List<ModelVersion> versions = store().listVersions(name);
            store().deleteModel(name, current.revision());
            registry.emit(new ModelDeleted(UUID.randomUUID(), registry.now(), registry.actor(), name));
            for (ModelVersion v : versions) {
                releaseFiles(v);
            }
        });
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
        return registry.guarded(Operation.MODEL_READ, AuditTarget.model(name), () -> {
            return store().listVersions(name);
        });
    }

    /**
     * @return the version of highest precedence, if any
     * @throws NotFoundException if the model is not registered
     */
    public Optional<ModelVersion> latest() {
        return registry.guarded(Operation.MODEL_READ, AuditTarget.model(name), () -> {
            return store().latestVersion(name);
        });
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

    // ---- lifecycle ----------------------------------------------------------------------------------------

    /**
     * The version an environment serves now. The handle is pinned to that version: it does not follow
     * later moves of the pointer.
     *
     * @param environment e.g. {@code production}
     * @return the version's operations, e.g. {@code resolve("production").download(dir)}
     * @throws NotFoundException if the model does not exist or the environment is not set
     * @throws dev.mvm.api.error.ValidationException if the environment name is invalid
     */
    public VersionHandle resolve(String environment) {
        return registry.guarded(Operation.MODEL_READ, AuditTarget.model(name), () -> {
            EnvironmentName env = EnvironmentName.of(environment);
            return pointer(environment).map(p -> version(p.version())).orElseThrow(() -> {
                info();
                return new NotFoundException("Environment '" + env + "' of model '" + name + "' is not set; publish a "
                        + "version to it first" + (pointers().isEmpty() ? "" : " (set: " + pointers().stream()
                        .map(p -> p.environment().value()).toList() + ")"));
            });
        });
    }

    /**
     * @param environment an environment
     * @return where it points, if it is set
     */
    public Optional<EnvironmentPointer> pointer(String environment) {
        return registry.guarded(Operation.MODEL_READ, AuditTarget.model(name), () -> {
            return store().findPointer(name, EnvironmentName.of(environment));
        });
    }

    /**
     * @return every set environment pointer, sorted by environment
     * @throws NotFoundException if the model does not exist
     */
    public List<EnvironmentPointer> pointers() {
        return registry.guarded(Operation.MODEL_READ, AuditTarget.model(name), () -> {
            return store().listPointers(name);
        });
    }

    /**
     * @param environment an environment
     * @return every move of its pointer (who, when, from, to, kind, reason), oldest first
     * @throws NotFoundException if the model does not exist
     */
    public List<PointerMove> pointerHistory(String environment) {
        return registry.guarded(Operation.MODEL_READ, AuditTarget.model(name), () -> {
            return store().pointerHistory(name, EnvironmentName.of(environment));
        });
    }

    /**
     * Moves an environment back to an earlier version, in one atomic pointer move recorded as a
     * {@code ROLLBACK}. The target takes the environment's state if the table allows it (promotion rules are
     * not checked: rollback is the way back to something that served before); a {@code DEPRECATED} target
     * keeps its state and serves. The version rolled back from takes the policy's after-rollback state
     * ({@code DEPRECATED} by default) if it was in the environment's state and no other environment of that
     * state points to it.
     *
     * @param environment e.g. {@code production}
     * @param targetVersion the version to go back to; it must exist and may not be {@code ARCHIVED}
     * @param reason why, recorded in the histories
     * @return the recorded pointer move
     * @throws NotFoundException if the model, the target or the pointer does not exist
     * @throws dev.mvm.api.error.ValidationException if the target is archived or already served
     * @throws ConflictException if the pointer moved concurrently; nothing was rolled back
     */
    public PointerMove rollback(String environment, String targetVersion, String reason) {
        return registry.guarded(Operation.POINTER_ROLLBACK, AuditTarget.model(name).with("environment", environment).with("to", targetVersion),
                () -> {
            return new Lifecycle(registry).rollback(this, EnvironmentName.of(environment),
                    SemanticVersion.parse(targetVersion), reason);
        });
    }

    /**
     * Moves an environment back to the version it pointed to before its last move, as
     * {@link #rollback(String, String, String)} does. Rolling back twice undoes the first rollback.
     *
     * @param environment e.g. {@code production}
     * @param reason why
     * @return the recorded pointer move
     * @throws NotFoundException if the pointer is not set or had no earlier value
     * @throws dev.mvm.api.error.ValidationException if that version is archived
     * @throws ConflictException if the pointer moved concurrently; nothing was rolled back
     */
    public PointerMove rollback(String environment, String reason) {
        return registry.guarded(Operation.POINTER_ROLLBACK, AuditTarget.model(name).with("environment", environment),
                () -> {
            return new Lifecycle(registry).rollback(this, EnvironmentName.of(environment), null, reason);
        });
    }

    /**
     * Archives every version of the model, walking the shortest allowed path of the transition table for
     * each (a {@code PRODUCTION} version goes through {@code DEPRECATED}). Refuses while an environment
     * points to a version, unless forced: then every pointer is removed first (recorded as unpublish moves).
     *
     * @param force whether to unpublish published versions first
     * @param reason why, recorded in every state change
     * @return the versions after archiving
     * @throws NotFoundException if the model does not exist
     * @throws ConflictException if a version is published and {@code force} is false; nothing was changed
     */
    public List<ModelVersion> archive(boolean force, String reason) {
        return registry.guarded(Operation.VERSION_TRANSITION, AuditTarget.model(name), () -> {
            info();
            Lifecycle lifecycle = new Lifecycle(registry);
            List<EnvironmentPointer> published = pointers();
            if (!published.isEmpty() && !force) {
                throw new ConflictException("Cannot archive model '" + name + "': it is published to "
                        + published.stream().map(p -> p.environment() + " (" + p.version() + ")").toList()
                        + "; unpublish first or force");
            }
            for (EnvironmentPointer p : published) {
                lifecycle.unpublish(version(p.version()), p.environment(), reason);
            }
            LifecycleState archived = LifecycleState.ARCHIVED;
            List<ModelVersion> result = new ArrayList<>();
            for (ModelVersion v : versions()) {
                ModelVersion current = v;
                if (!current.state().equals(archived)) {
                    List<LifecycleState> path = registry.lifecyclePolicy().path(current.state(), archived);
                    if (path.isEmpty()) {
                        registry.lifecyclePolicy().check(current.ref().toString(), current.state(), archived);
                    }
                    for (LifecycleState step : path) {
                        current = lifecycle.record(current, step, reason);
                    }
                }
                result.add(current);
            }
            return result;
        });
    }

    /**
     * The model's status derived from its versions and pointers now (the stored {@link Model} carries no
     * status, so it can never disagree with the versions).
     *
     * @return pointers, latest version and counts by state
     * @throws NotFoundException if the model does not exist
     */
    public ModelStatus status() {
        return registry.guarded(Operation.MODEL_READ, AuditTarget.model(name), () -> {
            info();
            List<ModelVersion> all = versions();
            Map<LifecycleState, Integer> counts = new LinkedHashMap<>();
            for (LifecycleState s : registry.lifecyclePolicy().states()) {
                int n = (int) all.stream().filter(v -> v.state().equals(s)).count();
                if (n > 0) {
                    counts.put(s, n);
                }
            }
            Map<EnvironmentName, SemanticVersion> pointerMap = new LinkedHashMap<>();
            pointers().forEach(p -> pointerMap.put(p.environment(), p.version()));
            return new ModelStatus(name, all.isEmpty() ? null : all.get(all.size() - 1).version(), pointerMap, counts);
        });
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
