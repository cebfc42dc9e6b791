package dev.mvm.mlflow.internal;

import dev.mvm.api.model.SemanticVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The MLflow version numbers that hold a precedence, as this process last saw them (from its own creates and
 * version reads), so that a pointer move can name the alias target without listing the model's versions.
 *
 * <p>Safe to use without re-reading because MLflow never reuses a version number within a registered model
 * and MVM never changes a version's {@code mvm.key}: a remembered number either still holds its precedence or
 * no longer exists, and MLflow's alias write then fails with {@code RESOURCE_DOES_NOT_EXIST}. A registered
 * model deleted and created again restarts its numbers; that is detected by comparing the registered model's
 * creation time with the version's. Bounded: the least recently used entries are dropped.
 */
public final class KnownVersions {
    private static final int MAX_ENTRIES = 4096;

    /**
     * A remembered version.
     *
     * @param number its MLflow version number
     * @param version its semantic version as stored (build metadata included)
     * @param mlflowCreated MLflow's creation time of the version, epoch milliseconds
     */
    public record Known(long number, SemanticVersion version, long mlflowCreated) {
        /**
         * @param registeredModelCreated the registered model's creation time as just read, epoch milliseconds
         * @return whether the version can belong to that registered model (it is not newer than the version),
         *     rather than to an earlier registered model of the same name
         */
        public boolean belongsTo(long registeredModelCreated) {
            return registeredModelCreated > 0 && registeredModelCreated <= mlflowCreated;
        }
    }

    private final Map<String, Known> entries = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /**
     * @param mlflowName the registered model
     * @param key the precedence key
     * @param known the version holding it
     */
    public synchronized void remember(String mlflowName, String key, Known known) {
        if (known.mlflowCreated() > 0) {
            entries.put(mlflowName + '\n' + key, known);
        }
    }

    /**
     * @param mlflowName the registered model
     * @param key the precedence key
     * @return the version last seen holding the key; check {@link Known#belongsTo} before using it
     */
    public synchronized @Nullable Known find(String mlflowName, String key) {
        return entries.get(mlflowName + '\n' + key);
    }

    /**
     * @param mlflowName the registered model
     * @param key the precedence key
     */
    public synchronized void forget(String mlflowName, String key) {
        entries.remove(mlflowName + '\n' + key);
    }

    /** @param mlflowName the registered model whose versions are all forgotten */
    public synchronized void forgetModel(String mlflowName) {
        entries.keySet().removeIf(k -> k.startsWith(mlflowName + '\n'));
    }
}
