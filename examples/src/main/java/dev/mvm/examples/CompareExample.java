package dev.mvm.examples;

import dev.mvm.ModelRegistry;
import dev.mvm.compare.Comparison;
import dev.mvm.compare.Comparisons;
import dev.mvm.compare.ReportFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Compares two versions of a small BERT-shaped classifier and writes the HTML report. It registers three
 * versions of {@code tiny-bert}: 1.0.0, a retrained 1.1.0 (same architecture, new weights) and 2.0.0 (one
 * more encoder layer and a larger vocabulary), then compares 1.1.0 with 2.0.0: metrics with their
 * directions, parameters, the tensor-level structure diff and the suggested version bump.
 *
 * <p>Run it from the repository root with
 * {@code ./mvnw -q -pl examples -am verify -DskipTests -Dquickstart -Dexample=dev.mvm.examples.CompareExample};
 * the report is {@code examples/target/quickstart/comparison.html}.
 */
public final class CompareExample {
    private CompareExample() {
    }

    /**
     * @param args optionally, the working directory (default {@code target/compare-example})
     * @throws IOException if the example files cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path work = Path.of(args.length > 0 ? args[0] : "target/compare-example").toAbsolutePath();
        deleteRecursively(work);
        try (ModelRegistry registry = ModelRegistry.local(work.resolve("registry"))) {
            registry.models().register("tiny-bert", m -> m.framework("pytorch").task("text-classification"));
            register(registry, "1.0.0", writeModel(work.resolve("out/v1"), 2, 1000, 1),
                    Map.of("accuracy", 0.871, "f1", 0.862, "loss", 0.402, "latency_ms", 3.9), "3e-5", "3");
            register(registry, "1.1.0", writeModel(work.resolve("out/v2"), 2, 1000, 2),
                    Map.of("accuracy", 0.889, "f1", 0.874, "loss", 0.371, "latency_ms", 3.9), "2e-5", "4");
            register(registry, "2.0.0", writeModel(work.resolve("out/v3"), 3, 1200, 3),
                    Map.of("accuracy", 0.912, "f1", 0.905, "loss", 0.318, "latency_ms", 5.2), "1e-5", "5");

            // snippet:compare
            Comparisons comparisons = Comparisons.of(registry, work.resolve("comparisons"));
            Comparison comparison = comparisons.compare("tiny-bert@1.1.0", "tiny-bert@2.0.0");

            System.out.println("Suggested bump: " + comparison.diffs().get(0).suggestedBump().bump());
            Path html = ReportFormat.HTML.write(comparison, work.resolve("comparison.html"));
            String markdown = ReportFormat.MARKDOWN.render(comparison);

            Comparison again = comparisons.get(comparison.id()); // persisted; retrievable by id
            // end-snippet

            System.out.println("Comparison " + again.id() + " written to " + html);
            Files.writeString(work.resolve("comparison.md"), markdown);
            System.out.println(markdown);
        }
    }

    private static void register(ModelRegistry registry, String version, Path files, Map<String, Double> metrics,
            String learningRate, String epochs) {
        registry.model("tiny-bert").newVersion().version(version).files(files).metrics(metrics)
                .param("learning_rate", learningRate).param("epochs", epochs).register();
    }

    /** Writes a BERT-shaped classifier: config.json and model.safetensors with seeded random weights. */
    static Path writeModel(Path dir, int layers, int vocab, long seed) throws IOException {
        int hidden = 32;
        Map<String, int[]> tensors = new LinkedHashMap<>();
        tensors.put("embeddings.word_embeddings.weight", new int[] {vocab, hidden});
        tensors.put("embeddings.position_embeddings.weight", new int[] {64, hidden});
        for (int i = 0; i < layers; i++) {
            for (String part : List.of("query", "key", "value")) {
                tensors.put("encoder.layer." + i + ".attention.self." + part + ".weight", new int[] {hidden, hidden});
            }
            tensors.put("encoder.layer." + i + ".intermediate.dense.weight", new int[] {4 * hidden, hidden});
            tensors.put("encoder.layer." + i + ".output.dense.weight", new int[] {hidden, 4 * hidden});
        }
        tensors.put("classifier.weight", new int[] {2, hidden});
        tensors.put("classifier.bias", new int[] {2});
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.safetensors"), safetensors(tensors, new Random(seed)));
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"BertForSequenceClassification\"], "
                + "\"model_type\": \"bert\", \"hidden_size\": " + hidden + ", \"num_hidden_layers\": " + layers
                + ", \"num_attention_heads\": 4, \"vocab_size\": " + vocab + "}");
        return dir;
    }

    /** The safetensors layout: 8-byte little-endian header length, JSON header, F32 data in header order. */
    private static byte[] safetensors(Map<String, int[]> tensors, Random random) {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        List<float[]> data = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, int[]> t : tensors.entrySet()) {
            int n = 1;
            StringBuilder shape = new StringBuilder();
            for (int d : t.getValue()) {
                n *= d;
                shape.append(shape.length() > 0 ? "," : "").append(d);
            }
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (float) (random.nextGaussian() * 0.02);
            }
            data.add(values);
            header.append(",\"").append(t.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":[").append(shape)
                    .append("],\"data_offsets\":[").append(offset).append(',').append(offset + 4L * n).append("]}");
            offset += 4L * n;
        }
        header.append('}');
        while (header.length() % 8 != 0) {
            header.append(' ');
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + json.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        data.forEach(values -> {
            for (float v : values) {
                out.putFloat(v);
            }
        });
        return out.array();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
