package dev.mvm.compare;

import dev.mvm.api.error.StorageException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps comparisons by id. It is separate from the registry's stores so that it works with any of them
 * (SQLite, MLflow, S3): a version's files are immutable, so a comparison is never stored among them.
 * {@link DirectoryComparisonStore} keeps them as JSON files in a directory the caller chooses;
 * {@link #inMemory()} keeps them for the life of the object.
 *
 * @since 0.1
 */
public interface ComparisonStore {

    /**
     * Stores a comparison under its id, replacing one with the same id (which has the same content).
     *
     * @param comparison the comparison
     * @throws StorageException if it cannot be stored
     */
    void save(Comparison comparison);

    /**
     * @param id a comparison id
     * @return the comparison, if stored
     * @throws StorageException if it cannot be read
     */
    Optional<Comparison> find(String id);

    /** @return a store in memory, for the life of the returned object */
    static ComparisonStore inMemory() {
        Map<String, Comparison> saved = new ConcurrentHashMap<>();
        return new ComparisonStore() {
            @Override
            public void save(Comparison comparison) {
                saved.put(comparison.id(), comparison);
            }

            @Override
            public Optional<Comparison> find(String id) {
                return Optional.ofNullable(saved.get(id));
            }
        };
    }
}
