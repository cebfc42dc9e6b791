package dev.mvm.benchmarks.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.s3.Layout;
import dev.mvm.s3.S3ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Uploads and downloads one large file (1 GiB by default) against S3Mock on loopback, three ways in the same
 * run: the MVM S3 store (parallel parts, SHA-256 verified), the SDK's {@code S3TransferManager} on the Java
 * multipart async client (Netty), and a single-stream {@code PutObject}/{@code GetObject}. Prints medians
 * in MB/s (10^6 bytes per second) and the ratios, plus the CPU time the process spent per transfer, since
 * client and server share the machine's cores.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests} then
 * {@code ./mvnw -q -pl benchmarks exec:java -Dexec.mainClass=dev.mvm.benchmarks.s3.S3TransferBenchmark
 * -Dexec.args="1024 5"} (size in MiB, repetitions).
 */
public final class S3TransferBenchmark {
    private static final String BUCKET = "bench";
    private static final long MIB = 1024 * 1024;
    private static final long PART = 8 * MIB;
    private static final int CONCURRENCY = 8;

    private S3TransferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            // report and exit non-zero: S3Mock's non-daemon threads would otherwise keep the JVM alive
            System.err.println("S3 transfer benchmark failed: " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                System.err.println("  caused by: " + c);
            }
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        long sizeMib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("mvm-s3-bench");
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
        props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        props.put(S3MockApplication.PROP_SILENT, true);
        props.put("com.adobe.testing.s3mock.store.root", work.resolve("s3mock").toString());
        S3MockApplication server = S3MockApplication.start(props);
        URI endpoint = URI.create("http://127.0.0.1:" + server.getHttpPort());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"));

        Path source = work.resolve("model.bin");
        writeRandom(source, sizeMib * MIB);
        long size = Files.size(source);
        System.out.printf(Locale.ROOT, "file: %d MiB, part %d MiB, concurrency %d, %d repetitions, %d cores%n",
                sizeMib, PART / MIB, CONCURRENCY, reps, Runtime.getRuntime().availableProcessors());

        S3Client single = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(ApacheHttpClient.builder().expectContinueEnabled(false))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        single.createBucket(b -> b.bucket(BUCKET));
        S3AsyncClient async = S3AsyncClient.builder().endpointOverride(endpoint).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(CONCURRENCY * 2))
                .multipartEnabled(true)
                .multipartConfiguration(c -> c.minimumPartSizeInBytes(PART).thresholdInBytes(PART))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(async).build();
        // Without CRT, TransferManager downloads in parallel only through the multipart client, which fetches
        // by part number and needs Content-Range on those answers; where the server omits it (S3Mock does),
        // fall back to TransferManager over the plain async client (one stream), and say so.
        S3AsyncClient plainAsync = S3AsyncClient.builder().endpointOverride(endpoint).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(CONCURRENCY * 2))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        S3TransferManager tmDownloads = tm;
        String tmDownloadMode = "multipart client";
        try {
            Path probe = work.resolve("probe.bin");
            writeRandom(probe, 3 * PART);
            tm.uploadFile(u -> u.source(probe).putObjectRequest(p -> p.bucket(BUCKET).key("probe"))).completionFuture().join();
            Files.delete(probe);
            tm.downloadFile(d -> d.destination(probe).getObjectRequest(g -> g.bucket(BUCKET).key("probe")))
                    .completionFuture().join();
            Files.delete(probe);
        } catch (RuntimeException e) {
            tmDownloads = S3TransferManager.builder().s3Client(plainAsync).build();
            tmDownloadMode = "plain async client, one stream (multipart download failed: " + rootMessage(e) + ")";
        }
        S3TransferManager tmDown = tmDownloads;
        S3ArtifactStore store = S3ArtifactStore.builder().bucket(BUCKET).prefix("mvm").endpoint(endpoint)
                .pathStyle(true).credentials("k", "s").layout(Layout.VERSION_TREE).partSize(PART)
                .concurrency(CONCURRENCY).build();

        Map<String, List<double[]>> results = new LinkedHashMap<>();
        MessageDigest warm = Sha256.newDigest();
        double hashSeconds = time(() -> hash(source, warm))[0];
        for (int i = 0; i < reps; i++) {
            int rep = i;
            FileLocation loc = new FileLocation(ModelName.of("bench"), SemanticVersion.parse("1.0." + rep),
                    ArtifactPath.of("model.bin"));
            String storeKey = "mvm/bench/1.0." + rep + "/model.bin";
            // each rep writes a new version of new content so neither dedupe nor server-side copy applies
            byte[] marker = new byte[8];
            java.nio.ByteBuffer.wrap(marker).putLong(System.nanoTime());
            try (var ch = java.nio.channels.FileChannel.open(source, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(marker), 0);
            }
            ManifestEntry[] entry = new ManifestEntry[1];
            record("upload mvm-s3", results, time(() -> entry[0] = store.write(loc, source)));
            record("upload S3TransferManager", results, time(() -> tm.uploadFile(u -> u.source(source)
                    .putObjectRequest(p -> p.bucket(BUCKET).key("tm/" + rep))).completionFuture().join()));
            record("upload PutObject", results, time(() -> single.putObject(p -> p.bucket(BUCKET).key("single/" + rep),
                    RequestBody.fromFile(source))));

            Path out = work.resolve("out.bin");
            record("download mvm-s3 (verified)", results, time(() -> store.download(loc, entry[0].sha256(), out)));
            Files.delete(out);
            record("download S3TransferManager", results, time(() -> tmDown.downloadFile(d -> d.destination(out)
                    .getObjectRequest(g -> g.bucket(BUCKET).key("tm/" + rep))).completionFuture().join()));
            Files.delete(out);
            record("download GetObject", results, time(() -> single.getObject(g -> g.bucket(BUCKET).key("single/" + rep),
                    ResponseTransformer.toFile(out))));
            Files.delete(out);
            for (String key : List.of(storeKey, "tm/" + rep, "single/" + rep)) {
                single.deleteObject(d -> d.bucket(BUCKET).key(key));
            }
            System.out.printf(Locale.ROOT, "rep %d done%n", rep + 1);
        }

        System.out.printf(Locale.ROOT, "%nTransferManager downloads: %s%n", tmDownloadMode);
        System.out.printf(Locale.ROOT, "SHA-256 of the file alone: %.2f s (%.0f MB/s)%n", hashSeconds,
                size / 1e6 / hashSeconds);
        System.out.printf(Locale.ROOT, "%-30s %10s %10s %12s%n", "transfer", "median s", "MB/s", "CPU s/wall s");
        Map<String, Double> mbps = new LinkedHashMap<>();
        for (var e : results.entrySet()) {
            double seconds = median(e.getValue(), 0);
            double cpu = median(e.getValue(), 1);
            mbps.put(e.getKey(), size / 1e6 / seconds);
            System.out.printf(Locale.ROOT, "%-30s %10.2f %10.0f %12.2f%n", e.getKey(), seconds, size / 1e6 / seconds,
                    cpu / seconds);
        }
        System.out.printf(Locale.ROOT, "upload   mvm-s3 / TransferManager = %.2f, / PutObject = %.2f%n",
                mbps.get("upload mvm-s3") / mbps.get("upload S3TransferManager"),
                mbps.get("upload mvm-s3") / mbps.get("upload PutObject"));
        System.out.printf(Locale.ROOT, "download mvm-s3 / TransferManager = %.2f, / GetObject = %.2f%n",
                mbps.get("download mvm-s3 (verified)") / mbps.get("download S3TransferManager"),
                mbps.get("download mvm-s3 (verified)") / mbps.get("download GetObject"));

        store.close();
        tm.close();
        async.close();
        plainAsync.close();
        single.close();
        Files.deleteIfExists(source);
        server.stop();
        System.exit(0); // the embedded server leaves non-daemon threads behind
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private interface Transfer {
        void run() throws Exception;
    }

    /** @return wall seconds and process CPU seconds */
    private static double[] time(Transfer transfer) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        transfer.run();
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        return new double[] {(t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9};
    }

    private static void record(String name, Map<String, List<double[]>> results, double[] timing) {
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(timing);
    }

    private static double median(List<double[]> values, int index) {
        double[] sorted = values.stream().mapToDouble(v -> v[index]).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(42);
        byte[] buffer = new byte[(int) MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, size - written));
            }
        }
    }

    private static void hash(Path file, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[(int) MIB];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        digest.digest();
    }

}
