package dev.mvm.benchmarks;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.embedded.internal.HashingCopy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Writing a large file into the embedded blob store and reading it back verified, against {@link Files#copy}
 * of the same file on the same disk in the same run.
 *
 * <ul>
 *   <li>{@code filesCopy}: the baseline, {@code Files.copy} (no fsync; on Linux the JDK uses sendfile).
 *   <li>{@code filesCopyDurable}: {@code Files.copy} then fsync, what a crash-safe copy costs.
 *   <li>{@code sha256Only}: hashing the file without writing it, the floor for anything that hashes.
 *   <li>{@code storeWriteFile}, {@code storeWriteStream}: {@code write(location, Path)} and
 *       {@code write(location, InputStream)}, hashing, fsync, atomic rename.
 *   <li>{@code storeReadVerified}: {@code open} and re-hash every byte on the reading thread.
 *   <li>{@code storeDownloadVerified}: {@code open}, copy to a file and re-hash every byte, pipelined.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BlobStoreBenchmark -p dir=/tmp/mvm-blob-bench -p sizeMiB=1024
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class BlobStoreBenchmark {
    private static final int IO_BUFFER = 4 << 20;

    /** The source file and the store, shared by all invocations of a trial. */
    @State(Scope.Benchmark)
    public static class Source {
        /** Working directory; must be on the disk under test. */
        @Param("target/blob-bench")
        public String dir;

        /** File size in MiB. */
        @Param("1024")
        public int sizeMiB;

        Path work;
        Path source;
        Path copy;
        ContentAddressedBlobStore store;
        Sha256 expected;
        FileLocation location;
        ExecutorService background;
        HashingCopy downloader;

        @Setup(Level.Trial)
        public void create() throws IOException {
            work = Path.of(dir).toAbsolutePath();
            deleteTree(work);
            Files.createDirectories(work);
            source = work.resolve("source.bin");
            copy = work.resolve("copy.bin");
            MessageDigest md = Sha256.newDigest();
            SplittableRandom random = new SplittableRandom(2026);
            byte[] chunk = new byte[1 << 20];
            try (FileChannel out = FileChannel.open(source, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int i = 0; i < sizeMiB; i++) {
                    for (int j = 0; j < chunk.length; j += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) {
                            chunk[j + k] = (byte) (v >>> (k * 8));
                        }
                    }
                    md.update(chunk);
                    ByteBuffer b = ByteBuffer.wrap(chunk);
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
                out.force(true);
            }
            expected = Sha256.fromBytes(md.digest());
            store = ContentAddressedBlobStore.open(work.resolve("store"));
            location = new FileLocation(ModelName.of("bench"), SemanticVersion.parse("1.0.0"),
                    ArtifactPath.of("model.bin"));
            background = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "bench-download");
                t.setDaemon(true);
                return t;
            });
            downloader = new HashingCopy(background, IO_BUFFER, 3);
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            store.close();
            background.shutdown();
            deleteTree(work);
        }

        void removeOutputs() throws IOException {
            Files.deleteIfExists(copy);
            store.deleteBlob(expected, Instant.now().plusSeconds(3600));
        }

        void check(Sha256 actual) {
            if (!actual.equals(expected)) {
                throw new IllegalStateException("Digest " + actual + " differs from " + expected);
            }
        }
    }

    /** Before each invocation: no copy and no blob, so every write really writes. */
    @State(Scope.Benchmark)
    public static class Fresh {
        @Setup(Level.Invocation)
        public void clear(Source s) throws IOException {
            s.removeOutputs();
        }
    }

    /** The blob is stored before the read benchmarks; the copy is removed before each invocation. */
    @State(Scope.Benchmark)
    public static class Stored {
        @Setup(Level.Trial)
        public void storeOnce(Source s) {
            s.check(s.store.write(s.location, s.source).sha256());
        }

        @Setup(Level.Invocation)
        public void clear(Source s) throws IOException {
            Files.deleteIfExists(s.copy);
        }
    }

    @Benchmark
    public Path filesCopy(Source s, Fresh f) throws IOException {
        return Files.copy(s.source, s.copy, StandardCopyOption.REPLACE_EXISTING);
    }

    @Benchmark
    public Path filesCopyDurable(Source s, Fresh f) throws IOException {
        Files.copy(s.source, s.copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(s.copy, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return s.copy;
    }

    @Benchmark
    public Sha256 sha256Only(Source s) throws IOException {
        MessageDigest md = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(IO_BUFFER);
        try (FileChannel in = FileChannel.open(s.source, StandardOpenOption.READ)) {
            while (in.read(buffer.clear()) >= 0) {
                md.update(buffer.flip());
            }
        }
        Sha256 actual = Sha256.fromBytes(md.digest());
        s.check(actual);
        return actual;
    }

    @Benchmark
    public ManifestEntry storeWriteFile(Source s, Fresh f) {
        ManifestEntry entry = s.store.write(s.location, s.source);
        s.check(entry.sha256());
        return entry;
    }

    @Benchmark
    public ManifestEntry storeWriteStream(Source s, Fresh f) throws IOException {
        try (InputStream in = Files.newInputStream(s.source)) {
            ManifestEntry entry = s.store.write(s.location, in);
            s.check(entry.sha256());
            return entry;
        }
    }

    @Benchmark
    public Sha256 storeReadVerified(Source s, Stored stored) throws IOException {
        MessageDigest md = Sha256.newDigest();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = s.store.open(s.location, s.expected)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                md.update(buffer, 0, n);
            }
        }
        Sha256 actual = Sha256.fromBytes(md.digest());
        s.check(actual);
        return actual;
    }

    @Benchmark
    public Sha256 storeDownloadVerified(Source s, Stored stored) throws IOException {
        try (InputStream in = s.store.open(s.location, s.expected);
                FileChannel out = FileChannel.open(s.copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            Sha256 actual = s.downloader.copy(in, out, false).sha256();
            s.check(actual);
            return actual;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
