package dev.mvm.api.spi;

import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Keeps a registry's metadata: models, versions, lifecycle states and their history, environment pointers
 * and their history.
 *
 * <p>The contract, checked by the {@code RegistryStoreContract} suite every implementation extends:
 * <ul>
 *   <li>Values go in and come out unchanged, except {@code revision}, which the store owns: a created
 *       value is returned with revision 1 and every successful update increments it.
 *   <li>Every mutation is conditional. Creates are unique (model name; model + version precedence, so
 *       {@code 1.0.0+a} and {@code 1.0.0+b} collide); updates and deletes carry the revision the caller
 *       read; pointer moves carry the version the caller saw. When the condition fails nothing is written
 *       and {@link ConflictException} is thrown, so concurrent writers never lose an update.
 *   <li>Lookups by name return {@link Optional}; operations on a missing model or version throw
 *       {@link NotFoundException}.
 *   <li>Version lookups ignore build metadata: {@code findVersion(m, 1.0.0)} finds {@code 1.0.0+build.7}.
 *   <li>Timestamps round-trip with at least millisecond precision; the facade truncates them to
 *       milliseconds before they reach a store.
 *   <li>Implementations are thread-safe. Failures surface as {@code dev.mvm.api.error} exceptions with the
 *       backend's exception as the cause.
 * </ul>
 *
 * @since 0.1
 */
public interface RegistryStore extends AutoCloseable {

    /** @return a short description for messages and logs, e.g. {@code sqlite:/srv/mvm/registry.db} */
    String describe();

    /**
     * Stores a new model.
     *
     * @param model the model; its revision is ignored
     * @return the stored model, revision 1
     * @throws ConflictException if a model of that name exists
     */
    Model createModel(Model model);

    /**
     * @param name the name
     * @return the model, if it exists
     */
    Optional<Model> findModel(ModelName name);

    /**
     * Replaces a model's mutable fields (description, framework, task, metadata, tags, owner, updatedAt) if
     * its revision is still {@code model.revision()}. The id, name and creation time never change.
     *
     * @param model the new values, carrying the revision they were read at
     * @return the stored model with the next revision
     * @throws NotFoundException if the model does not exist
     * @throws ConflictException if the stored revision differs
     */
    Model updateModel(Model model);

    /**
     * Applies {@code change} to the model as stored and stores the result, so that no change made at the same
     * time by another writer is lost. The default reads, applies and writes with {@link #updateModel(Model)},
     * again after each concurrent change, up to 20 times; stores with transactions override it to apply the
     * change once under their write lock. {@code change} may run more than once and must only compute.
     *
     * @param name the model
     * @param change the new values from the stored model (its id, name, creation time and revision are kept)
     * @return the stored model with the next revision
     * @throws NotFoundException if the model does not exist
     * @throws ConflictException if the default gave up after 20 concurrent changes
     * @since 0.1
     */
    default Model updateModel(ModelName name, UnaryOperator<Model> change) {
        return retryOnConflict(() -> updateModel(change.apply(findModel(name)
                .orElseThrow(() -> new NotFoundException("Model '" + name + "' is not registered")))));
    }

    /**
     * Deletes a model with all its versions, pointers and histories, if its revision is still
     * {@code expectedRevision}. The versions' files are not touched: the caller releases them.
     *
     * @param name the model
     * @param expectedRevision the revision the caller read
     * @throws NotFoundException if the model does not exist
     * @throws ConflictException if the stored revision differs
     */
    void deleteModel(ModelName name, long expectedRevision);

    /**
     * Lists models sorted by name.
     *
     * @param listing filters, paging and limit
     * @return at most {@code listing.limit()} models
     */
    List<Model> listModels(ModelListing listing);

    /**
     * Stores a new version. This is the commit point of a registration: once it returns, the version is
     * visible; if it throws, nothing is.
     *
     * @param version the version; its revision is ignored
     * @return the stored version, revision 1
     * @throws NotFoundException if the model does not exist
     * @throws ConflictException if a version of the same precedence exists
     */
    ModelVersion createVersion(ModelVersion version);

    /**
     * @param model the model
     * @param version the version; build metadata is ignored
     * @return the version, if it exists
     */
    Optional<ModelVersion> findVersion(ModelName model, SemanticVersion version);

    /**
     * @param model the model
     * @return all its versions in ascending SemVer precedence
     * @throws NotFoundException if the model does not exist
     */
    List<ModelVersion> listVersions(ModelName model);

    /**
     * @param model the model
     * @return its version of highest precedence, if it has any
     * @throws NotFoundException if the model does not exist
     */
    default Optional<ModelVersion> latestVersion(ModelName model) {
        List<ModelVersion> all = listVersions(model);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Replaces a version's mutable metadata (description, metrics, params, tags, updatedAt) if its revision
     * is still {@code version.revision()}. Files, lineage, state, creator and creation time never change
     * here; state changes go through {@link #transition}.
     *
     * @param version the new values, carrying the revision they were read at
     * @return the stored version with the next revision
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if the stored revision differs
     */
    ModelVersion updateVersion(ModelVersion version);

    /**
     * Applies {@code change} to the version as stored and stores the result, so that no change made at the same
     * time by another writer is lost; the counterpart of {@link #updateModel(ModelName, UnaryOperator)}, with the
     * same default and the same rule for {@code change}.
     *
     * @param model the model
     * @param version the version
     * @param change the new metadata from the stored version (what {@link #updateVersion(ModelVersion)} keeps
     *     is kept)
     * @return the stored version with the next revision
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if the default gave up after 20 concurrent changes
     * @since 0.1
     */
    default ModelVersion updateVersion(ModelName model, SemanticVersion version, UnaryOperator<ModelVersion> change) {
        return retryOnConflict(() -> updateVersion(change.apply(findVersion(model, version).orElseThrow(
                () -> new NotFoundException("Version " + version + " of model '" + model + "' does not exist")))));
    }

    /** Runs a read-change-write attempt again after each concurrent change, 20 times at most. */
    private static <T> T retryOnConflict(Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (ConflictException e) {
                if (n >= 20) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes a version and its state history if its revision is still {@code expectedRevision}.
     *
     * @param model the model
     * @param version the version
     * @param expectedRevision the revision the caller read
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if the stored revision differs, or an environment points to the version
     */
    void deleteVersion(ModelName model, SemanticVersion version, long expectedRevision);

    /**
     * Moves a version to another lifecycle state and records the change, atomically, if the version is
     * still in {@code change.from()} at revision {@code expectedRevision}. The store does not judge whether
     * the move is allowed; the lifecycle policy does that before calling.
     *
     * @param change the change, with {@code updatedAt} taken from {@code change.at()}
     * @param expectedRevision the revision the caller read
     * @return the version in its new state, with the next revision
     * @throws NotFoundException if the version does not exist
     * @throws ConflictException if the state or revision differs
     */
    ModelVersion transition(StateChange change, long expectedRevision);

    /**
     * @param model the model
     * @param version the version
     * @return its recorded state changes, oldest first
     * @throws NotFoundException if the version does not exist
     */
    List<StateChange> stateHistory(ModelName model, SemanticVersion version);

    /**
     * Moves an environment pointer and records the move, atomically, if the pointer still points to
     * {@code move.from()} (is unset when that is {@code null}).
     *
     * @param move the move
     * @return the move as recorded
     * @throws NotFoundException if the model, or the target version, does not exist
     * @throws ConflictException if the pointer has moved since the caller read it
     */
    PointerMove movePointer(PointerMove move);

    /**
     * @param model the model
     * @param environment the environment
     * @return where the environment points, if it is set
     */
    Optional<EnvironmentPointer> findPointer(ModelName model, EnvironmentName environment);

    /**
     * @param model the model
     * @return every set pointer of the model, sorted by environment name
     * @throws NotFoundException if the model does not exist
     */
    List<EnvironmentPointer> listPointers(ModelName model);

    /**
     * @param model the model
     * @param environment the environment
     * @return every recorded move of that pointer, oldest first
     * @throws NotFoundException if the model does not exist
     */
    List<PointerMove> pointerHistory(ModelName model, EnvironmentName environment);

    /**
     * Searches models, or versions across models, with free text, a filter, sort keys and paging, with the
     * semantics of {@link dev.mvm.api.query.InMemorySearch}. Optional: stores that do not implement it are
     * searched in memory by the facade.
     *
     * @param request the search
     * @return the page asked for, with the total count
     * @throws dev.mvm.api.error.ValidationException if the cursor is malformed or belongs to another search
     * @throws UnsupportedOperationException if the store does not implement search
     * @since 0.1
     */
    default dev.mvm.api.query.SearchResult search(dev.mvm.api.query.SearchRequest request) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement search");
    }

    /** Releases connections and files. Calls after closing fail. */
    @Override
    void close();
}
