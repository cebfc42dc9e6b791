package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.api.model.Lineage;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A version whose lineage names a run is linked to that MLflow run through the version's {@code run_id}. */
@DisplayName("Versions linked to MLflow runs")
@ExtendWith(MlflowServerExtension.class)
class RunLinkTest {

    @Test
    @DisplayName("the lineage run id becomes MLflow's run_id; versions without one have none")
    void runIdFromLineage() {
        ModelName name = ModelName.of("runlink-" + UUID.randomUUID().toString().substring(0, 8));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri())
                .build()) {
            store.createModel(Model.builder(UUID.randomUUID().toString(), name).createdAt(now).updatedAt(now).build());
            Lineage lineage = new Lineage(null, List.of(), "0a1b2c3d4e5f", "s3://data/train.parquet");
            store.createVersion(ModelVersion.builder(name, SemanticVersion.of(1, 0, 0)).lineage(lineage)
                    .createdAt(now).updatedAt(now).build());
            store.createVersion(ModelVersion.builder(name, SemanticVersion.of(1, 1, 0)).createdAt(now).updatedAt(now)
                    .build());
            assertThat(MlflowRaw.runIds(MlflowServerExtension.uri(), name.value()))
                    .containsExactly(Map.entry(1L, "0a1b2c3d4e5f"), Map.entry(2L, ""));
            assertThat(store.findVersion(name, SemanticVersion.of(1, 0, 0))).get()
                    .satisfies(v -> assertThat(v.lineage()).isEqualTo(lineage));
        }
    }
}
