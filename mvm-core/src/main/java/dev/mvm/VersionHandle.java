package dev.mvm;

import dev.mvm.access.AuditTarget;
import dev.mvm.access.Operation;
import dev.mvm.api.access.Permission;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.event.VersionDeleted;
import dev.mvm.api.event.VersionUpdated;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
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
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Operations on one version of a model, obtained from {@link ModelHandle#version(String)}.
 *
 * @since 0.1
 */
public final class VersionHandle {
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
        return registry.guarded(Operation.VERSION_READ, AuditTarget.version(model.name(), version), () -> {
            return registry.registryStore().findVersion(model.name(), version).orElseThrow(this::notFound);
        });
    }

    /**
     * @return the list of the version's files with sizes and digests
     * @throws NotFoundException if the version does not exist
     * @throws IntegrityException if the stored manifest does not match the recorded root digest
     */
    public ArtifactManifest manifest() {
        return registry.guarded(Operation.VERSION_READ, AuditTarget.version(model.name(), version), () -> {
            ModelVersion v = info();
            return registry.artifactStore().readManifest(v.model(), v.version(), v.artifacts().root());
        });
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
        return registry.guarded(Operation.VERSION_UPDATE, AuditTarget.version(model.name(), version),
                () -> {
            VersionChanges c = new VersionChanges();
            changes.accept(c);
            try {
                return updated(registry.registryStore().updateVersion(model.name(), version,
                        current -> c.applyTo(current).toBuilder().updatedAt(registry.now()).build()));
            } catch (NotFoundException e) {
                throw notFound();
            }
        });
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
        return registry.guarded(Operation.VERSION_UPDATE, AuditTarget.version(model.name(), version),
                () -> {
            VersionChanges c = new VersionChanges();
            changes.accept(c);
            ModelVersion changed = c.applyTo(info()).toBuilder().updatedAt(registry.now()).revision(expectedRevision)
                    .build();
            return updated(registry.registryStore().updateVersion(changed));
        });
    }

    private ModelVersion updated(ModelVersion v) {
        registry.emit(new VersionUpdated(UUID.randomUUID(), v.updatedAt(), registry.actor(), v));
        return v;
    }

    /**
     * Deletes the version and releases its files.
     *
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if an environment points to it; publish another version or unpublish first
     */
    public void delete() {
        registry.guardedRun(Operation.VERSION_DELETE, AuditTarget.version(model.name(), version), () -> {
            ModelVersion v = info();
            registry.registryStore().deleteVersion(v.model(), v.version(), v.revision());
            registry.emit(new VersionDeleted(UUID.randomUUID(), registry.now(), registry.actor(), v.ref()));
            model.releaseFiles(v);
        });
    }

    /**
     * @return the version's recorded state changes (who, when, from, to, reason), oldest first; approvals
     *     appear as changes from a state to itself whose reason starts with {@code "approval: "}
     * @throws NotFoundException if the version does not exist
     */
    public List<StateChange> stateHistory() {
        return registry.guarded(Operation.VERSION_READ, AuditTarget.version(model.name(), version), () -> {
            return registry.registryStore().stateHistory(model.name(), info().version());
        });
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    /**
     * Moves the version to another lifecycle state, if the transition table allows it and, for a guarded
     * target ({@code PRODUCTION} by default), every promotion rule is met. This changes the state only;
     * {@link #publish} also moves an environment pointer.
     *
     * @param target the new state
     * @param reason why, recorded in the state history
     * @return the version in its new state
     * @throws NotFoundException if the version does not exist
     * @throws dev.mvm.api.error.IllegalTransitionException naming the current state and the allowed targets
     * @throws dev.mvm.api.error.PromotionRejectedException listing every unmet promotion rule
     * @throws ConflictException if the version changed concurrently; nothing was changed
     */
    public ModelVersion transition(LifecycleState target, String reason) {
        return registry.guarded(Operation.VERSION_TRANSITION, AuditTarget.version(model.name(), version).with("to", target.name()),
                () -> {
            ModelVersion current = info();
            if (current.state().equals(LifecycleState.ARCHIVED)) {
                // leaving the archive is a restore, which needs more than a transition
                registry.audited().access().check(registry.principal(), Permission.RESTORE, model.name());
            }
            return new Lifecycle(registry).transition(current, target, reason);
        });
    }

    /**
     * Publishes the version to {@code production}.
     *
     * @return the recorded pointer move
     * @see #publish(String, String)
     */
    public PointerMove publish() {
        return publish(EnvironmentName.PRODUCTION.value(), "");
    }

    /**
     * Publishes the version to an environment.
     *
     * @param environment e.g. {@code staging}
     * @return the recorded pointer move
     * @see #publish(String, String)
     */
    public PointerMove publish(String environment) {
        return publish(environment, "");
    }

    /**
     * Points an environment to this version. If the policy maps the environment to a state
     * ({@code production} → {@code PRODUCTION} by default), the version first moves into that state (checked
     * against the table and the promotion rules, which compare with the version the environment serves
     * now); other environments leave the state alone. The version it replaces leaves the environment's state
     * ({@code PRODUCTION} → {@code STAGING} by default) unless another such environment still points to it.
     * Publishing the version an environment already serves changes nothing and returns the move that set
     * it.
     *
     * <p>The state change happens before the pointer move, and is undone (recorded as such) if the pointer
     * move loses a race, so the pointer only ever points to a version in the right state.
     *
     * @param environment e.g. {@code production}, {@code staging}, {@code prod-eu}
     * @param reason why, recorded in the histories
     * @return the recorded pointer move
     * @throws NotFoundException if the version does not exist
     * @throws dev.mvm.api.error.ValidationException if the environment name is invalid or the version is
     *     {@code ARCHIVED}
     * @throws dev.mvm.api.error.IllegalTransitionException if the version may not enter the environment's state
     * @throws dev.mvm.api.error.PromotionRejectedException listing every unmet promotion rule
     * @throws ConflictException if the environment moved concurrently; nothing was published
     */
    public PointerMove publish(String environment, String reason) {
        return registry.guarded(Operation.POINTER_PUBLISH, AuditTarget.version(model.name(), version).with("environment", environment),
                () -> {
            return new Lifecycle(registry).publish(this, EnvironmentName.of(environment), reason, false, null);
        });
    }

    /**
     * Publishes like {@link #publish(String, String)}, but only if the environment still points to
     * {@code expectedCurrent}: a compare-and-set for tools that decided based on what they saw.
     *
     * @param environment the environment
     * @param expectedCurrent the version the caller saw there, {@code null} if it saw the pointer unset
     * @param reason why
     * @return the recorded pointer move
     * @throws ConflictException if the environment points elsewhere; nothing was published
     * @see #publish(String, String)
     */
    public PointerMove publishIfCurrent(String environment, @Nullable String expectedCurrent, String reason) {
        return registry.guarded(Operation.POINTER_PUBLISH, AuditTarget.version(model.name(), version).with("environment", environment),
                () -> {
            return new Lifecycle(registry).publish(this, EnvironmentName.of(environment), reason, true,
                    expectedCurrent == null ? null : SemanticVersion.parse(expectedCurrent));
        });
    }

    /**
     * Removes an environment pointer that points to this version. The version leaves the environment's
     * state ({@code PRODUCTION} → {@code STAGING} by default) unless another such environment still points
     * to it.
     *
     * @param environment the environment
     * @return the recorded pointer move
     * @see #unpublish(String, String)
     */
    public PointerMove unpublish(String environment) {
        return unpublish(environment, "");
    }

    /**
     * Removes an environment pointer that points to this version.
     *
     * @param environment the environment
     * @param reason why
     * @return the recorded pointer move, of kind {@code UNPUBLISH}
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if the environment does not point to this version
     */
    public PointerMove unpublish(String environment, String reason) {
        return registry.guarded(Operation.POINTER_UNPUBLISH, AuditTarget.version(model.name(), version).with("environment", environment),
                () -> {
            return new Lifecycle(registry).unpublish(this, EnvironmentName.of(environment), reason);
        });
    }

    /**
     * Moves the version to {@code DEPRECATED}: still usable, scheduled to go.
     *
     * @param reason why
     * @return the version after the change
     * @throws ConflictException if an environment points to it
     * @see #deprecate(String, boolean)
     */
    public ModelVersion deprecate(String reason) {
        return deprecate(reason, false);
    }

    /**
     * Moves the version to {@code DEPRECATED}.
     *
     * @param reason why
     * @param force whether to unpublish it from every environment first
     * @return the version after the change
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if an environment points to it and {@code force} is false
     * @throws dev.mvm.api.error.IllegalTransitionException if the table does not allow it
     */
    public ModelVersion deprecate(String reason, boolean force) {
        return registry.guarded(Operation.VERSION_TRANSITION, AuditTarget.version(model.name(), version).with("to", "DEPRECATED"),
                () -> {
            return moveUnpublished(LifecycleState.DEPRECATED, "deprecate", reason, force);
        });
    }

    /**
     * Moves the version to {@code ARCHIVED}: kept for the record, never served.
     *
     * @param reason why
     * @return the version after the change
     * @throws ConflictException if an environment points to it
     * @see #archive(String, boolean)
     */
    public ModelVersion archive(String reason) {
        return archive(reason, false);
    }

    /**
     * Moves the version to {@code ARCHIVED}. A {@code PRODUCTION} version must be deprecated or unpublished
     * first (forcing unpublishes it, which moves it to {@code STAGING}).
     *
     * @param reason why
     * @param force whether to unpublish it from every environment first
     * @return the version after the change
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if an environment points to it and {@code force} is false
     * @throws dev.mvm.api.error.IllegalTransitionException if the table does not allow it
     */
    public ModelVersion archive(String reason, boolean force) {
        return registry.guarded(Operation.VERSION_TRANSITION, AuditTarget.version(model.name(), version).with("to", "ARCHIVED"),
                () -> {
            return moveUnpublished(LifecycleState.ARCHIVED, "archive", reason, force);
        });
    }

    /**
     * Brings an archived version back to {@code STAGING}.
     *
     * @param reason why
     * @return the version after the change
     * @throws NotFoundException if the version does not exist
     * @throws dev.mvm.api.error.IllegalTransitionException if it is not archived
     */
    public ModelVersion restore(String reason) {
        return registry.guarded(Operation.VERSION_RESTORE, AuditTarget.version(model.name(), version),
                () -> {
            ModelVersion v = info();
            if (!v.state().equals(LifecycleState.ARCHIVED)) {
                throw new dev.mvm.api.error.IllegalTransitionException(v.ref().toString(), v.state().name(),
                        LifecycleState.STAGING.name() + " (restore applies to ARCHIVED versions only)",
                        registry.lifecyclePolicy().allowedTargets(v.state()).stream().map(LifecycleState::name).toList());
            }
            return new Lifecycle(registry).transition(v, LifecycleState.STAGING, reason);
        });
    }

    /**
     * Records an approval of the version by a principal. Approvals count toward
     * {@link dev.mvm.lifecycle.PromotionRule#approvals(int)}; the same approver counts once. They are kept in
     * the state history as a change from the current state to itself, by the approver, with the reason
     * {@code "approval: <comment>"}, so they are versioned, ordered and deleted with the version.
     *
     * @param approver who approves, e.g. {@code user:bob}
     * @param comment a comment, possibly empty
     * @return the recorded approval
     * @throws NotFoundException if the version does not exist
     * @throws dev.mvm.api.error.ValidationException if the approver is blank or a text is too long
     */
    public StateChange approve(String approver, String comment) {
        return registry.guarded(Operation.VERSION_TRANSITION, AuditTarget.version(model.name(), version).with("approval", approver),
                () -> {
            if (registry.audited().access().enforcing() && !approver.equals(registry.actor())) {
                throw new dev.mvm.api.error.AccessDeniedException(registry.actor() + " may approve "
                        + ref() + " only as itself, not as " + approver);
            }
            return new Lifecycle(registry).approve(this, approver, comment);
        });
    }

    /**
     * @return the recorded approvals, oldest first
     * @throws NotFoundException if the version does not exist
     */
    public List<StateChange> approvals() {
        return registry.guarded(Operation.VERSION_READ, AuditTarget.version(model.name(), version), () -> {
            return stateHistory().stream().filter(Lifecycle::isApproval).toList();
        });
    }

    private ModelVersion moveUnpublished(LifecycleState target, String operation, String reason, boolean force) {
        Lifecycle lifecycle = new Lifecycle(registry);
        lifecycle.requireUnpublished(this, info(), force, operation, reason);
        return lifecycle.transition(info(), target, reason);
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
        return registry.guarded(Operation.VERSION_DOWNLOAD, AuditTarget.version(model.name(), version),
                () -> {
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
        });
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
        return registry.guarded(Operation.VERSION_DOWNLOAD, AuditTarget.version(model.name(), version).with("path", path),
                () -> {
            ModelVersion v = info();
            ArtifactManifest manifest = registry.artifactStore().readManifest(v.model(), v.version(), v.artifacts().root());
            ArtifactPath p = ArtifactPath.of(path);
            ManifestEntry entry = manifest.find(p).orElseThrow(() -> new NotFoundException(
                    "Version " + v.ref() + " has no file '" + path + "'; it has " + manifest.files().size() + " files"));
            FileLocation location = new FileLocation(v.model(), v.version(), p);
            return new VerifyingInputStream(registry.artifactStore().open(location, entry.sha256()), entry,
                    location.toString());
        });
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
