package dev.mvm.mlflow;

import dev.mvm.api.spi.RegistryStore;
import dev.mvm.contract.RegistryStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("MlflowRegistryStore against a real mlflow server")
@ExtendWith(MlflowServerExtension.class)
class MlflowRegistryStoreContractTest extends RegistryStoreContract {

    @Override
    protected RegistryStore openStore() {
        return MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri())
                .requestTimeout(Duration.ofSeconds(30)).build();
    }
}
