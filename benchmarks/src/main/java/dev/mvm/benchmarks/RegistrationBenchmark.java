package dev.mvm.benchmarks;

import dev.mvm.ModelRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Registering and downloading one large file through the facade, against {@link Files#copy} of the same
 * file on the same disk in the same run. Each iteration starts from an empty registry (no deduplication
 * shortcut) and an empty download directory.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RegistrationBenchmark -p sizeMiB=1024
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class RegistrationBenchmark {
    @Param({"1024"})
    public int sizeMiB;

    private Path work;
    private Path source;
    private Path copyTarget;
    private Path registryDir;
    private Path downloadDir;
    private ModelRegistry seeded;
    private int iteration;

    @Setup(Level.Trial)
    public void createFile() throws IOException {
        work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(), "mvm-bench-");
        source = work.resolve("model.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(source)) {
            for (int i = 0; i < sizeMiB; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        seeded = ModelRegistry.local(work.resolve("seeded"));
        seeded.models().register("bench");
        seeded.model("bench").newVersion().version("1.0.0").file(source).register();
    }

    @Setup(Level.Iteration)
    public void freshTargets() throws IOException {
        iteration++;
        copyTarget = work.resolve("copy-" + iteration + ".bin");
        registryDir = work.resolve("registry-" + iteration);
        downloadDir = work.resolve("download-" + iteration);
    }

    @TearDown(Level.Iteration)
    public void removeTargets() throws IOException {
        Files.deleteIfExists(copyTarget);
        delete(registryDir);
        delete(downloadDir);
    }

    @TearDown(Level.Trial)
    public void removeAll() throws IOException {
        seeded.close();
        delete(work);
    }

    /** The baseline: the JDK's copy of the same file on the same disk. */
    @Benchmark
    public long filesCopy() throws IOException {
        Files.copy(source, copyTarget, StandardCopyOption.REPLACE_EXISTING);
        return Files.size(copyTarget);
    }

    /** Registers the file as a new version into an empty embedded registry: hash, store, manifest, commit. */
    @Benchmark
    public long register() {
        try (ModelRegistry registry = ModelRegistry.local(registryDir)) {
            registry.models().register("bench");
            return registry.model("bench").newVersion().version("1.0.0").file(source).register().artifacts().totalBytes();
        }
    }

    /** Downloads the version into an empty directory, re-hashing every byte. */
    @Benchmark
    public long verifiedDownload() {
        return seeded.model("bench").version("1.0.0").download(downloadDir).bytesTransferred();
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
