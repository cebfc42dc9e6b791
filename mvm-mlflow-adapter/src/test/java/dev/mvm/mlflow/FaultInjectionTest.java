package dev.mvm.mlflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults injected by a WireMock proxy in front of the real MLflow server: every request not matched by a
 * fault stub is forwarded to MLflow, so what succeeds really happened on the server.
 */
@DisplayName("Faults between MVM and MLflow")
@ExtendWith(MlflowServerExtension.class)
class FaultInjectionTest {
    private static final String API = "/api/2.0/mlflow/";
    private WireMockServer proxy;
    private MlflowRegistryStore direct;

    @BeforeEach
    void start() {
        proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        proxy.start();
        proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(MlflowServerExtension.uri())));
        direct = MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri()).build();
    }

    @AfterEach
    void stop() {
        direct.close();
        proxy.stop();
    }

    private MlflowRegistryStore throughProxy(Duration requestTimeout, int attempts) {
        return MlflowRegistryStore.builder().trackingUri(proxy.baseUrl()).requestTimeout(requestTimeout)
                .maxAttempts(attempts).backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build();
    }

    private static Model model(ModelName name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Model.builder(UUID.randomUUID().toString(), name).owner("user:alice").createdAt(now).updatedAt(now)
                .build();
    }

    private static ModelVersion version(ModelName name, String v) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return ModelVersion.builder(name, SemanticVersion.parse(v)).metrics(Map.of("auc", 0.9))
                .createdBy("user:alice").createdAt(now).updatedAt(now).build();
    }

    private static ModelName unique(String stem) {
        return ModelName.of(stem + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private void failFirst(com.github.tomakehurst.wiremock.client.MappingBuilder request,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder firstAnswer) {
        proxy.stubFor(request.inScenario("first fails").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(firstAnswer).willSetStateTo("failed once"));
    }

    @Test
    @DisplayName("503 then success: the read is retried and succeeds")
    void unavailableThenSuccess() {
        ModelName name = unique("fault-503");
        Model created = direct.createModel(model(name));
        failFirst(get(urlPathEqualTo(API + "registered-models/get")),
                aResponse().withStatus(503).withBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"busy\"}"));
        try (MlflowRegistryStore store = throughProxy(Duration.ofSeconds(10), 3)) {
            assertThat(store.findModel(name)).contains(created);
        }
        proxy.verify(2, getRequestedFor(urlPathEqualTo(API + "registered-models/get")));
    }

    @Test
    @DisplayName("a connection reset on create is retried, and exactly one version exists")
    void connectionReset() {
        ModelName name = unique("fault-reset");
        direct.createModel(model(name));
        failFirst(post(urlPathEqualTo(API + "model-versions/create")),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        try (MlflowRegistryStore store = throughProxy(Duration.ofSeconds(10), 3)) {
            store.createVersion(version(name, "1.0.0"));
        }
        proxy.verify(2, postRequestedFor(urlPathEqualTo(API + "model-versions/create")));
        assertThat(direct.listVersions(name)).extracting(v -> v.version().toString()).containsExactly("1.0.0");
        assertThat(MlflowRaw.liveVersionNumbers(MlflowServerExtension.uri(), name.value())).hasSize(1);
    }

    @Test
    @DisplayName("a create that times out after MLflow applied it is retried without leaving a duplicate")
    void slowCreateVersion() {
        ModelName name = unique("fault-slow");
        direct.createModel(model(name));
        failFirst(post(urlPathEqualTo(API + "model-versions/create")),
                aResponse().proxiedFrom(MlflowServerExtension.uri()).withFixedDelay(3000));
        ModelVersion created;
        try (MlflowRegistryStore store = throughProxy(Duration.ofMillis(1000), 4)) {
            created = store.createVersion(version(name, "2.0.0"));
        }
        proxy.verify(2, postRequestedFor(urlPathEqualTo(API + "model-versions/create")));
        assertThat(direct.listVersions(name)).containsExactly(created);
        // WireMock forwards the delayed first attempt only after its delay: wait until MLflow has answered it,
        // so the late copy exists, then check that MVM never shows it and removes it on the next access.
        awaitAnswered(API + "model-versions/create", 2);
        assertThat(direct.listVersions(name)).containsExactly(created);
        assertThat(MlflowRaw.versionsPerKey(MlflowServerExtension.uri(), name.value())).containsExactly(
                Map.entry("2.0.0", 1));
    }

    @Test
    @DisplayName("a late copy of a create (same client token) is never visible and is removed on the next access")
    void lateDuplicate() {
        ModelName name = unique("late-copy");
        direct.createModel(model(name));
        ModelVersion created = direct.createVersion(version(name, "3.1.0"));
        long copy = MlflowRaw.replayCreate(MlflowServerExtension.uri(), name.value(), 1);
        assertThat(MlflowRaw.liveVersionNumbers(MlflowServerExtension.uri(), name.value())).contains(copy).hasSize(2);
        assertThat(direct.findVersion(name, SemanticVersion.parse("3.1.0"))).contains(created);
        assertThat(MlflowRaw.liveVersionNumbers(MlflowServerExtension.uri(), name.value())).containsExactly(1L);
    }

    private void awaitAnswered(String path, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            long answered = proxy.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().startsWith(path))
                    .filter(e -> e.getResponse() != null && e.getResponse().getStatus() == 200)
                    .count();
            if (answered >= count) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll to a deadline
        }
        throw new AssertionError(count + " answered requests to " + path + " expected within 20 s");
    }

    @Test
    @DisplayName("a model create that times out after MLflow applied it is recognised on retry, not a conflict")
    void slowCreateModel() {
        ModelName name = unique("fault-slow-model");
        failFirst(post(urlPathEqualTo(API + "registered-models/create")),
                aResponse().proxiedFrom(MlflowServerExtension.uri()).withFixedDelay(3000));
        Model created;
        try (MlflowRegistryStore store = throughProxy(Duration.ofMillis(1000), 4)) {
            created = store.createModel(model(name));
        }
        proxy.verify(2, postRequestedFor(urlPathEqualTo(API + "registered-models/create")));
        assertThat(direct.findModel(name)).contains(created);
    }

    @Test
    @DisplayName("429 with Retry-After is honoured, then the call succeeds")
    void throttled() {
        ModelName name = unique("fault-429");
        Model created = direct.createModel(model(name));
        failFirst(get(urlPathEqualTo(API + "registered-models/get")),
                aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}"));
        long start = System.nanoTime();
        try (MlflowRegistryStore store = throughProxy(Duration.ofSeconds(10), 3)) {
            assertThat(store.findModel(name)).contains(created);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        proxy.verify(2, getRequestedFor(urlPathEqualTo(API + "registered-models/get")));
    }

    @Test
    @DisplayName("a server that stays unavailable gives a clear, retryable error after the configured attempts")
    void staysUnavailable() {
        proxy.stubFor(get(urlPathEqualTo(API + "registered-models/get")).atPriority(1).willReturn(aResponse()
                .withStatus(503).withBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"maintenance\"}")));
        try (MlflowRegistryStore store = throughProxy(Duration.ofSeconds(10), 3)) {
            assertThatThrownBy(() -> store.findModel(unique("down")))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("HTTP 503").hasMessageContaining("TEMPORARILY_UNAVAILABLE")
                    .hasMessageContaining("maintenance")
                    .satisfies(e -> assertThat(((BackendUnavailableException) e).retryable()).isTrue())
                    .cause().isInstanceOf(MlflowServerException.class)
                    .satisfies(c -> assertThat(((MlflowServerException) c).errorCode())
                            .isEqualTo("TEMPORARILY_UNAVAILABLE"));
        }
        proxy.verify(3, getRequestedFor(urlPathEqualTo(API + "registered-models/get")));
    }

    @Test
    @DisplayName("403 is access denied, keeps MLflow's code and message, and is not retried")
    void forbidden() {
        proxy.stubFor(get(urlPathEqualTo(API + "registered-models/get")).atPriority(1).willReturn(aResponse()
                .withStatus(403).withBody("{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"no READ on it\"}")));
        try (MlflowRegistryStore store = throughProxy(Duration.ofSeconds(10), 3)) {
            assertThatThrownBy(() -> store.findModel(unique("secret")))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("no READ on it")
                    .cause().isInstanceOf(MlflowServerException.class)
                    .satisfies(c -> assertThat(((MlflowServerException) c).httpStatus()).isEqualTo(403))
                    .satisfies(c -> assertThat(((MlflowServerException) c).errorCode()).isEqualTo("PERMISSION_DENIED"));
        }
        proxy.verify(1, getRequestedFor(urlPathEqualTo(API + "registered-models/get")));
    }

    @Test
    @DisplayName("a read slower than the timeout is retried and succeeds on the next attempt")
    void slowRead() {
        ModelName name = unique("fault-slow-read");
        Model created = direct.createModel(model(name));
        failFirst(get(urlPathEqualTo(API + "registered-models/get")),
                aResponse().proxiedFrom(MlflowServerExtension.uri()).withFixedDelay(3000));
        try (MlflowRegistryStore store = throughProxy(Duration.ofMillis(1000), 3)) {
            assertThat(store.findModel(name)).contains(created);
        }
        proxy.verify(2, getRequestedFor(urlPathEqualTo(API + "registered-models/get")));
    }

    private static PointerMove publish(ModelName name, String from, String to) {
        return new PointerMove(name, EnvironmentName.PRODUCTION, from == null ? null : SemanticVersion.parse(from),
                SemanticVersion.parse(to), PointerMove.Kind.PUBLISH, "user:alice",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "");
    }

    @Test
    @DisplayName("a pointer move whose history entry is refused moves the alias back: no move goes unrecorded")
    void historyWriteRefused() {
        ModelName name = unique("fault-ptrlog");
        direct.createModel(model(name));
        direct.createVersion(version(name, "1.0.0"));
        direct.createVersion(version(name, "2.0.0"));
        direct.movePointer(publish(name, null, "1.0.0"));
        proxy.stubFor(post(urlPathEqualTo(API + "registered-models/set-tag")).atPriority(1).willReturn(aResponse()
                .withStatus(403).withBody("{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"no tags\"}")));
        try (MlflowRegistryStore store = throughProxy(Duration.ofSeconds(10), 3)) {
            assertThatThrownBy(() -> store.movePointer(publish(name, "1.0.0", "2.0.0")))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("no tags");
        }
        proxy.verify(2, postRequestedFor(urlPathEqualTo(API + "registered-models/alias")));
        assertThat(direct.findPointer(name, EnvironmentName.PRODUCTION)).get()
                .satisfies(p -> assertThat(p.version().toString()).isEqualTo("1.0.0"))
                .satisfies(p -> assertThat(p.movedBy()).isEqualTo("user:alice"));
        assertThat(direct.pointerHistory(name, EnvironmentName.PRODUCTION)).hasSize(1);
    }

    @Test
    @DisplayName("a pointer move whose alias write is refused withdraws its history entry")
    void aliasWriteRefused() {
        ModelName name = unique("fault-alias");
        direct.createModel(model(name));
        direct.createVersion(version(name, "1.0.0"));
        proxy.stubFor(post(urlPathEqualTo(API + "registered-models/alias")).atPriority(1).willReturn(aResponse()
                .withStatus(403).withBody("{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"no aliases\"}")));
        try (MlflowRegistryStore store = throughProxy(Duration.ofSeconds(10), 3)) {
            assertThatThrownBy(() -> store.movePointer(publish(name, null, "1.0.0")))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("no aliases");
        }
        assertThat(direct.findPointer(name, EnvironmentName.PRODUCTION)).isEmpty();
        assertThat(direct.pointerHistory(name, EnvironmentName.PRODUCTION)).isEmpty();
    }
}
