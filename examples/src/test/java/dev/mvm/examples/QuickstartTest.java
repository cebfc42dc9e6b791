package dev.mvm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.ModelRegistry;
import dev.mvm.api.model.ModelVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The quickstart")
class QuickstartTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("registers 1.0.0 and a bumped 1.1.0, and downloads 1.1.0 byte for byte; twice in a row")
    void runs() throws Exception {
        for (int run = 0; run < 2; run++) {
            PrintStream original = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                Quickstart.main(new String[] {tmp.toString()});
            } finally {
                System.setOut(original);
            }
            String out = captured.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("Created:    bert-base-chinese@1.0.0", "Bumped:     bert-base-chinese@1.1.0",
                    "every SHA-256 verified");
        }
        try (ModelRegistry registry = ModelRegistry.local(tmp.resolve("registry"))) {
            assertThat(registry.model("bert-base-chinese").versions()).extracting(v -> v.version().toString())
                    .containsExactly("1.0.0", "1.1.0");
            ModelVersion v2 = registry.model("bert-base-chinese").version("1.1.0").info();
            assertThat(v2.lineage().parentVersion()).hasValueSatisfying(p -> assertThat(p).hasToString("1.0.0"));
        }
        assertThat(Files.readAllBytes(tmp.resolve("serving/bert-base-chinese/model.safetensors")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("out/model/model.safetensors")));
    }
}
