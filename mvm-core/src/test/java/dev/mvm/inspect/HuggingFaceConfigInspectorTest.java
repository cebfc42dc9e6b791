package dev.mvm.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.inspect.internal.LocalModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Hugging Face config inspector")
class HuggingFaceConfigInspectorTest {
    private final HuggingFaceConfigInspector inspector = new HuggingFaceConfigInspector();

    @TempDir
    Path dir;

    private FileStructure inspect(String json) throws IOException {
        Files.writeString(dir.resolve("config.json"), json);
        return inspector.inspect(ArtifactPath.of("config.json"), LocalModelFiles.scan(dir));
    }

    @Test
    @DisplayName("reads architecture, hidden size, layers, heads and vocabulary of a BERT config")
    void bert() throws IOException {
        FileStructure s = inspect("""
                {"architectures": ["BertForSequenceClassification"], "model_type": "bert", "hidden_size": 768,
                 "num_hidden_layers": 12, "num_attention_heads": 12, "vocab_size": 21128,
                 "id2label": {"0": "negative", "1": "positive"}, "torch_dtype": "float32"}""");
        assertThat(s.metadata()).containsEntry("architecture", "BertForSequenceClassification")
                .containsEntry("hidden_size", "768").containsEntry("num_hidden_layers", "12")
                .containsEntry("num_attention_heads", "12").containsEntry("vocab_size", "21128")
                .containsEntry("id2label.1", "positive").containsEntry("architectures", "[\"BertForSequenceClassification\"]");
        assertThat(s.tensors()).isEmpty();
        assertThat(inspector.supports(ArtifactPath.of("x/config.json"))).isTrue();
        assertThat(inspector.supports(ArtifactPath.of("generation_config.json"))).isFalse();
    }

    @Test
    @DisplayName("maps GPT-2 style names (n_embd, n_layer, n_head) onto the standard ones")
    void gpt2() throws IOException {
        FileStructure s = inspect("{\"model_type\": \"gpt2\", \"n_embd\": 768, \"n_layer\": 12, \"n_head\": 12,"
                + " \"vocab_size\": 50257}");
        assertThat(s.metadata()).containsEntry("architecture", "gpt2").containsEntry("hidden_size", "768")
                .containsEntry("num_hidden_layers", "12").containsEntry("num_attention_heads", "12");
    }

    @Test
    @DisplayName("rejects deep nesting, non-objects and malformed JSON")
    void hostile() throws IOException {
        assertThatThrownBy(() -> inspect("{\"a\":" + "{\"b\":".repeat(5000) + "1" + "}".repeat(5001)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> inspect("[1]")).isInstanceOf(IntegrityException.class).hasMessageContaining("object");
        assertThatThrownBy(() -> inspect("{\"a\": ")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("Malformed JSON");
    }
}
