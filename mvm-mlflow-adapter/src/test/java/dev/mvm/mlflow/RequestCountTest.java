package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ModelListing;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reads cost one request each, whatever the number of results: no N+1 calls per listed item. A model create
 * costs one request; a version create one for a model's first version and two otherwise (the create and the
 * settle read), a duplicate three; a pointer move three when this process knows the target's MLflow number,
 * four otherwise (in two round trips).
 */
@DisplayName("Requests per operation")
@ExtendWith(MlflowServerExtension.class)
class RequestCountTest {

    private static <T> T expectRequests(MlflowRegistryStore store, int expected, Supplier<T> call) {
        int before = store.requestCount();
        T result = call.get();
        assertThat(store.requestCount() - before).as("HTTP requests").isEqualTo(expected);
        return result;
    }

    @Test
    @DisplayName("finding and listing models, versions, pointers and histories take one request each")
    void oneRequestPerRead() {
        String prefix = "count-" + UUID.randomUUID().toString().substring(0, 8);
        ModelName name = ModelName.of(prefix + "-a");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri())
                .build()) {
            for (String suffix : new String[] {"a", "b", "c", "d", "e"}) {
                expectRequests(store, 1, () -> store.createModel(Model.builder(UUID.randomUUID().toString(),
                        ModelName.of(prefix + "-" + suffix)).framework("onnx").createdAt(now).updatedAt(now).build()));
            }
            expectRequests(store, 1, () -> store.createVersion(ModelVersion.builder(name, SemanticVersion.of(1, 0, 0))
                    .metrics(Map.of("auc", 0.5)).createdAt(now).updatedAt(now).build()));
            for (int i = 1; i < 12; i++) {
                ModelVersion v = ModelVersion.builder(name, SemanticVersion.of(1, i, 0))
                        .metrics(Map.of("auc", 0.5 + i / 100.0)).createdAt(now).updatedAt(now).build();
                expectRequests(store, 2, () -> store.createVersion(v));
            }
            expectRequests(store, 3, () -> store.movePointer(new PointerMove(name, EnvironmentName.STAGING, null,
                    SemanticVersion.of(1, 1, 0), PointerMove.Kind.PUBLISH, "user:bob", now, "")));
            try (MlflowRegistryStore fresh = MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri())
                    .build()) {
                expectRequests(fresh, 4, () -> fresh.movePointer(new PointerMove(name, EnvironmentName.PRODUCTION,
                        null, SemanticVersion.of(1, 3, 0), PointerMove.Kind.PUBLISH, "user:bob", now, "")));
            }
            assertThat(expectRequests(store, 1, () -> store.pointerHistory(name, EnvironmentName.PRODUCTION)))
                    .extracting(PointerMove::actor).containsExactly("user:bob");

            ModelVersion created = expectRequests(store, 2, () -> store.createVersion(ModelVersion.builder(name,
                    SemanticVersion.of(2, 0, 0)).createdAt(now).updatedAt(now).build()));
            expectRequests(store, 3, () -> store.movePointer(new PointerMove(name, EnvironmentName.STAGING,
                    SemanticVersion.of(1, 1, 0), SemanticVersion.of(2, 0, 0), PointerMove.Kind.PUBLISH, "user:bob",
                    now, "")));
            assertThat(expectRequests(store, 1, () -> store.findPointer(name, EnvironmentName.STAGING)))
                    .map(p -> p.version().toString()).contains("2.0.0");
            assertThatThrownBy(() -> expectRequests(store, 3, () -> store.createVersion(ModelVersion.builder(name,
                    SemanticVersion.parse("2.0.0+again")).createdAt(now).updatedAt(now).build())))
                    .as("a duplicate: create, settle read, withdraw the copy").isInstanceOf(ConflictException.class);
            assertThat(expectRequests(store, 1, () -> store.findVersion(name, SemanticVersion.of(2, 0, 0))))
                    .contains(created);
            assertThat(expectRequests(store, 1, () -> store.listModels(ModelListing.all().withNamePrefix(prefix)
                    .withFramework("onnx")))).hasSize(5);
            assertThat(expectRequests(store, 1, () -> store.listVersions(name))).hasSize(13);
            assertThat(expectRequests(store, 1, () -> store.findVersion(name, SemanticVersion.of(1, 7, 0))))
                    .isPresent();
            assertThat(expectRequests(store, 1, () -> store.findModel(name))).isPresent();
            assertThat(expectRequests(store, 1, () -> store.findPointer(name, EnvironmentName.PRODUCTION)))
                    .isPresent();
            assertThat(expectRequests(store, 1, () -> store.listPointers(name))).hasSize(2);
            assertThat(expectRequests(store, 1, () -> store.pointerHistory(name, EnvironmentName.PRODUCTION)))
                    .hasSize(1);
        }
    }

    @Test
    @DisplayName("a request after the server closed the idle connection costs one request, and needs no retry")
    void requestAfterTheServersIdleTimeoutOpensAFreshConnection() throws InterruptedException {
        ModelName name = ModelName.of("idle-" + UUID.randomUUID().toString().substring(0, 8));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri())
                .maxAttempts(1).build();
                MlflowRegistryStore keepsTooLong = MlflowRegistryStore.builder()
                        .trackingUri(MlflowServerExtension.uri()).maxAttempts(1).keepAlive(Duration.ofMinutes(1))
                        .build()) {
            store.createModel(Model.builder(UUID.randomUUID().toString(), name).createdAt(now).updatedAt(now).build());
            assertThat(keepsTooLong.findModel(name)).isPresent();

            Thread.sleep(5_500); // the server (uvicorn) closes connections idle for 5 s

            assertThat(expectRequests(store, 1, () -> store.findModel(name))).isPresent();
            assertThatThrownBy(() -> keepsTooLong.findModel(name))
                    .as("the same request on the connection the server closed, with retries off")
                    .isInstanceOf(BackendUnavailableException.class);
        }
    }
}
