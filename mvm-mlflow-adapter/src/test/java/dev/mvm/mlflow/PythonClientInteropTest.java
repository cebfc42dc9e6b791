package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvm.api.artifact.ArtifactSummary;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Interop with MLflow's own Python client")
@ExtendWith(MlflowServerExtension.class)
class PythonClientInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private MlflowRegistryStore store;

    @BeforeEach
    void open() {
        store = MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri())
                .versionSource(v -> "s3://models/" + v.model() + "/" + v.version()).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static JsonNode python(String... args) throws IOException, InterruptedException {
        Path script = MlflowTestServer.repoRoot().resolve("mvm-mlflow-adapter/src/test/python/mlflow_interop.py");
        List<String> cmd = new java.util.ArrayList<>(List.of(MlflowTestServer.python().toString(), script.toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("mlflow-interop", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().put("MLFLOW_TRACKING_URI", MlflowServerExtension.uri());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(p.exitValue()).as("python exit code; stderr: %s", Files.readString(err)).isZero();
        return JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    @DisplayName("a version registered and published through MVM is read by MLflow's Python client by alias")
    void mvmToPython() throws Exception {
        ModelName name = ModelName.of("interop-" + UUID.randomUUID().toString().substring(0, 8));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.createModel(Model.builder(UUID.randomUUID().toString(), name).description("fraud scores")
                .framework("onnx").tags(Map.of("team", "risk")).owner("user:alice").createdAt(now).updatedAt(now)
                .build());
        store.createVersion(ModelVersion.builder(name, SemanticVersion.parse("1.4.0+build.9"))
                .description("first release").metrics(Map.of("auc", 0.93)).params(Map.of("depth", "6"))
                .tags(Map.of("commit", "abc123"))
                .artifacts(new ArtifactSummary(Sha256.of("m".getBytes(StandardCharsets.UTF_8)), 3, 1234))
                .createdBy("user:alice").createdAt(now).updatedAt(now).build());
        store.movePointer(new PointerMove(name, EnvironmentName.PRODUCTION, null, SemanticVersion.parse("1.4.0"),
                PointerMove.Kind.PUBLISH, "user:bob", now, "go live"));

        JsonNode seen = python("read-alias", name.value(), "production");

        assertThat(seen.path("name").asText()).isEqualTo(name.value());
        assertThat(seen.path("version").asText()).isEqualTo("1");
        assertThat(seen.path("source").asText()).isEqualTo("s3://models/" + name + "/1.4.0+build.9");
        assertThat(seen.path("description").asText()).isEqualTo("first release");
        assertThat(seen.path("aliases")).extracting(JsonNode::asText).containsExactly("production");
        JsonNode tags = seen.path("tags");
        assertThat(tags.path("mvm.version").asText()).isEqualTo("1.4.0+build.9");
        assertThat(tags.path("mvm.state").asText()).isEqualTo("DRAFT");
        assertThat(tags.path("commit").asText()).isEqualTo("abc123");
        assertThat(JSON.readTree(tags.path("mvm.metrics").asText()).path("auc").asDouble()).isEqualTo(0.93);
        assertThat(seen.path("model_tags").path("team").asText()).isEqualTo("risk");
        assertThat(seen.path("model_tags").path("mvm.framework").asText()).isEqualTo("onnx");
        assertThat(seen.path("model_description").asText()).isEqualTo("fraud scores");
    }

    @Test
    @DisplayName("a version registered with MLflow's Python client is found and read by MVM")
    void pythonToMvm() throws Exception {
        String name = "py-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = python("register", name, "s3://bucket/py/model");
        assertThat(created.path("version").asText()).isEqualTo("1");

        ModelName modelName = ModelName.of(name);
        Model model = store.findModel(modelName).orElseThrow();
        assertThat(model.description()).isEqualTo("from python");
        assertThat(model.tags()).containsEntry("owner-team", "python");
        assertThat(model.id()).isEqualTo("mlflow:" + name);
        assertThat(model.revision()).isEqualTo(1);

        ModelVersion v = store.findVersion(modelName, SemanticVersion.parse("1.0.0")).orElseThrow();
        assertThat(v.description()).isEqualTo("py version");
        assertThat(v.tags()).containsEntry("trained-by", "python");
        assertThat(v.state()).isEqualTo(LifecycleState.DRAFT);
        assertThat(store.listVersions(modelName)).containsExactly(v);
        assertThat(store.findPointer(modelName, EnvironmentName.STAGING)).map(EnvironmentPointer::version)
                .contains(SemanticVersion.parse("1.0.0"));

        // MVM can carry on from there: a semantic version next to MLflow's numbered one, and a promotion.
        ModelVersion next = store.createVersion(ModelVersion.builder(modelName, SemanticVersion.parse("1.1.0"))
                .createdBy("user:alice").build());
        assertThat(store.listVersions(modelName)).containsExactly(v, next);
        store.movePointer(new PointerMove(modelName, EnvironmentName.STAGING, SemanticVersion.parse("1.0.0"),
                SemanticVersion.parse("1.1.0"), PointerMove.Kind.PUBLISH, "user:bob", Instant.now(), ""));
        assertThat(python("read-alias", name, "staging").path("version").asText()).isEqualTo("2");
    }
}
