package dev.mvm.migrate;

import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.ForwardingArtifactStore;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store that fails like a dropped connection: after a set number of file writes, every further write
 * throws {@link StorageException} (retryable) until {@link #heal()} is called.
 */
final class FailingArtifactStore extends ForwardingArtifactStore {
    private final AtomicInteger writesLeft;
    private volatile boolean healed;

    FailingArtifactStore(ArtifactStore delegate, int failAfterWrites) {
        super(delegate);
        this.writesLeft = new AtomicInteger(failAfterWrites);
    }

    void heal() {
        healed = true;
    }

    @Override
    public ManifestEntry write(FileLocation location, InputStream content) {
        if (!healed && writesLeft.getAndDecrement() <= 0) {
            throw new StorageException("Connection reset while writing " + location, null, true);
        }
        return delegate().write(location, content);
    }

    @Override
    public ManifestEntry write(FileLocation location, java.nio.file.Path file) {
        return writeAsStream(location, file); // every file passes through write(location, stream) above
    }

}
