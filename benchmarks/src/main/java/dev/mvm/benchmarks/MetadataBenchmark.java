package dev.mvm.benchmarks;

import dev.mvm.ModelRegistry;
import dev.mvm.api.model.Bump;
import dev.mvm.api.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Metadata latency on the embedded registry, sampled for percentiles: reading one version, and creating a
 * version without files (bump, empty manifest, commit). The registry holds 1,000 models with 10 versions
 * each before measuring.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MetadataBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class MetadataBenchmark {
    private Path dir;
    private ModelRegistry registry;
    private int next;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(), "mvm-meta-");
        registry = ModelRegistry.local(dir);
        for (int m = 0; m < 1000; m++) {
            String name = "model-" + m;
            registry.models().register(name, r -> r.framework("pytorch").tag("team", "t" + name.hashCode() % 10));
            for (int v = 0; v < 10; v++) {
                registry.model(name).newVersion().bump(Bump.MINOR)
                        .metrics(Map.of("accuracy", 0.9, "f1", 0.8)).param("lr", "3e-5").register();
            }
        }
        registry.models().register("bench");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        registry.close();
        RegistrationBenchmark.delete(dir);
    }

    /** One version by model and version: a single indexed lookup. */
    @Benchmark
    public ModelVersion getVersion() {
        next = (next + 1) % 1000;
        return registry.model("model-" + next).version("0." + (next % 10 + 1) + ".0").info();
    }

    /** A new version without files, automatically bumped: read latest, store empty manifest, commit. */
    @Benchmark
    public ModelVersion createVersion() {
        return registry.model("bench").newVersion().bump(Bump.PATCH).metric("accuracy", 0.93).register();
    }
}
