package dev.mvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mvm jar: the registry workflow on the embedded store")
class CliWorkflowIT {
    @TempDir
    Path dir;

    MvmProcess mvm;
    Path modelDir;
    byte[] weights;

    @BeforeEach
    void setUp() throws IOException {
        mvm = new MvmProcess(dir);
        modelDir = Files.createDirectories(dir.resolve("out/model"));
        weights = new byte[256 * 1024 + 17];
        new Random(42).nextBytes(weights);
        Files.write(modelDir.resolve("weights.bin"), weights);
        Files.writeString(modelDir.resolve("config.json"), "{\"hidden_size\": 8, \"num_hidden_layers\": 2}");
        Files.createDirectories(modelDir.resolve("tokenizer"));
        Files.writeString(modelDir.resolve("tokenizer/vocab.txt"), "a\nb\nc\n");
    }

    @Test
    @DisplayName("register, create, list, show, download (bytes verified), transition, publish, rollback")
    void lifecycle() throws IOException {
        mvm.run("models", "register", "fraud", "--framework", "pytorch", "--task", "classification",
                "--tag", "team=risk", "--model-description", "card fraud").ok();
        JsonNode v1 = mvm.run("--json", "versions", "create", "fraud", modelDir.toString(), "--version", "1.0.0",
                "--metric", "auc=0.91", "--param", "lr=3e-5", "--tag", "data=2026-q3", "--run-id", "run-1").ok().json();
        assertThat(v1.get("ref").asText()).isEqualTo("fraud@1.0.0");
        assertThat(v1.get("state").asText()).isEqualTo("DRAFT");
        assertThat(v1.at("/artifacts/fileCount").asInt()).isEqualTo(3);
        assertThat(v1.at("/artifacts/totalBytes").asLong()).isEqualTo(weights.length + 42 + 6);
        assertThat(v1.at("/metrics/auc").asDouble()).isEqualTo(0.91);
        assertThat(v1.at("/params/lr").asText()).isEqualTo("3e-5");
        assertThat(v1.at("/tags/data").asText()).isEqualTo("2026-q3");
        assertThat(v1.at("/lineage/runId").asText()).isEqualTo("run-1");

        Files.writeString(modelDir.resolve("config.json"), "{\"hidden_size\": 16, \"num_hidden_layers\": 2}");
        MvmProcess.Result created = mvm.run("versions", "create", "fraud", modelDir.resolve("config.json").toString(),
                "--bump", "minor", "--metric", "auc=0.95", "--parent", "1.0.0").ok();
        assertThat(created.stdout()).contains("Registered version fraud@1.1.0", "1 files");
        assertThat(created.stderr()).as("plain progress lines when stdout is no terminal")
                .contains("upload fraud: started", "upload fraud: done");

        JsonNode list = mvm.run("--json", "versions", "list", "fraud").ok().json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("version").asText()).isEqualTo("1.0.0");
        assertThat(list.get(1).get("version").asText()).isEqualTo("1.1.0");
        assertThat(list.get(1).at("/lineage/parent").asText()).isEqualTo("1.0.0");
        assertThat(mvm.run("versions", "list", "fraud").ok().stdout())
                .contains("VERSION", "1.0.0", "1.1.0", "DRAFT", "auc=0.95");

        JsonNode models = mvm.run("--json", "models", "list").ok().json();
        assertThat(models).hasSize(1);
        assertThat(models.get(0).get("framework").asText()).isEqualTo("pytorch");
        assertThat(mvm.run("models", "list", "--framework", "onnx").ok().stdout()).contains("No models.");

        JsonNode shown = mvm.run("--json", "versions", "show", "fraud@1.0.0").ok().json();
        List<String> paths = new ArrayList<>();
        shown.get("files").forEach(f -> paths.add(f.get("path").asText()));
        assertThat(paths).containsExactly("config.json", "tokenizer/vocab.txt", "weights.bin");

        Path target = dir.resolve("download");
        JsonNode download = mvm.run("--json", "versions", "download", "fraud@1.0.0", "-o", target.toString()).ok().json();
        assertThat(download.get("bytesTransferred").asLong()).isEqualTo(weights.length + 42 + 6);
        assertThat(Files.readAllBytes(target.resolve("weights.bin"))).isEqualTo(weights);
        assertThat(Files.readString(target.resolve("config.json"))).contains("\"hidden_size\": 8");
        assertThat(Files.readString(target.resolve("tokenizer/vocab.txt"))).isEqualTo("a\nb\nc\n");
        JsonNode again = mvm.run("--json", "versions", "download", "fraud@1.0.0", "-o", target.toString()).ok().json();
        assertThat(again.get("filesReused").asInt()).as("a second download reuses verified files").isEqualTo(3);
        assertThat(again.get("bytesTransferred").asLong()).isZero();

        assertThat(mvm.run("transition", "fraud@1.0.0", "staging", "--reason", "offline eval ok").ok().stdout())
                .contains("Moved fraud@1.0.0 to STAGING");
        JsonNode published = mvm.run("--json", "publish", "fraud@1.0.0").ok().json();
        assertThat(published.get("environment").asText()).isEqualTo("production");
        assertThat(published.get("to").asText()).isEqualTo("1.0.0");
        mvm.run("transition", "fraud@1.1.0", "STAGING").ok();
        JsonNode second = mvm.run("--json", "publish", "fraud@1.1.0", "--reason", "better auc").ok().json();
        assertThat(second.get("from").asText()).isEqualTo("1.0.0");

        Path prod = dir.resolve("prod");
        mvm.run("versions", "download", "fraud@production", "-o", prod.toString()).ok();
        assertThat(Files.readString(prod.resolve("config.json"))).contains("\"hidden_size\": 16");

        JsonNode rolledBack = mvm.run("--json", "rollback", "fraud", "--reason", "latency regression").ok().json();
        assertThat(rolledBack.get("kind").asText()).isEqualTo("ROLLBACK");
        assertThat(rolledBack.get("from").asText()).isEqualTo("1.1.0");
        assertThat(rolledBack.get("to").asText()).isEqualTo("1.0.0");

        JsonNode details = mvm.run("--json", "models", "show", "fraud").ok().json();
        assertThat(details.at("/model/description").asText()).isEqualTo("card fraud");
        assertThat(details.at("/environments/0/environment").asText()).isEqualTo("production");
        assertThat(details.at("/environments/0/version").asText()).isEqualTo("1.0.0");
        assertThat(details.at("/versions/0/state").asText()).isEqualTo("PRODUCTION");
        assertThat(details.at("/versions/1/state").asText()).isEqualTo("DEPRECATED");
        JsonNode history = mvm.run("--json", "versions", "show", "fraud@1.0.0").ok().json().get("stateHistory");
        assertThat(history.get(0).get("reason").asText()).isEqualTo("offline eval ok");
    }

    @Test
    @DisplayName("models register with files creates the first version in the same command")
    void registerWithFiles() {
        JsonNode r = mvm.run("--json", "models", "register", "nlp/bert", modelDir.toString(), "--version", "0.1.0",
                "--metric", "f1=0.8").ok().json();
        assertThat(r.at("/model/name").asText()).isEqualTo("nlp/bert");
        assertThat(r.at("/version/ref").asText()).isEqualTo("nlp/bert@0.1.0");
        assertThat(r.at("/version/metrics/f1").asDouble()).isEqualTo(0.8);
    }

    @Test
    @DisplayName("search: free text, a filter, sorts and pages")
    void search() {
        register("bert-base", "pytorch", 0.91, "language=chinese");
        register("bert-large", "pytorch", 0.95, "language=english");
        register("resnet", "onnx", 0.97, "language=none");

        JsonNode filtered = mvm.run("--json", "search", "--filter",
                "framework = 'pytorch' AND metrics.accuracy > 0.9", "--sort", "metrics.accuracy DESC").ok().json();
        assertThat(filtered.get("total").asLong()).isEqualTo(2);
        assertThat(names(filtered)).containsExactly("bert-large", "bert-base");

        JsonNode text = mvm.run("--json", "search", "bert", "--filter", "tags.language = 'chinese'").ok().json();
        assertThat(names(text)).containsExactly("bert-base");

        JsonNode page2 = mvm.run("--json", "search", "--sort", "name", "--page", "2", "--page-size", "1").ok().json();
        assertThat(page2.get("total").asLong()).isEqualTo(3);
        assertThat(names(page2)).containsExactly("bert-large");

        JsonNode versions = mvm.run("--json", "search", "--versions", "--filter", "metrics.accuracy >= 0.95").ok().json();
        assertThat(versions.get("total").asLong()).isEqualTo(2);

        assertThat(mvm.run("search", "--filter", "framework = 'onnx'").ok().stdout()).contains("resnet", "1 match(es)");
    }

    @Test
    @DisplayName("compare prints the metric differences and writes a self-contained HTML report")
    void compare() throws IOException {
        mvm.run("models", "register", "fraud").ok();
        mvm.run("versions", "create", "fraud", modelDir.toString(), "--version", "1.0.0", "--metric", "auc=0.90",
                "--param", "lr=1e-3").ok();
        mvm.run("versions", "create", "fraud", modelDir.toString(), "--version", "1.1.0", "--metric", "auc=0.95",
                "--param", "lr=3e-4").ok();
        Path html = dir.resolve("reports/compare.html");
        JsonNode c = mvm.run("--json", "compare", "fraud@1.0.0", "fraud@1.1.0", "--html", html.toString()).ok().json();
        assertThat(c.get("id").asText()).matches("[0-9a-f]{32}");
        JsonNode auc = c.at("/comparison/metrics/0");
        assertThat(auc.get("name").asText()).isEqualTo("auc");
        assertThat(auc.get("values").get(1).asDouble()).isEqualTo(0.95);
        String page = Files.readString(html);
        assertThat(page).contains("<html", "fraud@1.0.0", "fraud@1.1.0", "<svg").doesNotContain("<script");
        assertThat(mvm.run("compare", "fraud@1.0.0", "fraud@1.1.0").ok().stdout()).contains("| auc |", "lr");
    }

    @Test
    @DisplayName("gc --dry-run lists unreferenced files without deleting; gc deletes them")
    void garbageCollection() throws IOException {
        mvm.run("models", "register", "tmp").ok();
        mvm.run("versions", "create", "tmp", modelDir.toString(), "--version", "1.0.0").ok();
        mvm.run("models", "register", "keep").ok();
        mvm.run("versions", "create", "keep", modelDir.resolve("tokenizer").toString(), "--version", "1.0.0").ok();
        mvm.run("models", "delete", "tmp").ok();
        long blobsBefore = blobCount();

        JsonNode recent = mvm.run("--json", "gc", "--dry-run").ok().json();
        assertThat(recent.get("collected")).as("inside the default grace period of 24h").isEmpty();
        assertThat(recent.get("sparedAsRecent").asInt()).isPositive();

        JsonNode dry = mvm.run("--json", "gc", "--dry-run", "--grace", "0").ok().json();
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("manifestsRead").asInt()).isEqualTo(1);
        // weights.bin, config.json and the manifest of tmp@1.0.0; vocab.txt is shared with keep@1.0.0
        assertThat(dry.get("collected")).hasSize(3);
        assertThat(dry.get("bytesFreed").asLong()).isGreaterThan(weights.length);
        assertThat(blobCount()).as("a dry run deletes nothing").isEqualTo(blobsBefore);

        JsonNode done = mvm.run("--json", "gc", "--grace", "0s").ok().json();
        assertThat(done.get("collected")).hasSize(3);
        assertThat(blobCount()).isEqualTo(blobsBefore - 3);
        mvm.run("versions", "download", "keep@1.0.0", "-o", dir.resolve("keep").toString()).ok();
        assertThat(mvm.run("gc", "--dry-run", "--grace", "0").ok().stdout()).contains("would delete 0 of");
    }

    @Test
    @DisplayName("audit query lists what happened; audit verify checks the hash chain")
    void audit() {
        mvm.run("models", "register", "fraud").ok();
        mvm.run("versions", "create", "fraud", modelDir.toString()).ok();
        JsonNode records = mvm.run("--json", "audit", "query", "--model", "fraud").ok().json();
        List<String> actions = new ArrayList<>();
        records.forEach(r -> actions.add(r.get("action").asText()));
        assertThat(actions).contains("model.register", "version.register");
        JsonNode verified = mvm.run("--json", "audit", "verify").ok().json();
        assertThat(verified.get("intact").asBoolean()).isTrue();
        assertThat(verified.get("recordsChecked").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(mvm.run("audit", "verify").ok().stdout()).startsWith("Audit trail intact");
    }

    private void register(String name, String framework, double accuracy, String tag) {
        mvm.run("models", "register", name, "--framework", framework, "--tag", tag).ok();
        mvm.run("-q", "versions", "create", name, modelDir.resolve("config.json").toString(),
                "--metric", "accuracy=" + accuracy).ok();
    }

    private static List<String> names(JsonNode result) {
        List<String> names = new ArrayList<>();
        result.get("hits").forEach(h -> names.add(h.at("/model/name").asText()));
        return names;
    }

    private long blobCount() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve(".mvm/artifacts/blobs"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
