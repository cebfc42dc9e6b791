package dev.mvm.embedded;

import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.contract.ArtifactStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedded blob store against the shared contract; one directory serves every test of the class. */
class ContentAddressedBlobStoreTest extends ArtifactStoreContract {
    @TempDir
    static Path root;

    @Override
    protected ArtifactStore openStore() {
        return ContentAddressedBlobStore.open(root);
    }
}
