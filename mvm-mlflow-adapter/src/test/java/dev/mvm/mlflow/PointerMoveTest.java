package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pointer moves name the alias target by the MLflow number this process remembers from its own creates and
 * reads; these tests change the server behind its back (another store instance standing for another process).
 */
@DisplayName("Pointer moves with remembered version numbers")
@ExtendWith(MlflowServerExtension.class)
class PointerMoveTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static MlflowRegistryStore open() {
        return MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri()).build();
    }

    private static PointerMove publish(ModelName name, String to) {
        return new PointerMove(name, EnvironmentName.PRODUCTION, null, SemanticVersion.parse(to),
                PointerMove.Kind.PUBLISH, "user:carol", NOW, "");
    }

    private static ModelVersion version(ModelName name, String v) {
        return ModelVersion.builder(name, SemanticVersion.parse(v)).createdAt(NOW).updatedAt(NOW).build();
    }

    private static Model model(ModelName name) {
        return Model.builder(UUID.randomUUID().toString(), name).createdAt(NOW).updatedAt(NOW).build();
    }

    @Test
    @DisplayName("a version deleted and created again elsewhere is looked up again, and one history entry is kept")
    void recreatedElsewhere() {
        ModelName name = ModelName.of("ptr-recreated-" + UUID.randomUUID().toString().substring(0, 8));
        try (MlflowRegistryStore store = open(); MlflowRegistryStore other = open()) {
            store.createModel(model(name));
            store.createVersion(version(name, "1.0.0"));           // remembered: MLflow version 1
            ModelVersion old = other.findVersion(name, SemanticVersion.of(1, 0, 0)).orElseThrow();
            other.deleteVersion(name, old.version(), old.revision());
            other.createVersion(version(name, "1.0.0+again"));     // now MLflow version 2
            int before = store.requestCount();
            store.movePointer(publish(name, "1.0.0"));
            assertThat(store.requestCount() - before).as("stale try (3), withdrawn entry (1), looked up again (4)")
                    .isEqualTo(8);
            assertThat(other.findPointer(name, EnvironmentName.PRODUCTION)).get()
                    .satisfies(p -> assertThat(p.version().toString()).isEqualTo("1.0.0+again"))
                    .satisfies(p -> assertThat(p.movedBy()).isEqualTo("user:carol"));
            assertThat(MlflowRaw.aliasVersion(MlflowServerExtension.uri(), name.value(), "production")).isEqualTo(2);
            assertThat(other.pointerHistory(name, EnvironmentName.PRODUCTION)).hasSize(1);
        }
    }

    @Test
    @DisplayName("a model deleted and created again elsewhere does not reuse the numbers of the old one")
    void modelRecreatedElsewhere() {
        ModelName name = ModelName.of("ptr-remodel-" + UUID.randomUUID().toString().substring(0, 8));
        try (MlflowRegistryStore store = open(); MlflowRegistryStore other = open()) {
            store.createModel(model(name));
            store.createVersion(version(name, "1.0.0"));
            store.createVersion(version(name, "2.0.0"));           // remembered: MLflow version 2
            other.deleteModel(name, 1);
            other.createModel(model(name));
            other.createVersion(version(name, "2.0.0"));           // now MLflow version 1
            other.createVersion(version(name, "3.0.0"));           // MLflow version 2, the number remembered
            store.movePointer(publish(name, "2.0.0"));
            assertThat(other.findPointer(name, EnvironmentName.PRODUCTION)).get()
                    .satisfies(p -> assertThat(p.version().toString()).isEqualTo("2.0.0"));
            assertThat(MlflowRaw.aliasVersion(MlflowServerExtension.uri(), name.value(), "production")).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a move to a missing version fails with not found and records nothing")
    void missingTarget() {
        ModelName name = ModelName.of("ptr-missing-" + UUID.randomUUID().toString().substring(0, 8));
        try (MlflowRegistryStore store = open()) {
            store.createModel(model(name));
            store.createVersion(version(name, "1.0.0"));
            assertThatThrownBy(() -> store.movePointer(publish(name, "9.9.9"))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("9.9.9");
            assertThat(store.pointerHistory(name, EnvironmentName.PRODUCTION)).isEmpty();
            assertThat(store.findPointer(name, EnvironmentName.PRODUCTION)).isEmpty();
        }
    }
}
