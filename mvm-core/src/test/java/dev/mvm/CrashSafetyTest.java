package dev.mvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A registration killed with SIGKILL part-way")
class CrashSafetyTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "after {0}")
    @ValueSource(strings = {"file-1", "file-2", "manifest"})
    @DisplayName("leaves no visible version and damages nothing stored before")
    void killed(String step) throws IOException {
        Path registryDir = tmp.resolve("registry");
        Path v1Dir = files(tmp.resolve("v1"), 1);
        ModelVersion v1;
        try (ModelRegistry registry = ModelRegistry.local(registryDir)) {
            registry.models().register("bert");
            v1 = registry.model("bert").newVersion().version("1.0.0").files(v1Dir).register();
        }
        Path v2Dir = files(tmp.resolve("v2"), 2);
        try (ChildJvm child = ChildJvm.start(CrashingRegistration.class, registryDir.toString(), step, v2Dir.toString())) {
            child.awaitLine("PAUSED " + step, Duration.ofSeconds(60));
            child.kill();
            assertThat(child.output()).doesNotContain("COMMITTED");
        }
        try (ModelRegistry registry = ModelRegistry.local(registryDir)) {
            assertThat(registry.model("bert").versions()).containsExactly(v1);
            assertThatThrownBy(() -> registry.model("bert").version("2.0.0").info()).isInstanceOf(NotFoundException.class);
            Download d = registry.model("bert").version("1.0.0").download(tmp.resolve("dl"));
            assertThat(Files.readAllBytes(d.directory().resolve("weights.bin"))).isEqualTo(Files.readAllBytes(v1Dir.resolve("weights.bin")));
            ModelVersion v2 = registry.model("bert").newVersion().version("2.0.0").files(v2Dir).register();
            Download d2 = registry.model("bert").version("2.0.0").download(tmp.resolve("dl2"));
            assertThat(d2.manifest().root()).isEqualTo(v2.artifacts().root());
            assertThat(Files.readAllBytes(d2.directory().resolve("weights.bin"))).isEqualTo(Files.readAllBytes(v2Dir.resolve("weights.bin")));
        }
    }

    private static Path files(Path dir, int seed) throws IOException {
        Files.createDirectories(dir);
        byte[] w = new byte[2_000_000];
        new Random(seed).nextBytes(w);
        Files.write(dir.resolve("weights.bin"), w);
        Files.writeString(dir.resolve("config.json"), "{\"seed\":" + seed + "}");
        Files.writeString(dir.resolve("vocab.txt"), "a\nb\n" + seed);
        return dir;
    }
}
