package dev.mvm.migrate;

import dev.mvm.ModelRegistry;
import dev.mvm.api.access.AccessPolicyStore;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Role;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.audit.AuditLog;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.api.spi.SupportsEnvironmentListing;
import dev.mvm.internal.AllModels;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a live registry below the facade (no audit records, no permission checks: an operator tool).
 *
 * <p>Pointer histories are read for every environment the store lists through
 * {@link SupportsEnvironmentListing} (the embedded and MLflow stores do); for other stores, for every environment a
 * pointer is set in and every environment the lifecycle policy names, since the history of an environment that
 * is unset now and unknown to the policy cannot be found through the plain SPI.
 */
final class RegistryReader implements RegistrySource {
    private final ModelRegistry registry;
    private final RegistryStore store;

    RegistryReader(ModelRegistry registry) {
        this.registry = registry;
        this.store = registry.registryStore();
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public List<Model> models() {
        return AllModels.of(store);
    }

    @Override
    public List<ModelVersion> versions(ModelName model) {
        return store.listVersions(model);
    }

    @Override
    public List<StateChange> stateHistory(ModelVersion version) {
        return store.stateHistory(version.model(), version.version());
    }

    @Override
    public Map<EnvironmentName, List<PointerMove>> pointerHistories(ModelName model) {
        TreeSet<EnvironmentName> environments = new TreeSet<>(java.util.Comparator.comparing(EnvironmentName::value));
        for (EnvironmentPointer p : store.listPointers(model)) {
            environments.add(p.environment());
        }
        if (store instanceof SupportsEnvironmentListing listing) {
            environments.addAll(listing.environmentsWithHistory(model));
        } else {
            environments.addAll(registry.lifecyclePolicy().environmentStates().keySet());
        }
        Map<EnvironmentName, List<PointerMove>> out = new TreeMap<>(java.util.Comparator.comparing(EnvironmentName::value));
        for (EnvironmentName env : environments) {
            List<PointerMove> moves = store.pointerHistory(model, env);
            if (!moves.isEmpty()) {
                out.put(env, moves);
            }
        }
        return out;
    }

    @Override
    public List<EnvironmentPointer> pointers(ModelName model) {
        return store.listPointers(model);
    }

    @Override
    public ArtifactManifest manifest(ModelVersion version) {
        return registry.artifactStore().readManifest(version.model(), version.version(), version.artifacts().root());
    }

    @Override
    public InputStream open(ModelVersion version, ManifestEntry file) {
        return registry.artifactStore().open(new FileLocation(version.model(), version.version(), file.path()),
                file.sha256());
    }

    @Override
    public List<Role> roles() {
        return registry.accessPolicyStore().map(AccessPolicyStore::roles).orElse(List.of());
    }

    @Override
    public List<Grant> grants() {
        return registry.accessPolicyStore().map(AccessPolicyStore::grants).orElse(List.of());
    }

    @Override
    public long auditCount() {
        Optional<AuditLog> log = registry.auditLog();
        if (log.isEmpty()) {
            return 0;
        }
        List<AuditRecord> last = log.get().query(AuditQuery.builder().newestFirst().limit(1).build());
        return last.isEmpty() ? 0 : last.get(0).sequence();
    }

    @Override
    public List<AuditRecord> auditAfter(long sequence, int limit) {
        return registry.auditLog().map(log -> log.query(AuditQuery.builder().after(sequence).limit(limit).build()))
                .orElse(List.of());
    }
}
