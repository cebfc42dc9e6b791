package dev.mvm;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.ForwardingArtifactStore;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * Passes every call to a real store, but after a chosen step prints {@code PAUSED <step>} and blocks for
 * ever, so that a test can kill the process at exactly that point of a registration.
 */
final class PausingArtifactStore extends ForwardingArtifactStore {
    private final String pauseAfter;
    private int filesWritten;

    PausingArtifactStore(ArtifactStore delegate, String pauseAfter) {
        super(delegate);
        this.pauseAfter = pauseAfter;
    }

    private void step(String name) {
        if (name.equals(pauseAfter)) {
            System.out.println("PAUSED " + name);
            System.out.flush();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public ManifestEntry write(FileLocation location, InputStream content) {
        ManifestEntry e = delegate().write(location, content);
        step("file-" + ++filesWritten);
        return e;
    }

    @Override
    public ManifestEntry write(FileLocation location, java.nio.file.Path file) {
        ManifestEntry e = delegate().write(location, file);
        step("file-" + ++filesWritten);
        return e;
    }

    @Override
    public void writeManifest(ModelName model, SemanticVersion version, ArtifactManifest manifest) {
        delegate().writeManifest(model, version, manifest);
        step("manifest");
    }

}
