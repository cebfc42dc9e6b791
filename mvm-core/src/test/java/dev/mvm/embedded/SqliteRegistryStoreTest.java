package dev.mvm.embedded;

import dev.mvm.api.spi.RegistryStore;
import dev.mvm.contract.RegistryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteRegistryStore")
class SqliteRegistryStoreTest extends RegistryStoreContract {
    @TempDir
    Path dir;

    @Override
    protected RegistryStore openStore() {
        return SqliteRegistryStore.open(dir.resolve("registry.db"));
    }
}
