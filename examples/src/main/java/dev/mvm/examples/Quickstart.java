package dev.mvm.examples;

import dev.mvm.Download;
import dev.mvm.ModelRegistry;
import dev.mvm.api.model.Bump;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The quickstart: registers {@code bert-base-chinese} on the embedded default registry, adds version 1.0.0
 * and an automatically bumped 1.1.0 from a directory of (tiny, generated) model files, lists the history,
 * and downloads 1.1.0 with every byte verified.
 *
 * <p>Run it from the repository root with {@code ./mvnw -q -pl examples -am verify -DskipTests -Dquickstart}.
 */
public final class Quickstart {
    private Quickstart() {
    }

    /**
     * @param args optionally, the working directory (default {@code target/quickstart})
     * @throws IOException if the example files cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path work = Path.of(args.length > 0 ? args[0] : "target/quickstart").toAbsolutePath();
        deleteRecursively(work);
        Path modelDir = writeExampleModel(work.resolve("out/model"), 1);

        try (ModelRegistry registry = ModelRegistry.local(work.resolve("registry"))) {
            // snippet:quickstart
            Model model = registry.models().register("bert-base-chinese", m -> m
                    .description("BERT base, Chinese, fine-tuned for sentiment")
                    .framework("pytorch")
                    .task("text-classification")
                    .tag("language", "chinese")
                    .metadata("input", Map.of("name", "input_ids", "shape", List.of(-1, 512)))
                    .metadata("output", Map.of("name", "logits", "shape", List.of(-1, 2))));

            ModelVersion v1 = registry.model("bert-base-chinese").newVersion()
                    .version("1.0.0")
                    .files(modelDir)
                    .metrics(Map.of("accuracy", 0.912, "f1", 0.905))
                    .param("learning_rate", "3e-5")
                    .description("first fine-tune")
                    .register();

            writeExampleModel(modelDir, 2); // retrain: new weights, same architecture
            ModelVersion v2 = registry.model("bert-base-chinese").newVersion()
                    .bump(Bump.MINOR)                // 1.0.0 -> 1.1.0
                    .files(modelDir)
                    .metrics(Map.of("accuracy", 0.934, "f1", 0.927))
                    .param("learning_rate", "2e-5")
                    .parent("1.0.0")
                    .register();

            Download download = registry.model("bert-base-chinese").version("1.1.0")
                    .download(work.resolve("serving/bert-base-chinese"));
            // end-snippet

            System.out.println("Registry:   " + registry);
            System.out.println("Registered: " + model.name() + " (" + model.framework() + ", " + model.task()
                    + ", tags " + model.tags() + ")");
            System.out.println("Created:    " + v1.ref() + " " + describe(v1));
            System.out.println("Bumped:     " + v2.ref() + " " + describe(v2) + ", parent "
                    + v2.lineage().parentVersion().orElseThrow());
            System.out.println("History of " + model.name() + ":");
            for (ModelVersion v : registry.model("bert-base-chinese").versions()) {
                System.out.printf("  %-8s %-6s accuracy=%.3f  %d files, %d bytes, root %s%n", v.version(), v.state(),
                        v.metrics().get("accuracy"), v.artifacts().fileCount(), v.artifacts().totalBytes(),
                        v.artifacts().root().hex().substring(0, 12));
            }
            System.out.println("Downloaded " + download.version() + " to " + download.directory() + ": "
                    + download.manifest().files().size() + " files, " + download.bytesTransferred()
                    + " bytes, every SHA-256 verified");
            download.manifest().files().forEach(f -> System.out.printf("  %-24s %8d  %s%n", f.path(), f.size(),
                    f.sha256().hex().substring(0, 16)));
        }
    }

    private static String describe(ModelVersion v) {
        return "(" + v.artifacts().fileCount() + " files, accuracy " + v.metrics().get("accuracy") + ")";
    }

    /** Writes a tiny stand-in for a Hugging Face model directory; {@code seed} varies the weights. */
    static Path writeExampleModel(Path dir, int seed) throws IOException {
        Files.createDirectories(dir.resolve("tokenizer"));
        Files.writeString(dir.resolve("config.json"), "{\n  \"architectures\": [\"BertForSequenceClassification\"],\n"
                + "  \"hidden_size\": 768,\n  \"num_hidden_layers\": 12,\n  \"num_attention_heads\": 12,\n"
                + "  \"vocab_size\": 21128\n}\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tokenizer/vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n的\n是\n不\n",
                StandardCharsets.UTF_8);
        byte[] weights = new byte[64 * 1024];
        new Random(seed).nextBytes(weights);
        Files.write(dir.resolve("model.safetensors"), weights);
        return dir;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
