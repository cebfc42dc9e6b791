package dev.mvm.gc;

import dev.mvm.api.spi.StoredBlob;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one garbage collection run found and did.
 *
 * @param dryRun whether the run only reported, deleting nothing
 * @param startedAt when the run started, by the collector's clock
 * @param boundary blobs written or refreshed at or after this instant were spared
 * @param manifestsRead how many referenced manifests were read (each distinct root once)
 * @param blobsScanned how many blobs the store listed
 * @param referenced how many listed blobs are referenced (manifests and their files)
 * @param sparedAsRecent unreferenced blobs spared because they are inside the grace period
 * @param collected the unreferenced blobs deleted, or in a dry run those that would be deleted
 * @param bytesFreed the total size of {@code collected}
 * @since 0.1
 */
public record GarbageCollectionReport(boolean dryRun, Instant startedAt, Instant boundary, int manifestsRead,
        int blobsScanned, int referenced, int sparedAsRecent, List<StoredBlob> collected, long bytesFreed) {

    /** Copies the list; validates the counts. */
    public GarbageCollectionReport {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(boundary, "boundary");
        collected = List.copyOf(collected);
        if (manifestsRead < 0 || blobsScanned < 0 || referenced < 0 || sparedAsRecent < 0 || bytesFreed < 0) {
            throw new IllegalArgumentException("Counts in a garbage collection report must not be negative");
        }
    }

    @Override
    public String toString() {
        return (dryRun ? "Garbage collection dry run: would delete " : "Garbage collection: deleted ")
                + collected.size() + " of " + blobsScanned + " blobs (" + bytesFreed + " bytes); kept " + referenced
                + " referenced by " + manifestsRead + " manifests and " + sparedAsRecent
                + " unreferenced blobs newer than " + boundary;
    }
}
