package dev.mvm.api.inspect;

import dev.mvm.api.artifact.ArtifactPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an inspector read from one file (or from an index and the shards it lists).
 *
 * @param path the inspected file
 * @param format the inspector's format, e.g. {@code onnx}
 * @param tensors the tensors (weights, initializers), in file order
 * @param layers the graph nodes or layers, in file order
 * @param inputs the graph inputs
 * @param outputs the graph outputs
 * @param operators operator type to number of nodes, sorted by type
 * @param metadata metadata key to value (long values shortened to {@link InspectionLimits#MAX_VALUE_CHARS}),
 *     sorted by key; a Hugging Face config's architecture, hidden size, layers, heads and vocabulary live here
 * @param covers other files this one covers, e.g. the shards of an index
 * @since 0.1
 */
public record FileStructure(ArtifactPath path, String format, List<TensorInfo> tensors, List<LayerInfo> layers,
        List<GraphValue> inputs, List<GraphValue> outputs, Map<String, Integer> operators,
        Map<String, String> metadata, List<ArtifactPath> covers) {

    /** Copies every collection; sorts the maps by key. */
    public FileStructure {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        tensors = List.copyOf(tensors);
        layers = List.copyOf(layers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        operators = Collections.unmodifiableMap(new TreeMap<>(operators));
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        covers = List.copyOf(covers);
    }

    /**
     * @param path the inspected file
     * @param format the format
     * @return a builder for a structure of that file
     */
    public static Builder builder(ArtifactPath path, String format) {
        return new Builder(path, format);
    }

    /** @return the sum of the tensors' parameter counts */
    public long parameterCount() {
        long n = 0;
        for (TensorInfo t : tensors) {
            n = Math.addExact(n, t.parameterCount());
        }
        return n;
    }

    /**
     * Collects the parts of a {@link FileStructure}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final ArtifactPath path;
        private final String format;
        private final List<TensorInfo> tensors = new ArrayList<>();
        private final List<LayerInfo> layers = new ArrayList<>();
        private final List<GraphValue> inputs = new ArrayList<>();
        private final List<GraphValue> outputs = new ArrayList<>();
        private final Map<String, Integer> operators = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final List<ArtifactPath> covers = new ArrayList<>();

        private Builder(ArtifactPath path, String format) {
            this.path = Objects.requireNonNull(path, "path");
            this.format = Objects.requireNonNull(format, "format");
        }

        /** @param tensor a tensor @return this */
        public Builder tensor(TensorInfo tensor) {
            tensors.add(Objects.requireNonNull(tensor, "tensor"));
            return this;
        }

        /** @param layer a node; also counted in the operator histogram @return this */
        public Builder layer(LayerInfo layer) {
            layers.add(Objects.requireNonNull(layer, "layer"));
            operators.merge(layer.type(), 1, Integer::sum);
            return this;
        }

        /** @param input a graph input @return this */
        public Builder input(GraphValue input) {
            inputs.add(Objects.requireNonNull(input, "input"));
            return this;
        }

        /** @param output a graph output @return this */
        public Builder output(GraphValue output) {
            outputs.add(Objects.requireNonNull(output, "output"));
            return this;
        }

        /**
         * @param key a metadata key
         * @param value its value; shortened to {@link InspectionLimits#MAX_VALUE_CHARS} characters
         * @return this
         */
        public Builder metadata(String key, String value) {
            String v = value.length() > InspectionLimits.MAX_VALUE_CHARS
                    ? value.substring(0, InspectionLimits.MAX_VALUE_CHARS - 3) + "..." : value;
            metadata.put(Objects.requireNonNull(key, "key"), v);
            return this;
        }

        /** @param covered a file this one covers @return this */
        public Builder covers(ArtifactPath covered) {
            covers.add(Objects.requireNonNull(covered, "covered"));
            return this;
        }

        /** @return how many tensors were added so far */
        public int tensorCount() {
            return tensors.size();
        }

        /** @return the structure */
        public FileStructure build() {
            return new FileStructure(path, format, tensors, layers, inputs, outputs, operators, metadata, covers);
        }
    }
}
