package dev.mvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.Bump;
import dev.mvm.api.model.Limits;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.spi.ModelListing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ModelRegistry on the embedded default stores")
class ModelRegistryTest {
    @TempDir
    Path tmp;
    ModelRegistry registry;

    @BeforeEach
    void open() {
        registry = ModelRegistry.builder().directory(tmp.resolve("registry")).actor("user:alice").build();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    Path modelDir(String name, int seed) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("tokenizer"));
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 768, \"seed\": " + seed + "}");
        Files.writeString(dir.resolve("tokenizer/vocab.txt"), "[PAD]\n[UNK]\n中文\n");
        byte[] weights = new byte[300_000];
        new Random(seed).nextBytes(weights);
        Files.write(dir.resolve("model.bin"), weights);
        return dir;
    }

    static byte[] sha(Path p) throws IOException {
        return Sha256.of(Files.readAllBytes(p)).bytes();
    }

    @Nested
    @DisplayName("registering models")
    class RegisteringModels {
        @Test
        @DisplayName("stores every field and the acting principal as owner")
        void registersWithFields() {
            Model m = registry.models().register("nlp/bert-base-chinese", r -> r.description("BERT")
                    .framework("pytorch").task("text-classification").tag("language", "chinese")
                    .metadata("input", Map.of("shape", List.of(-1, 512))));
            assertThat(m.revision()).isEqualTo(1);
            assertThat(m.owner()).isEqualTo("user:alice");
            Model read = registry.models().get("nlp/bert-base-chinese");
            assertThat(read).isEqualTo(m);
            assertThat(read.metadata()).isEqualTo(Map.of("input", Map.of("shape", List.of(-1, 512))));
            assertThat(read.name().namespace()).contains("nlp");
        }

        @Test
        @DisplayName("refuses a second model of the same name and keeps the first")
        void duplicateName() {
            registry.models().register("fraud", r -> r.description("first"));
            assertThatThrownBy(() -> registry.models().register("fraud", r -> r.description("second")))
                    .isInstanceOf(ConflictException.class);
            assertThat(registry.models().get("fraud").description()).isEqualTo("first");
        }

        @ParameterizedTest
        @ValueSource(strings = {"../x", "", "Bert", "a/b/c", "/abs", "a..b", "-lead", "has space"})
        @DisplayName("rejects invalid names with a message naming the problem")
        void invalidNames(String name) {
            assertThatThrownBy(() -> registry.models().register(name))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Invalid model name")
                    .hasMessageContaining("Allowed:");
        }

        @Test
        @DisplayName("rejects a name longer than the limit")
        void tooLong() {
            assertThatThrownBy(() -> registry.models().register("a".repeat(129)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("129 characters");
        }

        @Test
        @DisplayName("rejects tag keys and values over the documented limits")
        void tagLimits() {
            assertThatThrownBy(() -> registry.models().register("m", r -> r.tag("k".repeat(Limits.MAX_KEY_LENGTH + 1), "v")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("at most 250");
            assertThatThrownBy(() -> registry.models().register("m", r -> r.tag("k", "v".repeat(Limits.MAX_TAG_VALUE_LENGTH + 1))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("at most 5000");
            assertThatThrownBy(() -> registry.models().register("m", r -> r.tag("mvm.internal", "v")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("reserved");
            assertThat(registry.models().find("m")).isEmpty();
        }

        @Test
        @DisplayName("updates merge concurrent changes, and a stale revision is refused")
        void updates() {
            Model m = registry.models().register("fraud", r -> r.tag("a", "1"));
            registry.model("fraud").update(r -> r.tag("b", "2").description("scorer"));
            Model after = registry.model("fraud").update(r -> r.removeTag("a").framework("onnx"));
            assertThat(after.tags()).isEqualTo(Map.of("b", "2"));
            assertThat(after.description()).isEqualTo("scorer");
            assertThat(after.framework()).isEqualTo("onnx");
            assertThat(after.revision()).isEqualTo(3);
            assertThatThrownBy(() -> registry.model("fraud").update(m.revision(), r -> r.description("stale")))
                    .isInstanceOf(ConflictException.class);
            assertThat(registry.models().get("fraud").description()).isEqualTo("scorer");
        }

        @Test
        @DisplayName("lists with filters and a limit, sorted by name")
        void lists() {
            registry.models().register("b-model", r -> r.framework("pytorch").tag("team", "x"));
            registry.models().register("a-model", r -> r.framework("pytorch"));
            registry.models().register("c-model", r -> r.framework("onnx").tag("team", "x"));
            assertThat(registry.models().list()).extracting(m -> m.name().value())
                    .containsExactly("a-model", "b-model", "c-model");
            assertThat(registry.models().list(ModelListing.all().withFramework("pytorch").withLimit(1)))
                    .extracting(m -> m.name().value()).containsExactly("a-model");
            assertThat(registry.models().list(ModelListing.all().withTag("team", "x")))
                    .extracting(m -> m.name().value()).containsExactly("b-model", "c-model");
        }

        @Test
        @DisplayName("deletes a model with its versions")
        void deletes() throws IOException {
            registry.models().register("fraud");
            registry.model("fraud").newVersion().files(modelDir("m1", 1)).version("1.0.0").register();
            registry.model("fraud").delete();
            assertThat(registry.models().find("fraud")).isEmpty();
            assertThatThrownBy(() -> registry.model("fraud").versions()).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> registry.model("fraud").delete()).isInstanceOf(NotFoundException.class);
            registry.models().register("fraud");
            assertThat(registry.model("fraud").versions()).isEmpty();
        }
    }

    @Nested
    @DisplayName("registering versions")
    class RegisteringVersions {
        @BeforeEach
        void model() {
            registry.models().register("bert");
        }

        @Test
        @DisplayName("stores a directory tree with a manifest of sizes and digests")
        void directory() throws IOException {
            Path dir = modelDir("m1", 1);
            ModelVersion v = registry.model("bert").newVersion().version("1.0.0").files(dir)
                    .metric("accuracy", 0.91).param("lr", "3e-5").tag("stage", "exp").description("first")
                    .runId("run-1").dataset("s3://data/x@v3").register();
            assertThat(v.state()).isEqualTo(LifecycleState.DRAFT);
            assertThat(v.createdBy()).isEqualTo("user:alice");
            assertThat(v.artifacts().fileCount()).isEqualTo(3);
            ArtifactManifest manifest = registry.model("bert").version("1.0.0").manifest();
            assertThat(manifest.root()).isEqualTo(v.artifacts().root());
            assertThat(manifest.files()).extracting(f -> f.path().value())
                    .containsExactly("config.json", "model.bin", "tokenizer/vocab.txt");
            assertThat(manifest.find(dev.mvm.api.artifact.ArtifactPath.of("model.bin")).orElseThrow().sha256().bytes())
                    .isEqualTo(sha(dir.resolve("model.bin")));
            assertThat(registry.model("bert").version("1.0.0").info()).isEqualTo(v);
        }

        @Test
        @DisplayName("stores single files and in-memory content, and a version without files")
        void singleFiles() throws IOException {
            Path f = tmp.resolve("weights.onnx");
            Files.write(f, new byte[] {1, 2, 3});
            ModelVersion v = registry.model("bert").newVersion().version("1.0.0").file(f)
                    .file("extra/w.bin", f).content("config.json", "{}".getBytes(StandardCharsets.UTF_8)).register();
            assertThat(v.artifacts().fileCount()).isEqualTo(3);
            ModelVersion empty = registry.model("bert").newVersion().version("2.0.0").register();
            assertThat(empty.artifacts().fileCount()).isZero();
            assertThat(registry.model("bert").version("2.0.0").manifest().files()).isEmpty();
        }

        @Test
        @DisplayName("bumps from the highest version, starting from 0.0.0")
        void bumps() {
            var m = registry.model("bert");
            assertThat(m.newVersion().bump(Bump.MAJOR).register().version()).hasToString("1.0.0");
            assertThat(m.newVersion().bump(Bump.MINOR).register().version()).hasToString("1.1.0");
            assertThat(m.newVersion().bump(Bump.PATCH).register().version()).hasToString("1.1.1");
            assertThat(m.newVersion().bump(Bump.PRERELEASE).register().version()).hasToString("1.1.2-rc.1");
            assertThat(m.newVersion().bump(Bump.PRERELEASE).register().version()).hasToString("1.1.2-rc.2");
            assertThat(m.newVersion().preRelease("beta").register().version()).hasToString("1.1.3-beta.1");
            assertThat(m.newVersion().bump(Bump.PATCH).register().version()).hasToString("1.1.3");
            assertThat(m.newVersion().register().version()).hasToString("1.2.0");
            assertThat(m.versions()).extracting(v -> v.version().toString()).containsExactly(
                    "1.0.0", "1.1.0", "1.1.1", "1.1.2-rc.1", "1.1.2-rc.2", "1.1.3-beta.1", "1.1.3", "1.2.0");
            assertThat(m.latest().orElseThrow().version()).hasToString("1.2.0");
        }

        @Test
        @DisplayName("lists the history in semantic-version order, not registration order")
        void historyOrder() {
            var m = registry.model("bert");
            for (String v : List.of("2.0.0", "1.0.0-rc.10", "1.0.0", "1.0.0-rc.2", "10.0.0", "1.10.0", "1.9.0")) {
                m.newVersion().version(v).register();
            }
            assertThat(m.versions()).extracting(v -> v.version().toString()).containsExactly(
                    "1.0.0-rc.2", "1.0.0-rc.10", "1.0.0", "1.9.0", "1.10.0", "2.0.0", "10.0.0");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "", "1.0.0.0", "latest"})
        @DisplayName("rejects invalid versions")
        void invalidVersions(String version) {
            assertThatThrownBy(() -> registry.model("bert").newVersion().version(version))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("semantic version");
        }

        @Test
        @DisplayName("refuses a duplicate version, also one differing only in build metadata, and keeps the original")
        void duplicateVersion() throws IOException {
            Path d1 = modelDir("m1", 1);
            ModelVersion first = registry.model("bert").newVersion().version("1.0.0").files(d1).register();
            Path d2 = modelDir("m2", 2);
            assertThatThrownBy(() -> registry.model("bert").newVersion().version("1.0.0").files(d2).register())
                    .isInstanceOf(ConflictException.class).hasMessageContaining("already exists");
            assertThatThrownBy(() -> registry.model("bert").newVersion().version("1.0.0+build.2").files(d2).register())
                    .isInstanceOf(ConflictException.class);
            assertThat(registry.model("bert").versions()).containsExactly(first);
            Download d = registry.model("bert").version("1.0.0").download(tmp.resolve("dl"));
            assertThat(sha(d.directory().resolve("model.bin"))).isEqualTo(sha(d1.resolve("model.bin")));
        }

        @Test
        @DisplayName("rejects bad paths and symbolic links leading out of the model directory")
        void badPaths() throws IOException {
            Path dir = modelDir("m1", 1);
            for (String bad : List.of("/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a\\b")) {
                assertThatThrownBy(() -> registry.model("bert").newVersion().content(bad, new byte[1]))
                        .as(bad).isInstanceOf(ValidationException.class).hasMessageContaining("Invalid artifact path");
            }
            Path outside = tmp.resolve("secret.txt");
            Files.writeString(outside, "secret");
            Files.createSymbolicLink(dir.resolve("leak"), outside);
            assertThatThrownBy(() -> registry.model("bert").newVersion().files(dir))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("leads out of the model directory");
            Files.delete(dir.resolve("leak"));
            Files.createSymbolicLink(dir.resolve("alias.json"), dir.resolve("config.json"));
            ModelVersion v = registry.model("bert").newVersion().version("1.0.0").files(dir).register();
            assertThat(v.artifacts().fileCount()).isEqualTo(4);
            assertThat(registry.model("bert").versions()).hasSize(1);
        }

        @Test
        @DisplayName("rejects two files at one path")
        void duplicatePaths() throws IOException {
            Path dir = modelDir("m1", 1);
            assertThatThrownBy(() -> registry.model("bert").newVersion().files(dir)
                    .content("config.json", new byte[0]).register())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("config.json");
            assertThat(registry.model("bert").versions()).isEmpty();
        }

        @Test
        @DisplayName("records lineage and refuses a missing parent or dependency")
        void lineage() {
            registry.models().register("tokenizer");
            registry.model("tokenizer").newVersion().version("3.0.0").register();
            registry.model("bert").newVersion().version("1.0.0").register();
            ModelVersion v = registry.model("bert").newVersion().version("1.1.0").parent("1.0.0")
                    .dependsOn("tokenizer@3.0.0").runId("run-7").register();
            assertThat(v.lineage().parent()).isEqualTo(SemanticVersion.parse("1.0.0"));
            assertThat(v.lineage().dependsOn()).containsExactly(VersionRef.of("tokenizer", "3.0.0"));
            assertThatThrownBy(() -> registry.model("bert").newVersion().parent("0.9.0").register())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("0.9.0");
            assertThatThrownBy(() -> registry.model("bert").newVersion().dependsOn("tokenizer@9.9.9").register())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("tokenizer@9.9.9");
            assertThat(registry.model("bert").versions()).hasSize(2);
        }

        @Test
        @DisplayName("needs a registered model, and either a version or a bump, not both")
        void preconditions() {
            assertThatThrownBy(() -> registry.model("nope").newVersion().register())
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
            assertThatThrownBy(() -> registry.model("bert").newVersion().version("1.0.0").bump(Bump.MAJOR).register())
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        @DisplayName("updates metadata, never files, and deletes a version")
        void updateAndDelete() throws IOException {
            ModelVersion v = registry.model("bert").newVersion().version("1.0.0").files(modelDir("m1", 1))
                    .metric("auc", 0.9).tag("a", "1").register();
            ModelVersion u = registry.model("bert").version("1.0.0").update(c -> c.metric("auc", 0.95)
                    .metric("f1", 0.8).param("lr", "1e-4").removeTag("a").tag("b", "2").description("re-evaluated"));
            assertThat(u.metrics()).isEqualTo(Map.of("auc", 0.95, "f1", 0.8));
            assertThat(u.tags()).isEqualTo(Map.of("b", "2"));
            assertThat(u.artifacts()).isEqualTo(v.artifacts());
            assertThat(u.revision()).isEqualTo(2);
            assertThatThrownBy(() -> registry.model("bert").version("1.0.0").update(1, c -> c.description("stale")))
                    .isInstanceOf(ConflictException.class);
            registry.model("bert").version("1.0.0").delete();
            assertThat(registry.model("bert").versions()).isEmpty();
            assertThatThrownBy(() -> registry.model("bert").version("1.0.0").info())
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("1.0.0");
        }
    }

    @Nested
    @DisplayName("downloading")
    class Downloading {
        Path source;

        @BeforeEach
        void version() throws IOException {
            registry.models().register("bert");
            source = modelDir("m1", 1);
            registry.model("bert").newVersion().version("1.0.0").files(source).register();
        }

        @Test
        @DisplayName("writes every file byte for byte and reuses a verified cache")
        void roundTrip() throws IOException {
            Download d = registry.model("bert").version("1.0.0").download(tmp.resolve("dl"));
            assertThat(d.manifest().files()).hasSize(3);
            for (String f : List.of("config.json", "model.bin", "tokenizer/vocab.txt")) {
                assertThat(Files.readAllBytes(d.directory().resolve(f))).isEqualTo(Files.readAllBytes(source.resolve(f)));
            }
            assertThat(d.bytesTransferred()).isEqualTo(d.manifest().totalBytes());
            Files.write(d.directory().resolve("config.json"), "changed".getBytes(StandardCharsets.UTF_8));
            Download again = registry.model("bert").version("1.0.0").download(tmp.resolve("dl"));
            assertThat(again.filesReused()).isEqualTo(2);
            assertThat(again.bytesTransferred()).isEqualTo(Files.size(source.resolve("config.json")));
            assertThat(Files.readAllBytes(d.directory().resolve("config.json")))
                    .isEqualTo(Files.readAllBytes(source.resolve("config.json")));
        }

        @Test
        @DisplayName("fails with IntegrityException on a corrupted blob and leaves no partial file")
        void corrupted() throws IOException {
            Path blob = blobOf(source.resolve("model.bin"));
            byte[] bytes = Files.readAllBytes(blob);
            bytes[bytes.length / 2] ^= 1;
            Files.write(blob, bytes);
            Path target = tmp.resolve("dl");
            assertThatThrownBy(() -> registry.model("bert").version("1.0.0").download(target))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("model.bin");
            try (Stream<Path> files = Files.walk(target)) {
                assertThat(files.filter(Files::isRegularFile).map(p -> target.relativize(p).toString()))
                        .doesNotContain("model.bin").noneMatch(p -> p.contains("mvm-partial"));
            }
            assertThatThrownBy(() -> {
                try (InputStream in = registry.model("bert").version("1.0.0").open("model.bin")) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }).isInstanceOf(IntegrityException.class);
        }

        @Test
        @DisplayName("opens one file as a verifying stream")
        void open() throws IOException {
            try (InputStream in = registry.model("bert").version("1.0.0").open("tokenizer/vocab.txt")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("中文");
            }
            assertThatThrownBy(() -> registry.model("bert").version("1.0.0").open("missing.bin"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("missing.bin");
        }

        Path blobOf(Path original) throws IOException {
            String hex = Sha256.of(Files.readAllBytes(original)).hex();
            return tmp.resolve("registry/artifacts/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2));
        }
    }

    @Test
    @DisplayName("compares two versions through the facade and finds the comparison again by id")
    void compares() {
        registry.models().register("bert");
        registry.model("bert").newVersion().version("1.0.0").metric("accuracy", 0.9).param("lr", "1e-4").register();
        registry.model("bert").newVersion().version("1.1.0").metric("accuracy", 0.95).param("lr", "3e-5").register();
        var c = registry.compare("bert@1.0.0", "bert@1.1.0");
        assertThat(c.versions()).hasSize(2);
        assertThat(registry.comparison(c.id())).isEqualTo(c);
        assertThatThrownBy(() -> registry.compare("bert@1.0.0", "bert@9.9.9")).isInstanceOf(NotFoundException.class);
    }

    @Test
    @DisplayName("searches through the facade with text, a filter, a sort and a page; details and links")
    void searches() {
        registry.models().register("bert-base-chinese", r -> r.framework("pytorch").tag("language", "chinese"));
        registry.models().register("resnet-50", r -> r.framework("onnx"));
        registry.model("bert-base-chinese").newVersion().version("1.0.0").metric("accuracy", 0.93).register();
        registry.model("resnet-50").newVersion().version("1.0.0").metric("accuracy", 0.76).register();
        var result = registry.search("bret", dev.mvm.api.query.Filter.parse("framework = 'pytorch' AND metrics.accuracy > 0.9"),
                dev.mvm.api.query.Sort.desc("metrics.accuracy"), dev.mvm.api.query.Page.of(1, 20));
        assertThat(result.total()).isEqualTo(1);
        assertThat(result.hits()).extracting(h -> h.model().name().value()).containsExactly("bert-base-chinese");
        assertThat(registry.details("bert-base-chinese").versions()).hasSize(1);
        assertThat(registry.metricHistory("bert-base-chinese")).isNotEmpty();
        assertThat(registry.downloadLink("bert-base-chinese@1.0.0", java.time.Duration.ofMinutes(5)).uri().getScheme())
                .isEqualTo("file");
        assertThatThrownBy(() -> dev.mvm.api.query.Filter.parse("framework = "))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("the builder truncates timestamps to milliseconds and requires stores or a directory")
    void builder() {
        Clock fixed = Clock.fixed(Instant.parse("2026-06-01T10:15:30.123456789Z"), ZoneOffset.UTC);
        try (ModelRegistry r = ModelRegistry.builder().directory(tmp.resolve("other")).clock(fixed).build()) {
            Model m = r.models().register("x");
            assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-06-01T10:15:30.123Z"));
            assertThat(m.owner()).startsWith("user:");
            assertThat(r.toString()).contains("registry.db");
        }
        assertThatThrownBy(() -> ModelRegistry.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ModelRegistry.builder().maxVersionAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
