package dev.mvm.api.spi;

import dev.mvm.api.artifact.Sha256;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} with a content-addressed layout whose unreferenced blobs can be collected.
 * The collector (in mvm-core) marks every blob that a manifest of a registered version references, plus
 * the manifests themselves, and deletes the rest that are older than a grace period.
 *
 * <p>So that a registration in progress is never collected, a store must refresh a blob's
 * {@link StoredBlob#modifiedAt()} whenever {@link ArtifactStore#write} finds the content already stored
 * (deduplication), and {@link ArtifactStore#writeManifest} likewise. Uploads still in progress (temporary
 * files, open multipart uploads) are not blobs and are never listed here.
 *
 * @since 0.1
 */
public interface SupportsGarbageCollection {

    /**
     * @return every stored blob, manifests included; the caller closes the stream
     */
    Stream<StoredBlob> listBlobs();

    /**
     * Deletes a blob unless it was written or refreshed at or after {@code notModifiedSince}.
     *
     * @param sha256 the blob
     * @param notModifiedSince the grace boundary
     * @return whether the blob was deleted
     */
    boolean deleteBlob(Sha256 sha256, Instant notModifiedSince);
}
