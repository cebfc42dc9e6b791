package dev.mvm.inspect.internal;

import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.inspect.RangeSource;
import dev.mvm.api.spi.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;

/** Range reads of one stored file through {@link ArtifactStore#openRange}. */
public final class StoredRangeSource implements RangeSource {
    private final ArtifactStore store;
    private final FileLocation location;
    private final ManifestEntry entry;

    /**
     * @param store the artifact store
     * @param location where the file belongs
     * @param entry its manifest entry (size and digest)
     */
    public StoredRangeSource(ArtifactStore store, FileLocation location, ManifestEntry entry) {
        this.store = store;
        this.location = location;
        this.entry = entry;
    }

    @Override
    public long size() {
        return entry.size();
    }

    @Override
    public byte[] read(long offset, int length) {
        RangeChecks.check(this, offset, length);
        try (InputStream in = store.openRange(location, entry.sha256(), offset, length)) {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new IntegrityException("Stored file " + location + " ended after " + (offset + bytes.length)
                        + " bytes; its manifest records " + entry.size());
            }
            return bytes;
        } catch (IOException e) {
            throw new StorageException("Cannot read " + length + " bytes at " + offset + " of " + location + " from "
                    + store.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return location.toString();
    }
}
