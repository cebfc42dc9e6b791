package dev.mvm.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.ModelStructure;
import dev.mvm.api.inspect.TensorInfo;
import dev.mvm.inspect.internal.LocalModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Safetensors inspector")
class SafetensorsInspectorTest {
    private final SafetensorsInspector inspector = new SafetensorsInspector();

    @TempDir
    Path dir;

    private FileStructure inspect(String name) {
        return inspector.inspect(ArtifactPath.of(name), LocalModelFiles.scan(dir));
    }

    private void writeRaw(String name, byte[]... parts) throws IOException {
        Files.write(dir.resolve(name), SafetensorsFixture.concat(parts));
    }

    @Test
    @DisplayName("reads names, dtypes, shapes, parameter counts and metadata of a single file")
    void singleFile() throws IOException {
        SafetensorsFixture.create().metadata("format", "pt")
                .tensor("embed.weight", "F32", 10, 4).tensor("head.bias", "F16", 3)
                .write(dir.resolve("model.safetensors"), 1);
        FileStructure s = inspect("model.safetensors");
        assertThat(s.format()).isEqualTo("safetensors");
        assertThat(s.tensors()).containsExactly(TensorInfo.of("embed.weight", "F32", List.of(10L, 4L)),
                TensorInfo.of("head.bias", "F16", List.of(3L)));
        assertThat(s.parameterCount()).isEqualTo(43);
        assertThat(s.metadata()).containsEntry("format", "pt");
        assertThat(inspector.supports(ArtifactPath.of("a/b.safetensors"))).isTrue();
        assertThat(inspector.supports(ArtifactPath.of("model.bin"))).isFalse();
    }

    @Test
    @DisplayName("reads a sharded checkpoint through its index, and the reader does not count the shards twice")
    void sharded() throws IOException {
        SafetensorsFixture.create().tensor("a", "F32", 2, 2).write(dir.resolve("m/model-00001-of-00002.safetensors"), 1);
        SafetensorsFixture.create().tensor("b", "F32", 3).tensor("c", "BF16", 1, 5)
                .write(dir.resolve("m/model-00002-of-00002.safetensors"), 2);
        Files.writeString(dir.resolve("m/model.safetensors.index.json"), """
                {"metadata": {"total_size": 38},
                 "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors",
                                "c": "model-00002-of-00002.safetensors"}}""");
        ModelStructure s = StructureReader.loadDefault().read(dir);
        assertThat(s.files()).hasSize(1);
        FileStructure index = s.files().get(0);
        assertThat(index.path().value()).isEqualTo("m/model.safetensors.index.json");
        assertThat(index.tensors()).extracting(TensorInfo::name).containsExactly("a", "b", "c");
        assertThat(index.covers()).extracting(ArtifactPath::value)
                .containsExactly("m/model-00001-of-00002.safetensors", "m/model-00002-of-00002.safetensors");
        assertThat(index.metadata()).containsEntry("total_size", "38");
        assertThat(s.parameterCount()).isEqualTo(4 + 3 + 5);
        assertThat(s.uninspected()).isEmpty();
    }

    @Test
    @DisplayName("an index naming a missing shard, or a tensor the shard lacks, is an integrity error")
    void brokenIndex() throws IOException {
        SafetensorsFixture.create().tensor("a", "F32", 2).write(dir.resolve("s1.safetensors"), 1);
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"a\": \"s1.safetensors\", \"b\": \"s2.safetensors\"}}");
        assertThatThrownBy(() -> inspect("model.safetensors.index.json")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("s2.safetensors");
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"a\": \"s1.safetensors\", \"zz\": \"s1.safetensors\"}}");
        assertThatThrownBy(() -> inspect("model.safetensors.index.json")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("zz");
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"a\": \"../x.safetensors\"}}");
        assertThatThrownBy(() -> inspect("model.safetensors.index.json")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("not a valid relative path");
    }

    @Nested
    @DisplayName("rejects hostile files with a clear error")
    class Hostile {
        @Test
        @DisplayName("a header length of 2^60 is refused before any allocation")
        void absurdLength() throws IOException {
            writeRaw("model.safetensors", SafetensorsFixture.prefix(1L << 60), "{}      ".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> inspect("model.safetensors")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("1152921504606846976").hasMessageContaining("allowed are 2 to");
            writeRaw("model.safetensors", SafetensorsFixture.prefix(-1L), new byte[8]);
            assertThatThrownBy(() -> inspect("model.safetensors")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("18446744073709551615");
        }

        @Test
        @DisplayName("a header longer than the file, or a file shorter than 8 bytes, is truncated")
        void truncated() throws IOException {
            writeRaw("model.safetensors", SafetensorsFixture.prefix(4096), "{\"a\":".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> inspect("model.safetensors")).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("Truncated").hasMessageContaining("4096");
            writeRaw("model.safetensors", new byte[5]);
            assertThatThrownBy(() -> inspect("model.safetensors")).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("fewer than the 8-byte header length");
        }

        @Test
        @DisplayName("JSON nested 100,000 levels deep is refused by the nesting limit")
        void deepNesting() throws IOException {
            String deep = "[".repeat(100_000) + "]".repeat(100_000);
            for (String header : List.of("{\"__metadata__\":{\"x\":" + deep + "}}",
                    "{\"t\":{\"dtype\":\"F32\",\"extra\":" + deep + "}}")) {
                byte[] json = header.getBytes(StandardCharsets.UTF_8);
                writeRaw("model.safetensors", SafetensorsFixture.prefix(json.length), json);
                assertThatThrownBy(() -> inspect("model.safetensors")).isInstanceOf(ValidationException.class)
                        .hasMessageContaining("nesting depth");
            }
        }

        @Test
        @DisplayName("malformed JSON, a non-object header, bad shapes and inconsistent offsets are integrity errors")
        void malformed() throws IOException {
            for (String header : List.of("{\"a\": {\"dtype\": \"F32\"", "[1,2,3]",
                    "{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}",
                    "{\"a\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 4]}}",
                    "{\"a\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 4]}}",
                    "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [8, 4]}}",
                    "{\"a\": 7}")) {
                byte[] json = header.getBytes(StandardCharsets.UTF_8);
                writeRaw("model.safetensors", SafetensorsFixture.prefix(json.length), json, new byte[16]);
                assertThatThrownBy(() -> inspect("model.safetensors")).as(header)
                        .isInstanceOf(IntegrityException.class).hasMessageContaining("model.safetensors");
            }
        }
    }
}
