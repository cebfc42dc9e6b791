package dev.mvm.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.GraphValue;
import dev.mvm.api.inspect.LayerInfo;
import dev.mvm.api.inspect.TensorInfo;
import dev.mvm.inspect.internal.LocalModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures are made by {@code src/test/python/make_onnx_fixtures.py} with the {@code onnx} package. */
@DisplayName("ONNX inspector")
class OnnxInspectorTest {
    private final OnnxInspector inspector = new OnnxInspector();

    @TempDir
    Path dir;

    static byte[] fixture(String name) throws IOException {
        return OnnxFixtures.bytes(name);
    }

    private FileStructure inspect(byte[] content) throws IOException {
        Files.write(dir.resolve("model.onnx"), content);
        return inspector.inspect(ArtifactPath.of("model.onnx"), LocalModelFiles.scan(dir));
    }

    @Test
    @DisplayName("reads inputs and outputs with symbolic shapes, the operator histogram and initializer shapes")
    void mlp() throws IOException {
        FileStructure s = inspect(fixture("mlp-2.onnx"));
        assertThat(s.inputs()).containsExactly(new GraphValue("input", "FLOAT", List.of("batch", "16")));
        assertThat(s.outputs()).containsExactly(new GraphValue("probabilities", "FLOAT", List.of("batch", "4")));
        assertThat(s.operators()).isEqualTo(Map.of("Gemm", 2, "Relu", 1, "Softmax", 1));
        assertThat(s.layers()).extracting(LayerInfo::name).containsExactly("fc0", "relu0", "head", "softmax");
        assertThat(s.tensors()).containsExactly(
                TensorInfo.of("fc0.weight", "FLOAT", List.of(16L, 32L)), TensorInfo.of("fc0.bias", "FLOAT", List.of(32L)),
                TensorInfo.of("head.weight", "FLOAT", List.of(32L, 4L)), TensorInfo.of("head.bias", "FLOAT", List.of(4L)));
        assertThat(s.parameterCount()).isEqualTo(16 * 32 + 32 + 32 * 4 + 4);
        assertThat(s.metadata()).containsEntry("onnx.opset.ai.onnx", "17").containsEntry("onnx.ir_version", "8")
                .containsEntry("onnx.producer_name", "mvm-fixtures")
                .containsEntry("onnx.meta.purpose", "mvm structure-diff fixture");
    }

    @Test
    @DisplayName("the deeper MLP has one more Gemm and Relu and two more initializers")
    void deeper() throws IOException {
        FileStructure s = inspect(fixture("mlp-3.onnx"));
        assertThat(s.operators()).isEqualTo(Map.of("Gemm", 3, "Relu", 2, "Softmax", 1));
        assertThat(s.tensors()).hasSize(6);
    }

    @Test
    @DisplayName("every truncation of a real model fails with a clear error, never a hang or out-of-memory")
    void truncations() throws IOException {
        byte[] full = fixture("mlp-2.onnx");
        for (int cut = 1; cut < full.length; cut += 97) {
            byte[] part = Arrays.copyOf(full, cut);
            int at = cut;
            assertThatThrownBy(() -> inspect(part)).as("cut at %d", at).isInstanceOf(MvmException.class)
                    .hasMessageContaining("model.onnx");
        }
    }

    @Test
    @DisplayName("random bytes, an absurd length and a group wire type are rejected")
    void garbage() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] noise = new byte[200 + random.nextInt(2000)];
            random.nextBytes(noise);
            assertThatThrownBy(() -> inspect(noise)).isInstanceOf(MvmException.class);
        }
        // field 7 (graph), length-delimited, with a length of 2^62
        byte[] absurd = {0x3a, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, 0x40};
        assertThatThrownBy(() -> inspect(absurd)).isInstanceOf(IntegrityException.class).hasMessageContaining("remain");
        byte[] group = {0x0b, 0x0c};
        assertThatThrownBy(() -> inspect(group)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("wire type 3");
        byte[] noGraph = {0x08, 0x08};
        assertThatThrownBy(() -> inspect(noGraph)).isInstanceOf(IntegrityException.class).hasMessageContaining("no graph");
    }
}
