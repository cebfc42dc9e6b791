package dev.mvm;

import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.ForwardingArtifactStore;
import dev.mvm.api.spi.StoredBlob;
import dev.mvm.api.spi.SupportsGarbageCollection;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Passes every call to a real content-addressed store; the first file write of a thread that armed the gate
 * opens {@link #written} once the bytes are stored and then waits for {@link #release}, so a test can act
 * while a registration is half done.
 */
final class GateArtifactStore extends ForwardingArtifactStore implements SupportsGarbageCollection {
    final CountDownLatch written = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final SupportsGarbageCollection blobs;
    private final ThreadLocal<Boolean> armed = ThreadLocal.withInitial(() -> false);

    <S extends ArtifactStore & SupportsGarbageCollection> GateArtifactStore(S delegate) {
        super(delegate);
        this.blobs = delegate;
    }

    void armThisThread() {
        armed.set(true);
    }

    @Override
    public ManifestEntry write(FileLocation location, InputStream content) {
        ManifestEntry e = delegate().write(location, content);
        if (armed.get()) {
            armed.set(false);
            written.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the gate");
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ie);
            }
        }
        return e;
    }

    @Override
    public ManifestEntry write(FileLocation location, java.nio.file.Path file) {
        return writeAsStream(location, file); // every file passes through write(location, stream) above
    }

    @Override
    public Stream<StoredBlob> listBlobs() {
        return blobs.listBlobs();
    }

    @Override
    public boolean deleteBlob(Sha256 sha256, Instant notModifiedSince) {
        return blobs.deleteBlob(sha256, notModifiedSince);
    }

}
