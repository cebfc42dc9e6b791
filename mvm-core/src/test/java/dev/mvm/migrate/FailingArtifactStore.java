package dev.mvm.migrate;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ArtifactStore;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store that fails like a dropped connection: after a set number of file writes, every further write
 * throws {@link StorageException} (retryable) until {@link #heal()} is called.
 */
final class FailingArtifactStore implements ArtifactStore {
    private final ArtifactStore delegate;
    private final AtomicInteger writesLeft;
    private volatile boolean healed;

    FailingArtifactStore(ArtifactStore delegate, int failAfterWrites) {
        this.delegate = delegate;
        this.writesLeft = new AtomicInteger(failAfterWrites);
    }

    void heal() {
        healed = true;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public boolean addressesByContent() {
        return delegate.addressesByContent();
    }

    @Override
    public ManifestEntry write(FileLocation location, InputStream content) {
        if (!healed && writesLeft.getAndDecrement() <= 0) {
            throw new StorageException("Connection reset while writing " + location, null, true);
        }
        return delegate.write(location, content);
    }

    @Override
    public InputStream open(FileLocation location, Sha256 sha256) {
        return delegate.open(location, sha256);
    }

    @Override
    public Optional<Long> size(FileLocation location, Sha256 sha256) {
        return delegate.size(location, sha256);
    }

    @Override
    public void writeManifest(ModelName model, SemanticVersion version, ArtifactManifest manifest) {
        delegate.writeManifest(model, version, manifest);
    }

    @Override
    public ArtifactManifest readManifest(ModelName model, SemanticVersion version, Sha256 root) {
        return delegate.readManifest(model, version, root);
    }

    @Override
    public void deleteVersion(ModelName model, SemanticVersion version, ArtifactManifest manifest) {
        delegate.deleteVersion(model, version, manifest);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
