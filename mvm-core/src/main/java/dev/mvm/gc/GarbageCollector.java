package dev.mvm.gc;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.StoredBlob;
import dev.mvm.api.spi.SupportsGarbageCollection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mark and sweep over a content-addressed {@link ArtifactStore} that offers {@link SupportsGarbageCollection}.
 *
 * <p>A run (1) fixes the grace boundary, now minus the grace period; (2) asks for the manifests of every
 * registered version; (3) reads each through {@link ArtifactStore#readManifest} and marks it and the digests
 * of its files; (4) lists the store's blobs and deletes each unmarked one last modified before the boundary,
 * through {@link SupportsGarbageCollection#deleteBlob}, which re-checks the time. Blobs written or refreshed
 * by a registration still in progress are younger than the boundary and survive, provided a registration
 * takes less than the grace period. The boundary is fixed before the references are asked for, so pass a
 * {@link Supplier} that reads the registry to let a version committed during the run count.
 *
 * <p>If a referenced manifest cannot be read, the run stops before deleting anything: without it the
 * collector cannot know which files that version needs.
 *
 * <p>Only the SPI is used, so the same collector serves the embedded store and the S3 store.
 *
 * <pre>{@code
 * GarbageCollector gc = GarbageCollector.forStore(store).gracePeriod(Duration.ofHours(24)).build();
 * GarbageCollectionReport preview = gc.dryRun(references);
 * GarbageCollectionReport done = gc.collect(() -> referencesFromRegistry());
 * }</pre>
 *
 * @since 0.1
 */
public final class GarbageCollector {
    /** The grace period unless configured: a day, longer than any registration. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final ArtifactStore store;
    private final SupportsGarbageCollection blobs;
    private final Clock clock;
    private final Duration gracePeriod;

    private GarbageCollector(Builder b) {
        this.store = b.store;
        this.blobs = (SupportsGarbageCollection) b.store;
        this.clock = b.clock;
        this.gracePeriod = b.gracePeriod;
    }

    /**
     * @param store a store that also implements {@link SupportsGarbageCollection}
     * @return a builder with the system clock and {@link #DEFAULT_GRACE_PERIOD}
     * @throws IllegalArgumentException if the store does not support garbage collection
     */
    public static Builder forStore(ArtifactStore store) {
        Objects.requireNonNull(store, "store");
        if (!(store instanceof SupportsGarbageCollection)) {
            throw new IllegalArgumentException("Store " + store.describe() + " (" + store.getClass().getName()
                    + ") does not implement SupportsGarbageCollection; only content-addressed stores can be collected");
        }
        return new Builder(store);
    }

    /**
     * Deletes unreferenced blobs older than the grace period.
     *
     * @param references the manifests of every registered version
     * @return what was deleted
     * @throws IntegrityException if a referenced manifest is missing or damaged; nothing is deleted then
     * @throws dev.mvm.api.error.StorageException if the store fails
     */
    public GarbageCollectionReport collect(Collection<ManifestReference> references) {
        return run(() -> references, false);
    }

    /**
     * Deletes unreferenced blobs older than the grace period, asking for the references after fixing the
     * grace boundary.
     *
     * @param references reads the manifests of every registered version from the registry
     * @return what was deleted
     * @throws IntegrityException if a referenced manifest is missing or damaged; nothing is deleted then
     * @throws dev.mvm.api.error.StorageException if the store fails
     */
    public GarbageCollectionReport collect(Supplier<? extends Collection<ManifestReference>> references) {
        return run(references, false);
    }

    /**
     * Reports what {@link #collect(Collection)} would delete and how many bytes it would free, deleting nothing.
     *
     * @param references the manifests of every registered version
     * @return what would be deleted
     * @throws IntegrityException if a referenced manifest is missing or damaged
     */
    public GarbageCollectionReport dryRun(Collection<ManifestReference> references) {
        return run(() -> references, true);
    }

    /**
     * Like {@link #dryRun(Collection)}, asking for the references after fixing the grace boundary.
     *
     * @param references reads the manifests of every registered version from the registry
     * @return what would be deleted
     * @throws IntegrityException if a referenced manifest is missing or damaged
     */
    public GarbageCollectionReport dryRun(Supplier<? extends Collection<ManifestReference>> references) {
        return run(references, true);
    }

    private GarbageCollectionReport run(Supplier<? extends Collection<ManifestReference>> references, boolean dryRun) {
        Instant startedAt = clock.instant();
        Instant boundary = startedAt.minus(gracePeriod);
        Collection<ManifestReference> roots = Objects.requireNonNull(references.get(), "references");
        Set<Sha256> marked = new HashSet<>();
        int manifestsRead = 0;
        for (ManifestReference ref : roots) {
            if (!marked.add(ref.root())) {
                continue;
            }
            ArtifactManifest manifest = readForMarking(ref);
            manifestsRead++;
            for (ManifestEntry file : manifest.files()) {
                marked.add(file.sha256());
            }
        }

        int scanned = 0;
        int referenced = 0;
        int spared = 0;
        long freed = 0;
        List<StoredBlob> collected = new ArrayList<>();
        try (Stream<StoredBlob> listed = blobs.listBlobs()) {
            Iterator<StoredBlob> it = listed.iterator();
            while (it.hasNext()) {
                StoredBlob blob = it.next();
                scanned++;
                if (marked.contains(blob.sha256())) {
                    referenced++;
                } else if (!blob.modifiedAt().isBefore(boundary)) {
                    spared++;
                } else if (dryRun || blobs.deleteBlob(blob.sha256(), boundary)) {
                    collected.add(blob);
                    freed += blob.size();
                } else {
                    spared++; // refreshed by a write between listing and deleting
                }
            }
        }
        GarbageCollectionReport report = new GarbageCollectionReport(dryRun, startedAt, boundary, manifestsRead,
                scanned, referenced, spared, collected, freed);
        LOG.info("{} in {}", report, store.describe());
        return report;
    }

    private ArtifactManifest readForMarking(ManifestReference ref) {
        try {
            return store.readManifest(ref.model(), ref.version(), ref.root());
        } catch (NotFoundException | IntegrityException e) {
            throw new IntegrityException("Garbage collection stopped before deleting anything: the manifest of "
                    + ref + " cannot be read from " + store.describe() + " (" + e.getMessage()
                    + "). Restore the manifest or remove the version from the registry, then run again.");
        }
    }

    /** @return the grace period */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    /**
     * Configures a {@link GarbageCollector}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final ArtifactStore store;
        private Clock clock = Clock.systemUTC();
        private Duration gracePeriod = DEFAULT_GRACE_PERIOD;

        private Builder(ArtifactStore store) {
            this.store = store;
        }

        /**
         * @param clock the time source for the grace boundary
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param gracePeriod how long an unreferenced blob is kept after it was last written or refreshed;
         *     longer than any registration takes
         * @return this
         * @throws IllegalArgumentException if it is negative
         */
        public Builder gracePeriod(Duration gracePeriod) {
            if (gracePeriod.isNegative()) {
                throw new IllegalArgumentException("Invalid grace period " + gracePeriod + ": must be at least 0");
            }
            this.gracePeriod = gracePeriod;
            return this;
        }

        /** @return the collector */
        public GarbageCollector build() {
            return new GarbageCollector(this);
        }
    }
}
