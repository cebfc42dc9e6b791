package dev.mvm.s3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * S3Proxy 4.1.0 as a separate process ({@code java -jar}) with the filesystem backend and SigV4
 * authorization on, on a free loopback port. The jar is copied into {@code target/s3proxy} by the build and
 * named by the system property {@code s3proxy.jar}. A bucket is a directory of {@link #data()}. The
 * command line's tests use it too, from this module's test-jar.
 */
public final class S3ProxyServer implements AutoCloseable {
    /** The access key the server accepts. */
    public static final String IDENTITY = "mvm-identity";
    /** The secret key the server accepts. */
    public static final String CREDENTIAL = "mvm-credential-secret";

    private final Process process;
    private final URI endpoint;
    private final Path data;

    private S3ProxyServer(Process process, URI endpoint, Path data) {
        this.process = process;
        this.endpoint = endpoint;
        this.data = data;
    }

    /**
     * @param workDir where the server keeps its settings, log and data
     * @return the server, answering
     * @throws IOException if its files cannot be written
     * @throws InterruptedException if interrupted while waiting for it
     */
    public static S3ProxyServer start(Path workDir) throws IOException, InterruptedException {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar + "; the build copies it into target/s3proxy");
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path data = Files.createDirectories(workDir.resolve("data"));
        Path properties = workDir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""), StandardCharsets.UTF_8);
        Path log = workDir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar, "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyServer server = new S3ProxyServer(process, endpoint, data);
        server.awaitAnswering(Duration.ofSeconds(60), log);
        return server;
    }

    private void awaitAnswering(Duration limit, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return; // any HTTP answer (403 without credentials) means it is up
            } catch (IOException notYet) {
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS); // poll interval, ends early if it dies
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not answer at " + endpoint + " within " + limit + ":\n"
                + Files.readString(log));
    }

    /** @return the server's address */
    public URI endpoint() {
        return endpoint;
    }

    /** @return the filesystem backend: one directory per bucket */
    public Path data() {
        return data;
    }

    S3ArtifactStore.Builder store(String bucket) {
        return S3ArtifactStore.builder().bucket(bucket).endpoint(endpoint).pathStyle(true).region("us-east-1")
                .credentials(IDENTITY, CREDENTIAL).partSize(5L << 20).concurrency(4)
                .retries(2, Duration.ofMillis(10));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
