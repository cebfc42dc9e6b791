package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Configuring the MLflow store")
class ConfigurationTest {

    @Test
    @DisplayName("without MLFLOW_TRACKING_URI the build says which variable to set")
    void missingUri() {
        assertThatThrownBy(() -> MlflowRegistryStore.builder().environment(Map.of()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MLFLOW_TRACKING_URI");
    }

    @Test
    @DisplayName("file stores and 'databricks' are refused with a reason")
    void nonHttpUri() {
        assertThatThrownBy(() -> MlflowRegistryStore.builder().environment(Map.of("MLFLOW_TRACKING_URI", "databricks")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> MlflowRegistryStore.builder().trackingUri("/tmp/mlruns"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/tmp/mlruns");
    }

    @Test
    @DisplayName("a user name without a password is refused")
    void halfBasic() {
        assertThatThrownBy(() -> MlflowRegistryStore.builder().environment(Map.of(
                "MLFLOW_TRACKING_URI", "http://127.0.0.1:1", "MLFLOW_TRACKING_USERNAME", "alice")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MLFLOW_TRACKING_PASSWORD");
    }

    @Test
    @DisplayName("malformed numbers name the variable and the value")
    void badNumbers() {
        assertThatThrownBy(() -> MlflowRegistryStore.builder().environment(Map.of(
                "MLFLOW_TRACKING_URI", "http://127.0.0.1:1", "MLFLOW_HTTP_REQUEST_TIMEOUT", "soon")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MLFLOW_HTTP_REQUEST_TIMEOUT")
                .hasMessageContaining("soon");
        assertThatThrownBy(() -> MlflowRegistryStore.builder().environment(Map.of(
                "MLFLOW_TRACKING_URI", "http://127.0.0.1:1", "MLFLOW_HTTP_REQUEST_MAX_RETRIES", "-1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MLFLOW_HTTP_REQUEST_MAX_RETRIES");
    }

    @Test
    @DisplayName("client certificates are refused clearly rather than ignored")
    void clientCertificate() {
        assertThatThrownBy(() -> MlflowRegistryStore.builder().environment(Map.of(
                "MLFLOW_TRACKING_URI", "https://mlflow.example", "MLFLOW_TRACKING_CLIENT_CERT_PATH", "/etc/c.pem")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not supported");
    }

    @Test
    @DisplayName("a missing CA bundle fails the build, naming the file")
    void missingCaBundle() {
        assertThatThrownBy(() -> MlflowRegistryStore.builder().environment(Map.of(
                "MLFLOW_TRACKING_URI", "https://mlflow.example",
                "MLFLOW_TRACKING_SERVER_CERT_PATH", "/nonexistent/ca.pem")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/nonexistent/ca.pem");
    }

    @Test
    @DisplayName("builder setters validate their values")
    void setters() {
        MlflowRegistryStore.Builder b = MlflowRegistryStore.builder();
        assertThatThrownBy(() -> b.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.jitter(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.keepAlive(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepAlive");
    }

    @Test
    @DisplayName("an unreachable server is a retryable BackendUnavailableException after the configured attempts")
    void unreachable() {
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().trackingUri("http://127.0.0.1:1")
                .maxAttempts(2).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            assertThat(store.describe()).isEqualTo("mlflow:http://127.0.0.1:1/");
            assertThatThrownBy(() -> store.findModel(dev.mvm.api.model.ModelName.of("x")))
                    .isInstanceOf(dev.mvm.api.error.BackendUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .satisfies(e -> assertThat(((dev.mvm.api.error.MvmException) e).retryable()).isTrue());
            assertThat(store.requestCount()).isEqualTo(2);
        }
    }
}
