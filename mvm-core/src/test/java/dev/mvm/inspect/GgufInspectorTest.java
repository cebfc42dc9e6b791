package dev.mvm.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.TensorInfo;
import dev.mvm.inspect.internal.LocalModelFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GGUF inspector")
class GgufInspectorTest {
    private final GgufInspector inspector = new GgufInspector();

    @TempDir
    Path dir;

    private FileStructure inspect(byte[] content) throws IOException {
        Files.write(dir.resolve("model.gguf"), content);
        return inspector.inspect(ArtifactPath.of("model.gguf"), LocalModelFiles.scan(dir));
    }

    static GgufFixture tinyLlama() {
        return GgufFixture.create().string("general.architecture", "llama").string("general.name", "tiny")
                .uint32("llama.block_count", 2).uint32("llama.embedding_length", 8).float32("llama.rope.freq_base", 10000f)
                .strings("tokenizer.ggml.tokens", List.of("<s>", "</s>", "a", "b")).ints("tokenizer.ggml.token_type", 1, 1, 1, 1)
                .tensor("token_embd.weight", 1, 8, 4).tensor("blk.0.attn_q.weight", 0, 8, 8).tensor("output_norm.weight", 0, 8);
    }

    @Test
    @DisplayName("reads metadata keys and values, and tensor names, types and dimensions")
    void reads() throws IOException {
        FileStructure s = inspect(tinyLlama().bytes());
        assertThat(s.format()).isEqualTo("gguf");
        assertThat(s.metadata()).containsEntry("general.architecture", "llama").containsEntry("llama.block_count", "2")
                .containsEntry("llama.rope.freq_base", "10000.0").containsEntry("tokenizer.ggml.tokens", "array<string>[4]")
                .containsEntry("tokenizer.ggml.token_type", "array<int32>[4]").containsEntry("gguf.version", "3");
        assertThat(s.tensors()).containsExactly(TensorInfo.of("token_embd.weight", "F16", List.of(8L, 4L)),
                TensorInfo.of("blk.0.attn_q.weight", "F32", List.of(8L, 8L)),
                TensorInfo.of("output_norm.weight", "F32", List.of(8L)));
        assertThat(s.parameterCount()).isEqualTo(32 + 64 + 8);
    }

    @Test
    @DisplayName("reads version 2 files too")
    void version2() throws IOException {
        FileStructure s = inspect(tinyLlama().version(2).bytes());
        assertThat(s.metadata()).containsEntry("gguf.version", "2").containsEntry("general.name", "tiny");
        assertThat(s.tensors()).hasSize(3);
    }

    @Test
    @DisplayName("every truncation of a real file fails with a clear error")
    void truncations() throws IOException {
        byte[] full = tinyLlama().bytes();
        int header = full.length - (64 + 256 + 32) - 32; // data and the alignment padding before it
        for (int cut = 0; cut < header; cut += 7) {
            byte[] part = Arrays.copyOf(full, cut);
            int at = cut;
            assertThatThrownBy(() -> inspect(part)).as("cut at %d", at).isInstanceOf(MvmException.class)
                    .hasMessageContaining("model.gguf");
        }
    }

    @Test
    @DisplayName("bad magic, an unsupported version, absurd counts and lengths are refused before allocation")
    void hostile() throws IOException {
        assertThatThrownBy(() -> inspect(new byte[64])).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> inspect(header(1, 0, 0))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Unsupported GGUF version 1");
        assertThatThrownBy(() -> inspect(header(3, 1L << 62, 0))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("4611686018427387904 tensors");
        assertThatThrownBy(() -> inspect(header(3, 900_000, 0))).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("900000 tensors");
        ByteArrayOutputStream longKey = new ByteArrayOutputStream();
        longKey.writeBytes(header(3, 0, 1));
        GgufFixture.u64(longKey, 1L << 40);
        longKey.writeBytes(new byte[32]);
        assertThatThrownBy(() -> inspect(longKey.toByteArray())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("1099511627776 bytes long");
        ByteArrayOutputStream hugeArray = new ByteArrayOutputStream();
        hugeArray.writeBytes(header(3, 0, 1));
        GgufFixture.str(hugeArray, "tokens");
        GgufFixture.u32(hugeArray, 9);
        GgufFixture.u32(hugeArray, 8);
        GgufFixture.u64(hugeArray, 1L << 50);
        hugeArray.writeBytes(new byte[64]);
        assertThatThrownBy(() -> inspect(hugeArray.toByteArray())).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("1125899906842624 string items");
        ByteArrayOutputStream nested = new ByteArrayOutputStream();
        nested.writeBytes(header(3, 0, 1));
        GgufFixture.str(nested, "deep");
        GgufFixture.u32(nested, 9);
        for (int i = 0; i < 100; i++) {
            GgufFixture.u32(nested, 9);
            GgufFixture.u64(nested, 1);
        }
        nested.writeBytes(new byte[64]);
        assertThatThrownBy(() -> inspect(nested.toByteArray())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("nests arrays deeper than");
    }

    private static byte[] header(int version, long tensors, long kvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GgufFixture.u32(out, 0x46554747);
        GgufFixture.u32(out, version);
        GgufFixture.u64(out, tensors);
        GgufFixture.u64(out, kvs);
        return out.toByteArray();
    }
}
