package dev.mvm.embedded;

import dev.mvm.api.spi.RegistryStore;
import dev.mvm.contract.RegistryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract again, with every test on one shared database file, as remote backends run it: proves the
 * suite's tests do not depend on an empty store.
 */
@DisplayName("SqliteRegistryStore on one shared file")
class SqliteSharedFileContractTest extends RegistryStoreContract {
    @TempDir
    static Path shared;

    @Override
    protected RegistryStore openStore() {
        return SqliteRegistryStore.open(shared.resolve("shared-registry.db"));
    }
}
