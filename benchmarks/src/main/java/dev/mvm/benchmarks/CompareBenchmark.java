package dev.mvm.benchmarks;

import dev.mvm.ModelRegistry;
import dev.mvm.compare.Comparison;
import dev.mvm.compare.Comparisons;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Comparing two versions on the embedded registry (SQLite + content-addressed blobs), each with 1,000 metrics,
 * 1,000 parameters, a {@code config.json} and a {@code model.safetensors} whose header describes a
 * Llama-2-7B-shaped model (291 tensors, 6.74 billion parameters, BF16). The target is under 200 ms per
 * comparison: metrics, parameters, structure diff of both headers, file diff, bump, id and storage.
 *
 * <p>Registration hashes every byte, so the weight files hold the real 7B header followed by a 1 MiB sparse
 * stand-in for the data section (the inspector never reads the data; {@code RangeReadTest} proves that on
 * 200 MB files by counting bytes).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CompareBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class CompareBenchmark {
    private Path dir;
    private ModelRegistry registry;
    private Comparisons comparisons;

    @Setup(Level.Trial)
    public void register() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(), "mvm-compare-");
        registry = ModelRegistry.local(dir.resolve("registry"));
        registry.models().register("llama-7b");
        for (int v = 1; v <= 2; v++) {
            Path files = Files.createDirectories(dir.resolve("v" + v));
            writeSafetensors(files.resolve("model.safetensors"), v == 1 ? 32000 : 32016, "step-" + v);
            Files.writeString(files.resolve("config.json"), "{\"architectures\": [\"LlamaForCausalLM\"], "
                    + "\"hidden_size\": 4096, \"intermediate_size\": 11008, \"num_hidden_layers\": 32, "
                    + "\"num_attention_heads\": 32, \"vocab_size\": " + (v == 1 ? 32000 : 32016) + "}");
            Map<String, Double> metrics = new LinkedHashMap<>();
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < 1000; i++) {
                metrics.put(String.format(Locale.ROOT, "eval_%04d_accuracy", i), 0.5 + (i * 7 + v * 13) % 100 / 200.0);
                params.put(String.format(Locale.ROOT, "param_%04d", i), i % 10 == 0 ? "v" + v : "value-" + i);
            }
            registry.model("llama-7b").newVersion().version("1." + (v - 1) + ".0").files(files)
                    .metrics(metrics).params(params).register();
        }
        comparisons = Comparisons.of(registry, dir.resolve("comparisons"));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        registry.close();
        RegistrationBenchmark.delete(dir);
    }

    /** Compares the two versions: 1,000 metrics and parameters, two 7B headers, files, bump, id, store. */
    @Benchmark
    public Comparison compareTwoVersions() {
        return comparisons.compare("llama-7b@1.0.0", "llama-7b@1.1.0");
    }

    /** A Llama-2-7B-shaped safetensors header, then a 1 MiB sparse stand-in for the data section. */
    static void writeSafetensors(Path file, int vocab, String step) throws IOException {
        Map<String, long[]> tensors = new LinkedHashMap<>();
        tensors.put("model.embed_tokens.weight", new long[] {vocab, 4096});
        for (int l = 0; l < 32; l++) {
            String p = "model.layers." + l + ".";
            for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "o_proj"}) {
                tensors.put(p + "self_attn." + proj + ".weight", new long[] {4096, 4096});
            }
            tensors.put(p + "mlp.gate_proj.weight", new long[] {11008, 4096});
            tensors.put(p + "mlp.up_proj.weight", new long[] {11008, 4096});
            tensors.put(p + "mlp.down_proj.weight", new long[] {4096, 11008});
            tensors.put(p + "input_layernorm.weight", new long[] {4096});
            tensors.put(p + "post_attention_layernorm.weight", new long[] {4096});
        }
        tensors.put("model.norm.weight", new long[] {4096});
        tensors.put("lm_head.weight", new long[] {vocab, 4096});
        StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\",\"step\":\"" + step + "\"}");
        long offset = 0;
        for (Map.Entry<String, long[]> t : tensors.entrySet()) {
            long bytes = 2;
            for (long d : t.getValue()) {
                bytes *= d;
            }
            json.append(",\"").append(t.getKey()).append("\":{\"dtype\":\"BF16\",\"shape\":[")
                    .append(t.getValue()[0]).append(t.getValue().length > 1 ? "," + t.getValue()[1] : "")
                    .append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            raf.write(header);
            raf.setLength(8L + header.length + (1 << 20));
        }
    }
}
