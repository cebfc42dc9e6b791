package dev.mvm;

import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Scope;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.gc.GarbageCollectionReport;
import dev.mvm.gc.GarbageCollector;
import dev.mvm.gc.ManifestReference;
import dev.mvm.internal.AllModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Garbage collection of a registry's artifact store: the manifests of every registered version, read from the
 * registry store when the run starts, are the roots; unreferenced blobs older than the grace period go.
 * Obtained from {@link ModelRegistry#garbageCollection(Duration)}.
 *
 * <p>Safe while other threads and processes register: the grace boundary is fixed before the registered
 * versions are listed, and a registration in progress writes (or, for content already stored, refreshes) its
 * blobs after it started, hence after any boundary older than the grace period. Under RBAC the acting
 * principal needs {@code ADMINISTER} at global scope.
 *
 * <pre>{@code
 * GarbageCollectionReport preview = registry.garbageCollection(Duration.ofHours(24)).dryRun();
 * System.out.println(preview.collected().size() + " blobs, " + preview.bytesFreed() + " bytes");
 * registry.garbageCollection(Duration.ofHours(24)).collect();
 * }</pre>
 *
 * @since 0.1
 */
public final class GarbageCollection {
    private final ModelRegistry registry;
    private final GarbageCollector collector;

    GarbageCollection(ModelRegistry registry, GarbageCollector collector) {
        this.registry = registry;
        this.collector = collector;
    }

    /** @return the grace period */
    public Duration gracePeriod() {
        return collector.gracePeriod();
    }

    /**
     * Reports what {@link #collect()} would delete: how many blobs and how many bytes, deleting nothing.
     *
     * @return the report, with {@code dryRun() == true}
     * @throws AccessDeniedException under RBAC without global {@code ADMINISTER}
     * @throws dev.mvm.api.error.IntegrityException if a registered version's manifest cannot be read
     */
    public GarbageCollectionReport dryRun() {
        checkPermission();
        return collector.dryRun(this::references);
    }

    /**
     * Deletes unreferenced blobs older than the grace period.
     *
     * @return what was deleted and how many bytes were freed
     * @throws AccessDeniedException under RBAC without global {@code ADMINISTER}
     * @throws dev.mvm.api.error.IntegrityException if a registered version's manifest cannot be read; nothing
     *     is deleted then
     * @throws dev.mvm.api.error.StorageException if the store fails
     */
    public GarbageCollectionReport collect() {
        checkPermission();
        return collector.collect(this::references);
    }

    private void checkPermission() {
        registry.audited().access().check(registry.principal(), Permission.ADMINISTER, Scope.global());
    }

    private List<ManifestReference> references() {
        RegistryStore store = registry.registryStore();
        List<ManifestReference> refs = new ArrayList<>();
        for (Model m : AllModels.of(store)) {
            List<ModelVersion> versions;
            try {
                versions = store.listVersions(m.name());
            } catch (dev.mvm.api.error.NotFoundException deletedMeanwhile) {
                continue; // its versions are gone with it; their blobs are garbage now
            }
            for (ModelVersion v : versions) {
                refs.add(new ManifestReference(v.model(), v.version(), v.artifacts().root()));
            }
        }
        return refs;
    }
}
