package dev.mvm.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mvm.ModelRegistry;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.Bump;
import dev.mvm.api.model.VersionRef;
import dev.mvm.inspect.OnnxFixtures;
import dev.mvm.inspect.SafetensorsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Comparisons")
class ComparisonsTest {
    @TempDir
    Path dir;
    ModelRegistry registry;
    Comparisons comparisons;

    @BeforeEach
    void open() {
        registry = ModelRegistry.local(dir.resolve("registry"));
        comparisons = Comparisons.of(registry, dir.resolve("comparisons"));
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private Path files(String name) throws IOException {
        Path d = dir.resolve("src").resolve(name);
        Files.createDirectories(d);
        return d;
    }

    private void register(String model, String version, Path files, Map<String, Double> metrics,
            Map<String, String> params, Map<String, String> tags) {
        if (registry.models().find(model).isEmpty()) {
            registry.models().register(model);
        }
        registry.model(model).newVersion().version(version).files(files).metrics(metrics).params(params).tags(tags)
                .register();
    }

    private Path weights(String name, long seed, String... tensors) throws IOException {
        Path d = files(name);
        SafetensorsFixture f = SafetensorsFixture.create();
        for (String t : tensors) {
            String[] parts = t.split(":");
            f.tensor(parts[0], "F32", Arrays.stream(parts[1].split("x")).mapToLong(Long::parseLong).toArray());
        }
        f.write(d.resolve("model.safetensors"), seed);
        return d;
    }

    @Nested
    @DisplayName("metrics")
    class Metrics {
        @Test
        @DisplayName("compares values with directions; a metric a version lacks is missing, never zero")
        void directionsAndMissing() throws IOException {
            Path w = weights("w", 1, "a:2x2");
            register("m", "1.0.0", w, Map.of("accuracy", 0.90, "loss", 0.40, "latency_ms", 20.0, "custom", 1.0),
                    Map.of(), Map.of());
            register("m", "1.1.0", w, Map.of("accuracy", 0.93, "loss", 0.45, "latency_ms", 20.0, "f1", 0.8),
                    Map.of(), Map.of());
            Comparison c = comparisons.compare("m@1.0.0", "m@1.1.0");
            assertThat(c.metrics()).extracting(MetricRow::name)
                    .containsExactly("accuracy", "custom", "f1", "latency_ms", "loss");
            MetricRow accuracy = c.metrics().get(0);
            assertThat(accuracy.direction()).isEqualTo(MetricDirection.HIGHER_IS_BETTER);
            assertThat(accuracy.verdicts()).containsExactly(Verdict.BASELINE, Verdict.BETTER);
            assertThat(accuracy.absoluteDifferences().get(1)).isCloseTo(0.03, within(1e-9));
            assertThat(accuracy.relativeDifferences().get(1)).isCloseTo(0.0333333, within(1e-6));
            assertThat(accuracy.best()).isEqualTo(1);
            MetricRow custom = c.metrics().get(1);
            assertThat(custom.direction()).isEqualTo(MetricDirection.UNKNOWN);
            assertThat(custom.values()).containsExactly(1.0, null);
            assertThat(custom.verdicts()).containsExactly(Verdict.BASELINE, Verdict.MISSING);
            assertThat(custom.absoluteDifferences()).containsExactly(0.0, null);
            MetricRow f1 = c.metrics().get(2);
            assertThat(f1.values()).containsExactly(null, 0.8);
            assertThat(f1.verdicts()).containsExactly(Verdict.MISSING, Verdict.MISSING);
            assertThat(f1.best()).isEqualTo(-1);
            assertThat(c.metrics().get(3).verdicts()).containsExactly(Verdict.BASELINE, Verdict.EQUAL);
            MetricRow loss = c.metrics().get(4);
            assertThat(loss.direction()).isEqualTo(MetricDirection.LOWER_IS_BETTER);
            assertThat(loss.verdicts()).containsExactly(Verdict.BASELINE, Verdict.WORSE);
            assertThat(loss.best()).isZero();
        }

        @Test
        @DisplayName("directions are configurable per metric name, and a chosen list of metrics is honoured")
        void configurable() throws IOException {
            Path w = weights("w", 1, "a:2");
            register("m", "1.0.0", w, Map.of("custom", 5.0, "accuracy", 0.5), Map.of(), Map.of());
            register("m", "2.0.0", w, Map.of("custom", 3.0, "accuracy", 0.6), Map.of(), Map.of());
            Comparisons configured = Comparisons.builder(registry.registryStore(), registry.artifactStore())
                    .direction("custom", MetricDirection.LOWER_IS_BETTER).build();
            Comparison c = configured.compare(List.of(VersionRef.parse("m@1.0.0"), VersionRef.parse("m@2.0.0")),
                    List.of("custom", "not_recorded"));
            assertThat(c.metrics()).extracting(MetricRow::name).containsExactly("custom", "not_recorded");
            assertThat(c.metrics().get(0).verdicts()).containsExactly(Verdict.BASELINE, Verdict.BETTER);
            assertThat(c.metrics().get(1).values()).containsExactly(null, null);
            assertThat(c.metrics().get(1).verdicts()).containsOnly(Verdict.MISSING);
            assertThat(MetricDirections.defaults().of("val_loss")).isEqualTo(MetricDirection.LOWER_IS_BETTER);
            assertThat(MetricDirections.defaults().of("p95-latency-ms")).isEqualTo(MetricDirection.LOWER_IS_BETTER);
            assertThat(MetricDirections.defaults().of("eval/auc")).isEqualTo(MetricDirection.HIGHER_IS_BETTER);
            assertThat(MetricDirections.defaults().of("epochs")).isEqualTo(MetricDirection.UNKNOWN);
        }

        @Test
        @DisplayName("compares three versions of two models, and charts each model's evolution over all versions")
        void severalModels() throws IOException {
            Path w = weights("w", 1, "a:2");
            register("a", "1.0.0", w, Map.of("accuracy", 0.8), Map.of(), Map.of());
            register("a", "1.1.0", w, Map.of("accuracy", 0.85), Map.of(), Map.of());
            register("a", "1.2.0", w, Map.of("f1", 0.7), Map.of(), Map.of());
            register("b", "0.1.0", w, Map.of("accuracy", 0.95), Map.of(), Map.of());
            Comparison c = comparisons.compare("a@1.0.0", "a@1.1.0", "b@0.1.0");
            assertThat(c.versions()).extracting(VersionSummary::ref).containsExactly("a@1.0.0", "a@1.1.0", "b@0.1.0");
            assertThat(c.diffs()).extracting(VersionDiff::to).containsExactly("a@1.1.0", "b@0.1.0");
            assertThat(c.metrics().get(0).best()).isEqualTo(2);
            assertThat(c.evolution()).extracting(MetricEvolution::model).containsExactly("a", "b");
            MetricEvolution a = comparisons.evolution("a");
            assertThat(a.versions()).containsExactly("1.0.0", "1.1.0", "1.2.0");
            assertThat(a.series()).extracting(MetricEvolution.Series::metric).containsExactly("accuracy", "f1");
            assertThat(a.series().get(0).values()).containsExactly(0.8, 0.85, null);
        }
    }

    @Test
    @DisplayName("lists added, removed and changed parameters and tags with old and new values")
    void paramsAndTags() throws IOException {
        Path w = weights("w", 1, "a:2");
        register("m", "1.0.0", w, Map.of(), Map.of("lr", "3e-5", "epochs", "3", "seed", "1"), Map.of("team", "nlp"));
        register("m", "1.0.1", w, Map.of(), Map.of("lr", "2e-5", "epochs", "3", "warmup", "100"), Map.of("owner", "x"));
        VersionDiff d = comparisons.compare("m@1.0.0", "m@1.0.1").diffs().get(0);
        assertThat(d.params()).containsExactly(new EntryChange("lr", ChangeKind.CHANGED, "3e-5", "2e-5"),
                new EntryChange("seed", ChangeKind.REMOVED, "1", null),
                new EntryChange("warmup", ChangeKind.ADDED, null, "100"));
        assertThat(d.tags()).containsExactly(new EntryChange("owner", ChangeKind.ADDED, null, "x"),
                new EntryChange("team", ChangeKind.REMOVED, "nlp", null));
        assertThat(d.suggestedBump().bump()).isEqualTo(Bump.PATCH);
        assertThat(d.suggestedBump().reasons()).containsExactly("metrics, parameters, tags or description changed");
        assertThat(d.structure().files()).isEmpty();
        assertThat(d.structure().unchangedFiles()).isEqualTo(1);
    }

    @Nested
    @DisplayName("structure and bump suggestion")
    class Structure {
        @Test
        @DisplayName("added, removed and reshaped tensors with the parameter delta suggest MAJOR")
        void tensors() throws IOException {
            register("m", "1.0.0", weights("v1", 1, "a:4x4", "b:4"), Map.of(), Map.of(), Map.of());
            register("m", "2.0.0", weights("v2", 1, "a:4x8", "c:2"), Map.of(), Map.of(), Map.of());
            VersionDiff d = comparisons.compare("m@1.0.0", "m@2.0.0").diffs().get(0);
            StructureDiff s = d.structure();
            assertThat(s.oldParameters()).isEqualTo(20);
            assertThat(s.newParameters()).isEqualTo(34);
            assertThat(s.parameterDelta()).isEqualTo(14);
            assertThat(s.tensors()).containsExactly(
                    new TensorChange("a", ChangeKind.CHANGED, "F32", "F32", List.of(4L, 4L), List.of(4L, 8L), 16),
                    new TensorChange("b", ChangeKind.REMOVED, "F32", null, List.of(4L), null, -4),
                    new TensorChange("c", ChangeKind.ADDED, null, "F32", null, List.of(2L), 2));
            assertThat(s.files()).singleElement().satisfies(f -> {
                assertThat(f.path()).isEqualTo("model.safetensors");
                assertThat(f.kind()).isEqualTo(ChangeKind.CHANGED);
                assertThat(f.oldSha256()).isNotEqualTo(f.newSha256());
            });
            assertThat(d.suggestedBump().bump()).isEqualTo(Bump.MAJOR);
            assertThat(d.suggestedBump().reasons().get(0)).contains("1 added, 1 removed, 1 with a new shape or type");
        }

        @Test
        @DisplayName("new weights in the same shapes suggest MINOR")
        void weightsOnly() throws IOException {
            register("m", "1.0.0", weights("v1", 1, "a:4x4"), Map.of(), Map.of(), Map.of());
            register("m", "1.1.0", weights("v2", 2, "a:4x4"), Map.of(), Map.of(), Map.of());
            VersionDiff d = comparisons.compare("m@1.0.0", "m@1.1.0").diffs().get(0);
            assertThat(d.structure().tensors()).isEmpty();
            assertThat(d.suggestedBump().bump()).isEqualTo(Bump.MINOR);
            assertThat(d.suggestedBump().reasons()).containsExactly("weights model.safetensors changed");
        }

        @Test
        @DisplayName("ONNX: one more layer shows added nodes, operator counts, initializers and suggests MAJOR")
        void onnx() throws IOException {
            Files.write(files("o1").resolve("model.onnx"), OnnxFixtures.bytes("mlp-2.onnx"));
            Files.write(files("o2").resolve("model.onnx"), OnnxFixtures.bytes("mlp-3.onnx"));
            register("mlp", "1.0.0", dir.resolve("src/o1"), Map.of(), Map.of(), Map.of());
            register("mlp", "2.0.0", dir.resolve("src/o2"), Map.of(), Map.of(), Map.of());
            Comparison c = comparisons.compare("mlp@1.0.0", "mlp@2.0.0");
            StructureDiff s = c.diffs().get(0).structure();
            assertThat(s.layers()).containsExactly(new EntryChange("fc1", ChangeKind.ADDED, null, "Gemm"),
                    new EntryChange("relu1", ChangeKind.ADDED, null, "Relu"));
            assertThat(s.operators()).containsExactly(new EntryChange("Gemm", ChangeKind.CHANGED, "2", "3"),
                    new EntryChange("Relu", ChangeKind.CHANGED, "1", "2"));
            assertThat(s.tensors()).extracting(TensorChange::name, TensorChange::kind).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("fc1.weight", ChangeKind.ADDED),
                    org.assertj.core.groups.Tuple.tuple("fc1.bias", ChangeKind.ADDED));
            assertThat(s.graphValues()).isEmpty();
            assertThat(s.parameterDelta()).isEqualTo(32 * 32 + 32);
            assertThat(c.versions()).extracting(VersionSummary::formats).containsOnly("onnx");
            assertThat(c.diffs().get(0).suggestedBump().bump()).isEqualTo(Bump.MAJOR);
        }

        @Test
        @DisplayName("config.json: an architecture setting suggests MAJOR, another setting PATCH; other files MINOR")
        void config() throws IOException {
            Path w1 = weights("c1", 1, "a:2");
            Files.writeString(w1.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 768, \"torch_dtype\": \"float32\"}");
            Path w2 = weights("c2", 1, "a:2");
            Files.writeString(w2.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 1024, \"torch_dtype\": \"float32\"}");
            Path w3 = weights("c3", 1, "a:2");
            Files.writeString(w3.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 768, \"torch_dtype\": \"float16\"}");
            Files.writeString(w3.resolve("README.md"), "notes");
            Path w4 = weights("c4", 1, "a:2");
            Files.writeString(w4.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 768, \"torch_dtype\": \"float32\"}");
            Files.writeString(w4.resolve("tokenizer.json"), "{}");
            register("m", "1.0.0", w1, Map.of(), Map.of(), Map.of());
            register("m", "2.0.0", w2, Map.of(), Map.of(), Map.of());
            register("m", "1.0.1", w3, Map.of(), Map.of(), Map.of());
            register("m", "1.1.0", w4, Map.of(), Map.of(), Map.of());
            Comparison c = comparisons.compare("m@1.0.0", "m@2.0.0", "m@1.0.1", "m@1.1.0");
            BumpSuggestion major = c.diffs().get(0).suggestedBump();
            assertThat(major.bump()).isEqualTo(Bump.MAJOR);
            assertThat(major.reasons()).contains("architecture setting config.json: hidden_size: 768 → 1024");
            BumpSuggestion patch = c.diffs().get(1).suggestedBump();
            assertThat(patch.bump()).isEqualTo(Bump.PATCH);
            assertThat(patch.reasons()).containsExactly("metadata file README.md added", "metadata file config.json changed");
            assertThat(c.diffs().get(1).structure().metadata()).containsExactly(
                    new EntryChange("config.json: torch_dtype", ChangeKind.CHANGED, "float32", "float16"));
            BumpSuggestion minor = c.diffs().get(2).suggestedBump();
            assertThat(minor.bump()).isEqualTo(Bump.MINOR);
            assertThat(minor.reasons()).containsExactly("file tokenizer.json added");
        }

        @Test
        @DisplayName("suggests the bump for a local directory before it is registered")
        void suggestForDirectory() throws IOException {
            register("m", "1.0.0", weights("v1", 1, "a:4x4"), Map.of(), Map.of(), Map.of());
            assertThat(comparisons.suggestBump("m@1.0.0", weights("next", 2, "a:4x4")).bump()).isEqualTo(Bump.MINOR);
            assertThat(comparisons.suggestBump("m@1.0.0", weights("wider", 2, "a:4x5")).bump()).isEqualTo(Bump.MAJOR);
            assertThat(comparisons.suggestBump("m@1.0.0", dir.resolve("src/v1")).bump()).isEqualTo(Bump.PATCH);
        }
    }

    @Nested
    @DisplayName("persistence")
    class Persistence {
        @Test
        @DisplayName("a comparison is stored under a stable id and read back by a new instance")
        void storedById() throws IOException {
            Path w = weights("w", 1, "a:2");
            register("m", "1.0.0", w, Map.of("accuracy", 0.5), Map.of("lr", "1"), Map.of());
            register("m", "1.1.0", weights("w2", 2, "a:2"), Map.of("accuracy", 0.6), Map.of("lr", "2"), Map.of());
            Comparison c = comparisons.compare("m@1.0.0", "m@1.1.0");
            assertThat(c.id()).matches("[0-9a-f]{32}");
            assertThat(dir.resolve("comparisons").resolve(c.id() + ".json")).exists();
            Comparisons reopened = Comparisons.of(registry, dir.resolve("comparisons"));
            assertThat(reopened.get(c.id())).isEqualTo(c);
            assertThat(comparisons.compare("m@1.0.0", "m@1.1.0").id()).as("same versions, same state").isEqualTo(c.id());
            registry.model("m").version("1.1.0").update(u -> u.metric("accuracy", 0.7));
            assertThat(comparisons.compare("m@1.0.0", "m@1.1.0").id()).as("changed metric").isNotEqualTo(c.id());
            assertThatThrownBy(() -> reopened.get("0123456789abcdef0123456789abcdef"))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> reopened.find("../../etc/passwd")).isInstanceOf(ValidationException.class);
        }

        @Test
        @DisplayName("a corrupted comparison file is an integrity error")
        void corrupted() throws IOException {
            Path w = weights("w", 1, "a:2");
            register("m", "1.0.0", w, Map.of(), Map.of(), Map.of());
            register("m", "1.0.1", w, Map.of(), Map.of(), Map.of());
            Comparison c = comparisons.compare("m@1.0.0", "m@1.0.1");
            Files.writeString(dir.resolve("comparisons").resolve(c.id() + ".json"), "{\"id\": ");
            assertThatThrownBy(() -> comparisons.get(c.id())).isInstanceOf(dev.mvm.api.error.IntegrityException.class)
                    .hasMessageContaining(c.id());
        }
    }

    @Test
    @DisplayName("rejects fewer than two or duplicate versions, and names what does not exist")
    void errors() throws IOException {
        register("m", "1.0.0", weights("w", 1, "a:2"), Map.of(), Map.of(), Map.of());
        assertThatThrownBy(() -> comparisons.compare("m@1.0.0")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("at least two distinct versions");
        assertThatThrownBy(() -> comparisons.compare("m@1.0.0", "m@1.0.0")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> comparisons.compare("m@1.0.0", "m@9.0.0")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Version 9.0.0 of model 'm' does not exist");
        assertThatThrownBy(() -> comparisons.compare("m@1.0.0", "nope@1.0.0")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> comparisons.compare("m@1.0.0", "no-at-sign")).isInstanceOf(ValidationException.class);
    }
}
