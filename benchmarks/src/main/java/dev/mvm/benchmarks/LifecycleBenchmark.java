package dev.mvm.benchmarks;

import dev.mvm.ModelRegistry;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Lifecycle latency on the embedded registry, sampled for percentiles (target: p99 under 10 ms):
 * a single state transition, and a publish to production (state transition, conditional pointer move,
 * the replaced version back to STAGING, and the re-reads in between). The registry holds 100 models with
 * 10 versions each before measuring.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LifecycleBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class LifecycleBenchmark {
    private Path dir;
    private ModelRegistry registry;
    private boolean staged;
    private boolean publishFirst;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(),
                "mvm-lifecycle-");
        registry = ModelRegistry.local(dir);
        for (int m = 0; m < 100; m++) {
            String name = "model-" + m;
            registry.models().register(name);
            for (int v = 0; v < 10; v++) {
                registry.model(name).newVersion().version("1." + v + ".0").metric("accuracy", 0.9).register();
            }
        }
        registry.models().register("bench");
        registry.model("bench").newVersion().version("1.0.0").register();
        for (String v : new String[] {"2.0.0", "2.1.0"}) {
            registry.model("bench").newVersion().version(v).metric("accuracy", 0.9).register();
            registry.model("bench").version(v).transition(LifecycleState.STAGING, "candidate");
        }
        registry.model("bench").version("2.0.0").publish();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        registry.close();
        RegistrationBenchmark.delete(dir);
    }

    /** One transition, alternating DRAFT -> STAGING and STAGING -> DRAFT. */
    @Benchmark
    public ModelVersion transition() {
        staged = !staged;
        return registry.model("bench").version("1.0.0")
                .transition(staged ? LifecycleState.STAGING : LifecycleState.DRAFT, "bench");
    }

    /** One publish to production, alternating between two staged versions. */
    @Benchmark
    public PointerMove publish() {
        publishFirst = !publishFirst;
        return registry.model("bench").version(publishFirst ? "2.1.0" : "2.0.0").publish("production", "bench");
    }
}
