package dev.mvm.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.inspect.ModelStructure;
import dev.mvm.api.inspect.StructureInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Structure reader")
class StructureReaderTest {

    @Test
    @DisplayName("finds the four built-in inspectors with ServiceLoader")
    void discovers() {
        assertThat(StructureReader.loadDefault().inspectors()).extracting(StructureInspector::format)
                .containsExactly("safetensors", "onnx", "gguf", "hf-config");
    }

    @Test
    @DisplayName("two inspectors for one format is an error that says how to choose")
    void duplicates() {
        assertThatThrownBy(() -> StructureReader.of(List.of(new OnnxInspector(), new OnnxInspector())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'onnx'")
                .hasMessageContaining("StructureReader.of");
    }

    @Test
    @DisplayName("reads every supported file of a directory and lists the rest as uninspected")
    void mixed(@TempDir Path dir) throws IOException {
        SafetensorsFixture.create().tensor("w", "F32", 3, 3).write(dir.resolve("model.safetensors"), 1);
        GgufInspectorTest.tinyLlama().write(dir.resolve("q/model.gguf"));
        Files.write(dir.resolve("model.onnx"), OnnxFixtures.bytes("mlp-2.onnx"));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\"}");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        ModelStructure s = StructureReader.loadDefault().read(dir);
        assertThat(s.files()).extracting(f -> f.path().value() + "=" + f.format())
                .containsExactly("config.json=hf-config", "model.onnx=onnx", "model.safetensors=safetensors",
                        "q/model.gguf=gguf");
        assertThat(s.uninspected()).containsExactly(ArtifactPath.of("tokenizer.json"));
        assertThat(s.parameterCount()).isEqualTo(9 + 676 + 104);
        assertThat(s.file(ArtifactPath.of("model.onnx"))).isPresent();
    }
}
