package dev.mvm.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.InspectionLimits;
import dev.mvm.api.inspect.ModelFiles;
import dev.mvm.api.inspect.StructureInspector;
import dev.mvm.inspect.internal.BoundedJson;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Hugging Face {@code config.json}: every top-level setting as metadata (nested objects flattened
 * with dots, arrays as JSON text), plus the architecture facts under their standard names, whatever the
 * model family calls them: {@code architecture} (the first of {@code architectures}, else
 * {@code model_type}), {@code hidden_size} ({@code n_embd}, {@code d_model}), {@code num_hidden_layers}
 * ({@code n_layer}, {@code num_layers}), {@code num_attention_heads} ({@code n_head}) and {@code vocab_size}.
 * The file is read whole, up to {@link InspectionLimits#MAX_JSON_BYTES}.
 *
 * @since 0.1
 */
public final class HuggingFaceConfigInspector implements StructureInspector {
    /** Settings that define the architecture: a change to any of them changes the model's shape. */
    public static final Set<String> ARCHITECTURE_KEYS = Set.of("architecture", "architectures", "model_type",
            "hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "intermediate_size",
            "vocab_size", "max_position_embeddings", "hidden_act", "head_dim", "num_experts",
            "num_local_experts", "num_experts_per_tok", "tie_word_embeddings", "type_vocab_size");
    private static final Map<String, List<String>> ALIASES = Map.of(
            "hidden_size", List.of("hidden_size", "n_embd", "d_model", "dim"),
            "num_hidden_layers", List.of("num_hidden_layers", "n_layer", "num_layers", "n_layers"),
            "num_attention_heads", List.of("num_attention_heads", "n_head", "num_heads", "n_heads"),
            "vocab_size", List.of("vocab_size", "n_vocab"));
    private static final int MAX_KEYS = 10_000;

    /** Creates the inspector; {@link java.util.ServiceLoader} calls this. */
    public HuggingFaceConfigInspector() {
    }

    @Override
    public String format() {
        return "hf-config";
    }

    @Override
    public boolean supports(ArtifactPath path) {
        return path.fileName().equals("config.json");
    }

    @Override
    public FileStructure inspect(ArtifactPath path, ModelFiles files) {
        var source = files.open(path);
        JsonNode config = BoundedJson.read(source);
        if (!config.isObject()) {
            throw new IntegrityException("Malformed " + source.describe() + ": a Hugging Face config is a JSON object");
        }
        FileStructure.Builder out = FileStructure.builder(path, format());
        int[] count = {0};
        flatten("", config, out, count);
        JsonNode architectures = config.get("architectures");
        if (architectures != null && architectures.isArray() && !architectures.isEmpty()) {
            out.metadata("architecture", architectures.get(0).asText());
        } else if (config.hasNonNull("model_type")) {
            out.metadata("architecture", config.get("model_type").asText());
        }
        ALIASES.forEach((standard, names) -> {
            for (String name : names) {
                JsonNode v = config.get(name);
                if (v != null && v.isValueNode()) {
                    out.metadata(standard, v.asText());
                    break;
                }
            }
        });
        return out.build();
    }

    private static void flatten(String prefix, JsonNode node, FileStructure.Builder out, int[] count) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (++count[0] > MAX_KEYS) {
                return;
            }
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject() && !v.isEmpty()) {
                flatten(key + ".", v, out, count);
            } else {
                out.metadata(key, v.isValueNode() ? v.asText() : v.toString());
            }
        }
    }
}
