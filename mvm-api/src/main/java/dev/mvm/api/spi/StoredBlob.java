package dev.mvm.api.spi;

import dev.mvm.api.artifact.Sha256;
import java.time.Instant;

/**
 * One content-addressed blob as a store lists it for garbage collection.
 *
 * @param sha256 its digest, which is also its address
 * @param size its size in bytes
 * @param modifiedAt when it was last written or refreshed
 * @since 0.1
 */
public record StoredBlob(Sha256 sha256, long size, Instant modifiedAt) {
}
