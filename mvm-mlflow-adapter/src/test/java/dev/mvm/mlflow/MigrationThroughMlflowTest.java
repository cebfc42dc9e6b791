package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.ModelRegistry;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.migrate.MigrationReport;
import dev.mvm.migrate.RegistryMigration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry migrated from the embedded store into MLflow, and from MLflow back into a fresh embedded store,
 * arrives whole: versions, files, state histories, pointers and pointer histories, including the history of
 * an environment whose pointer was removed and that no lifecycle policy names (found through
 * {@link dev.mvm.api.spi.SupportsEnvironmentListing} on both sides).
 */
@DisplayName("Migrating a registry into MLflow and back")
@ExtendWith(MlflowServerExtension.class)
class MigrationThroughMlflowTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("embedded → MLflow → embedded keeps versions, files and every history; a second run copies nothing")
    // MLflow keeps no audit log and no grants of MVM's, so those stay out of this copy
    void roundTrip() {
        String name = "migrated-" + UUID.randomUUID().toString().substring(0, 8);
        try (ModelRegistry source = ModelRegistry.local(tmp.resolve("source"));
                ModelRegistry mlflow = ModelRegistry.builder()
                        .registryStore(MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri()).build())
                        .artifactStore(ContentAddressedBlobStore.open(tmp.resolve("mlflow-files")))
                        .build();
                ModelRegistry back = ModelRegistry.local(tmp.resolve("back"))) {
            source.models().register(name, m -> m.description("card fraud").framework("pytorch").tag("team", "risk"));
            source.model(name).newVersion().version("1.0.0").content("w.bin", bytes("one")).metric("auc", 0.91)
                    .register();
            source.model(name).newVersion().version("1.1.0+build.7").content("w.bin", bytes("two"))
                    .metric("auc", 0.93).param("lr", "0.01").parent("1.0.0").register();
            source.model(name).version("1.0.0").transition(LifecycleState.STAGING, "evaluate");
            source.model(name).version("1.0.0").publish("production", "first");
            source.model(name).version("1.1.0").transition(LifecycleState.STAGING, "evaluate");
            source.model(name).version("1.1.0").publish("production", "better auc");
            source.model(name).rollback("production", "1.0.0", "latency regression");
            source.model(name).version("1.1.0").publish("canary", "try it");
            source.model(name).version("1.1.0").unpublish("canary", "canary over");

            MigrationReport into = RegistryMigration.copy(source, mlflow, o -> o.model(name).grants(false).audit(false));
            assertThat(into.versions()).isEqualTo(new MigrationReport.Count(2, 0));
            assertThat(into.warnings()).isEmpty();
            assertSameContent(source, mlflow, name);
            assertThat(((MlflowRegistryStore) mlflow.registryStore()).environmentsWithHistory(ModelName.of(name)))
                    .containsExactly(EnvironmentName.of("canary"), EnvironmentName.PRODUCTION);

            MigrationReport again = RegistryMigration.copy(source, mlflow, o -> o.model(name).grants(false).audit(false));
            assertThat(again.nothingCopied()).as(again.toString()).isTrue();

            MigrationReport out = RegistryMigration.copy(mlflow, back, o -> o.model(name).grants(false).audit(false));
            assertThat(out.versions()).isEqualTo(new MigrationReport.Count(2, 0));
            assertThat(out.warnings()).isEmpty();
            assertSameContent(source, back, name);
        }
    }

    private static void assertSameContent(ModelRegistry expected, ModelRegistry actual, String model) {
        ModelName name = ModelName.of(model);
        RegistryStore e = expected.registryStore();
        RegistryStore a = actual.registryStore();
        assertThat(a.findModel(name).orElseThrow().toBuilder().revision(0).build())
                .isEqualTo(e.findModel(name).orElseThrow().toBuilder().revision(0).build());
        List<ModelVersion> ev = e.listVersions(name).stream().map(v -> v.toBuilder().revision(0).build()).toList();
        assertThat(a.listVersions(name).stream().map(v -> v.toBuilder().revision(0).build()).toList())
                .containsExactlyElementsOf(ev);
        for (ModelVersion v : ev) {
            assertThat(a.stateHistory(name, v.version())).isEqualTo(e.stateHistory(name, v.version()));
            assertThat(actual.artifactStore().readManifest(name, v.version(), v.artifacts().root()))
                    .isEqualTo(expected.artifactStore().readManifest(name, v.version(), v.artifacts().root()));
        }
        assertThat(a.listPointers(name)).isEqualTo(e.listPointers(name));
        for (String env : List.of("production", "canary")) {
            assertThat(a.pointerHistory(name, EnvironmentName.of(env))).as(env)
                    .isNotEmpty().isEqualTo(e.pointerHistory(name, EnvironmentName.of(env)));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
