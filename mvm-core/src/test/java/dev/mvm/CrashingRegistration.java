package dev.mvm;

import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.embedded.SqliteRegistryStore;
import java.nio.file.Path;

/**
 * Child-process main for {@link CrashSafetyTest}: registers version 2.0.0 of {@code bert} from a directory,
 * pausing (to be killed) after the step named in the second argument.
 */
public final class CrashingRegistration {
    private CrashingRegistration() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        ModelRegistry registry = ModelRegistry.builder()
                .registryStore(SqliteRegistryStore.open(dir.resolve("registry.db")))
                .artifactStore(new PausingArtifactStore(ContentAddressedBlobStore.open(dir.resolve("artifacts")), args[1]))
                .build();
        registry.model("bert").newVersion().version("2.0.0").files(Path.of(args[2])).register();
        System.out.println("COMMITTED");
        registry.close();
    }
}
