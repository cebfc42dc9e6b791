package dev.mvm.api.spi;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ArtifactStore} that forwards every call to another store: the base of decorators that count,
 * report progress, cache or inject faults, which override only the calls they change. Every method is
 * forwarded, the ones with defaults too, so a decorated store keeps its own file uploads and range reads.
 * Capability interfaces ({@link SupportsGarbageCollection}, {@link SupportsDownloadLinks}) are not forwarded:
 * a decorator implements the ones it means to expose.
 *
 * @since 0.1
 */
public abstract class ForwardingArtifactStore implements ArtifactStore {
    private final ArtifactStore delegate;

    /** @param delegate the store every call goes to */
    protected ForwardingArtifactStore(ArtifactStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the store every call goes to */
    protected final ArtifactStore delegate() {
        return delegate;
    }

    /**
     * Stores a local file through this store's own {@link #write(FileLocation, InputStream)}, for decorators
     * that watch the bytes written and so must not let a file go to the delegate directly.
     *
     * @param location where the file belongs
     * @param file the file
     * @return what was stored
     * @throws StorageException if the file could not be read or stored
     */
    protected final ManifestEntry writeAsStream(FileLocation location, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return write(location, in);
        } catch (IOException e) {
            throw new StorageException("Cannot read " + file + " for " + location + ": " + e.getMessage(), e);
        }
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
        return delegate.write(location, content);
    }

    @Override
    public ManifestEntry write(FileLocation location, Path file) {
        return delegate.write(location, file);
    }

    @Override
    public InputStream open(FileLocation location, Sha256 sha256) {
        return delegate.open(location, sha256);
    }

    @Override
    public InputStream openRange(FileLocation location, Sha256 sha256, long offset, long length) {
        return delegate.openRange(location, sha256, offset, length);
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

    @Override
    public String toString() {
        return delegate.toString();
    }
}
